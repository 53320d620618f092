import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';

const ArtistSearchQuery = graphql(`
  query ArtistSearch($query: String) {
    artists(query: $query, first: 20) {
      id
      name
      nameEn
    }
  }
`);

export interface PickedArtist {
  id: string;
  name: string;
}

/**
 * The line-up, headliner first: search artists (Korean or English), add them in billing order, remove any. The
 * choice goes with the form as `artistIds` fields, in order.
 */
export function ArtistPicker({ initial = [] }: { initial?: readonly PickedArtist[] }) {
  const [picked, setPicked] = useState<PickedArtist[]>([...initial]);
  const [text, setText] = useState('');
  const [{ data }] = useQuery({ query: ArtistSearchQuery, variables: { query: text.trim() || null } });
  const offered = (data?.artists ?? []).filter((a) => !picked.some((p) => p.id === a.id));
  return (
    <fieldset className="artist-picker">
      <legend>출연 아티스트 (첫 번째가 헤드라이너)</legend>
      <ol className="chips" aria-label="출연 순서">
        {picked.map((artist) => (
          <li key={artist.id}>
            <input type="hidden" name="artistIds" value={artist.id} />
            {artist.name}
            <button
              type="button"
              aria-label={`${artist.name} 빼기`}
              onClick={() => setPicked((all) => all.filter((a) => a.id !== artist.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <label>
        아티스트 검색
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="아이유, IU …"
        />
      </label>
      <ul className="chips chips--offer" aria-label="검색 결과">
        {offered.map((artist) => (
          <li key={artist.id}>
            <button
              type="button"
              aria-label={`${artist.name} 추가`}
              onClick={() => setPicked((all) => [...all, { id: artist.id, name: artist.name }])}
            >
              + {artist.name}
              {artist.nameEn && ` (${artist.nameEn})`}
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
