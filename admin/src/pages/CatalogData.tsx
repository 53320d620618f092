import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { ErrorState, Loading, type Notice, NoticeLine, noticeOf, PageTitle } from '../components/States.tsx';
import { errorMessage, formatNumber } from '../format.ts';

const CatalogDataQuery = graphql(`
  query AdminCatalogData {
    venues {
      id
      name
      nameEn
      city
      capacity
    }
    artists(first: 100) {
      id
      name
      nameEn
    }
    keywordMappings {
      id
      korean
      english
    }
  }
`);

const CreateVenueMutation = graphql(`
  mutation AdminCreateVenue($input: CreateVenueInput!) {
    createVenue(input: $input) {
      id
      name
    }
  }
`);

const CreateArtistMutation = graphql(`
  mutation AdminCreateArtist($input: CreateArtistInput!) {
    createArtist(input: $input) {
      id
      name
    }
  }
`);

const AddKeywordMutation = graphql(`
  mutation AdminAddKeywordMapping($input: KeywordMappingInput!) {
    addKeywordMapping(input: $input) {
      id
    }
  }
`);

const RemoveKeywordMutation = graphql(`
  mutation AdminRemoveKeywordMapping($id: ID!) {
    removeKeywordMapping(id: $id)
  }
`);

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const optional = (form: FormData, name: string) => text(form, name) || null;

/** What events are made of: venues and artists, and the Korean↔English words search treats as one. */
export function Component() {
  const [{ data, error }, refetch] = useQuery({
    query: CatalogDataQuery,
    requestPolicy: 'cache-and-network',
  });
  const [, createVenue] = useMutation(CreateVenueMutation);
  const [, createArtist] = useMutation(CreateArtistMutation);
  const [, addKeyword] = useMutation(AddKeywordMutation);
  const [, removeKeyword] = useMutation(RemoveKeywordMutation);
  const [notice, setNotice] = useState<Notice>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  /** Runs a form's mutation, says how it went, and clears the form once it worked. */
  const submitWith =
    (
      run: (form: FormData) => Promise<{ error?: Parameters<typeof noticeOf>[0] }>,
      done: (form: FormData) => string,
    ) =>
    async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const formElement = event.currentTarget;
      const form = new FormData(formElement);
      const result = await run(form);
      setNotice(noticeOf(result.error, done(form)));
      if (!result.error) formElement.reset();
      reload();
    };

  if (error && !data) return <ErrorState message={errorMessage(error)!} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div className="page">
      <PageTitle>공연장·아티스트</PageTitle>
      <h1>공연장·아티스트</h1>
      <NoticeLine notice={notice} />
      <div className="columns">
        <section className="card" aria-labelledby="venues-title">
          <h2 id="venues-title">공연장 ({formatNumber(data.venues.length)})</h2>
          <form
            className="form"
            aria-label="새 공연장"
            onSubmit={(e) =>
              void submitWith(
                (f) =>
                  createVenue({
                    input: {
                      name: text(f, 'name'),
                      nameEn: optional(f, 'nameEn'),
                      city: text(f, 'city'),
                      address: optional(f, 'address'),
                      capacity: text(f, 'capacity') ? Number(text(f, 'capacity')) : null,
                    },
                  }),
                (f) => `공연장 "${text(f, 'name')}"을(를) 추가했습니다.`,
              )(e)
            }
          >
            <label>
              이름
              <input name="name" required maxLength={200} />
            </label>
            <label>
              영문 이름 (선택)
              <input name="nameEn" maxLength={200} />
            </label>
            <label>
              도시
              <input name="city" required maxLength={100} placeholder="서울" />
            </label>
            <label>
              주소 (선택)
              <input name="address" maxLength={500} />
            </label>
            <label>
              좌석 수 (선택)
              <input name="capacity" type="number" min={1} max={1_000_000} />
            </label>
            <div className="actions">
              <button type="submit" className="button">
                공연장 추가
              </button>
            </div>
          </form>
          <ul className="plain-list">
            {data.venues.map((v) => (
              <li key={v.id}>
                {v.name} {v.nameEn && <span className="muted">({v.nameEn})</span>} · {v.city}
                {v.capacity != null && <span className="muted"> · {formatNumber(v.capacity)}석</span>}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="artists-title">
          <h2 id="artists-title">아티스트</h2>
          <form
            className="form"
            aria-label="새 아티스트"
            onSubmit={(e) =>
              void submitWith(
                (f) => createArtist({ input: { name: text(f, 'name'), nameEn: optional(f, 'nameEn') } }),
                (f) => `아티스트 "${text(f, 'name')}"을(를) 추가했습니다.`,
              )(e)
            }
          >
            <label>
              이름
              <input name="name" required maxLength={100} />
            </label>
            <label>
              영문 이름 (선택)
              <input name="nameEn" maxLength={100} />
            </label>
            <div className="actions">
              <button type="submit" className="button">
                아티스트 추가
              </button>
            </div>
          </form>
          <ul className="plain-list">
            {data.artists.map((a) => (
              <li key={a.id}>
                {a.name} {a.nameEn && <span className="muted">({a.nameEn})</span>}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="keywords-title">
          <h2 id="keywords-title">검색어 연결 (한↔영)</h2>
          <p className="muted">연결한 두 말은 검색에서 같은 말로 찾습니다 (예: 아이유 ↔ IU).</p>
          <form
            className="inline-form"
            aria-label="새 검색어 연결"
            onSubmit={(e) =>
              void submitWith(
                (f) => addKeyword({ input: { korean: text(f, 'korean'), english: text(f, 'english') } }),
                (f) => `"${text(f, 'korean')}" ↔ "${text(f, 'english')}"을(를) 연결했습니다.`,
              )(e)
            }
          >
            <label>
              한국어
              <input name="korean" required maxLength={100} />
            </label>
            <label>
              영어
              <input name="english" required maxLength={100} />
            </label>
            <button type="submit" className="button button--secondary">
              연결
            </button>
          </form>
          <ul className="plain-list">
            {data.keywordMappings.map((k) => (
              <li key={k.id}>
                {k.korean} ↔ {k.english}{' '}
                <button
                  type="button"
                  className="link-button"
                  aria-label={`${k.korean} ↔ ${k.english} 연결 해제`}
                  onClick={async () => {
                    const result = await removeKeyword({ id: k.id });
                    setNotice(noticeOf(result.error, `"${k.korean}" ↔ "${k.english}" 연결을 해제했습니다.`));
                    reload();
                  }}
                >
                  해제
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
