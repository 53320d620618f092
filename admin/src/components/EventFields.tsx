import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { koreanDateTime, localKoreanDateTime } from '../format.ts';
import { ArtistPicker, type PickedArtist } from './ArtistPicker.tsx';

const EventFieldOptionsQuery = graphql(`
  query EventFieldOptions {
    venues {
      id
      name
      city
    }
    categories
  }
`);

/** What the fields start with: an event's saved details, or nothing for a new one. */
export interface EventFieldValues {
  title: string;
  artists?: readonly PickedArtist[];
  titleEn?: string | null;
  description?: string | null;
  category: string;
  venue: { id: string };
  startsAt: string;
  saleStartsAt: string;
}

/** The details an event is created and edited with, as catalog takes them; times are entered in Korean time. */
export function EventFields({ values }: { values?: EventFieldValues }) {
  const [{ data }] = useQuery({ query: EventFieldOptionsQuery });
  const venues = data?.venues;
  return (
    <>
      <label>
        제목
        <input name="title" required maxLength={200} defaultValue={values?.title} />
      </label>
      <label>
        영문 제목 (선택)
        <input name="titleEn" maxLength={200} defaultValue={values?.titleEn ?? ''} />
      </label>
      <label>
        설명 (선택)
        <textarea name="description" rows={4} defaultValue={values?.description ?? ''} />
      </label>
      <label>
        분류
        <input
          name="category"
          required
          list="categories"
          placeholder="concert"
          defaultValue={values?.category}
        />
        <datalist id="categories">
          {data?.categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      <label>
        공연장
        {/* Mounted again once the venues are known, so the saved venue is the one selected. */}
        <select
          key={venues ? 'venues' : 'loading'}
          name="venueId"
          required
          disabled={!venues}
          defaultValue={values?.venue.id ?? ''}
        >
          <option value="" disabled>
            선택하세요
          </option>
          {venues?.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.city})
            </option>
          ))}
        </select>
      </label>
      <ArtistPicker initial={values?.artists ?? []} />
      <label>
        공연 일시 (한국 시간)
        <input
          name="startsAt"
          type="datetime-local"
          required
          defaultValue={values ? localKoreanDateTime(values.startsAt) : undefined}
        />
      </label>
      <label>
        예매 시작 (한국 시간)
        <input
          name="saleStartsAt"
          type="datetime-local"
          required
          defaultValue={values ? localKoreanDateTime(values.saleStartsAt) : undefined}
        />
      </label>
    </>
  );
}

/** The fields' values as catalog's event input (empty optional texts cleared). */
export function eventFieldInput(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return {
    title: text('title'),
    titleEn: text('titleEn') || null,
    description: text('description') || null,
    category: text('category'),
    venueId: text('venueId'),
    artistIds: form.getAll('artistIds').map(String),
    startsAt: koreanDateTime(text('startsAt')),
    saleStartsAt: koreanDateTime(text('saleStartsAt')),
  };
}
