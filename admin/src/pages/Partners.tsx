import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { ApiScope } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import {
  Empty,
  ErrorState,
  Loading,
  type Notice,
  NoticeLine,
  noticeOf,
  PageTitle,
} from '../components/States.tsx';
import { errorMessage, formatDateTime, formatNumber } from '../format.ts';

const ApiKeysQuery = graphql(`
  query AdminApiKeys {
    apiKeys {
      id
      name
      prefix
      scopes
      ratePerMinute
      createdAt
      revokedAt
    }
  }
`);

const CreateApiKeyMutation = graphql(`
  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
        name
      }
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation AdminRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

const SCOPES: { scope: ApiScope; label: string }[] = [
  { scope: 'EVENTS_READ', label: '이벤트 조회 (이벤트, 아티스트, 공연장, 분류)' },
  { scope: 'AVAILABILITY_READ', label: '좌석 현황과 가격' },
  { scope: 'NEWS_READ', label: '소식' },
];
const SCOPE_LABEL = Object.fromEntries(SCOPES.map((s) => [s.scope, s.label])) as Record<ApiScope, string>;

/** Partner API keys: who may read the public graph, what, and how fast. A secret is shown once, when made. */
export function Component() {
  const [{ data, error }, refetch] = useQuery({ query: ApiKeysQuery, requestPolicy: 'cache-and-network' });
  const [creating, create] = useMutation(CreateApiKeyMutation);
  const [, revoke] = useMutation(RevokeApiKeyMutation);
  const [notice, setNotice] = useState<Notice>(null);
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setIssued(null);
    const result = await create({
      input: {
        name: String(form.get('name') ?? '').trim(),
        scopes: form.getAll('scopes').map(String) as ApiScope[],
        ratePerMinute: Number(form.get('ratePerMinute')),
      },
    });
    const created = result.data?.createApiKey;
    if (!created) {
      setNotice({ kind: 'error', text: errorMessage(result.error) ?? 'API 키를 만들지 못했습니다.' });
      return;
    }
    setNotice(null);
    setIssued({ name: created.apiKey.name, secret: created.secret });
    formElement.reset();
    reload();
  };
  const revokeKey = async (id: string, name: string) => {
    if (!window.confirm(`"${name}" 키를 폐기할까요? 이 키로 오는 요청은 곧바로 거절됩니다.`)) return;
    const result = await revoke({ id });
    setNotice(noticeOf(result.error, `"${name}" 키를 폐기했습니다.`));
    reload();
  };

  const keys = data?.apiKeys;
  return (
    <div className="page">
      <PageTitle>파트너 API</PageTitle>
      <h1>파트너 API 키</h1>
      <p className="muted">
        파트너는 <code>X-API-Key</code> 헤더에 키를 넣어 라우터의 공개 그래프를 읽습니다. 키마다 읽을 수 있는
        범위와 분당 요청 수가 정해집니다.
      </p>
      <section className="card" aria-labelledby="new-key-title">
        <h2 id="new-key-title">새 키 발급</h2>
        <form className="form" onSubmit={(e) => void submit(e)}>
          <label>
            이름 (누구에게 주는 키인지)
            <input name="name" required maxLength={100} />
          </label>
          <fieldset>
            <legend>범위</legend>
            {SCOPES.map(({ scope, label }) => (
              <label key={scope} className="check">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'EVENTS_READ'} />
                {label}
              </label>
            ))}
          </fieldset>
          <label>
            분당 요청 수
            <input name="ratePerMinute" type="number" required min={1} max={100_000} defaultValue={600} />
          </label>
          <div className="actions">
            <button type="submit" className="button" disabled={creating.fetching}>
              {creating.fetching ? '발급 중…' : '키 발급'}
            </button>
          </div>
        </form>
        {issued && (
          <div className="secret" role="status">
            <p>"{issued.name}" 키입니다. 지금 복사해 파트너에게 전달하세요. 다시 볼 수 없습니다.</p>
            <output data-testid="api-key-secret">{issued.secret}</output>
          </div>
        )}
      </section>
      <NoticeLine notice={notice} />
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">발급된 키</h2>
        {error && !keys ? (
          <ErrorState message={errorMessage(error)!} onRetry={reload} />
        ) : !keys ? (
          <Loading />
        ) : keys.length === 0 ? (
          <Empty>발급된 키가 없습니다.</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">이름</th>
                <th scope="col">키 앞부분</th>
                <th scope="col">범위</th>
                <th scope="col">분당 요청</th>
                <th scope="col">발급</th>
                <th scope="col">상태</th>
                <th scope="col">
                  <span className="visually-hidden">작업</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.scopes.map((s) => SCOPE_LABEL[s]).join(', ')}</td>
                  <td className="num">{formatNumber(key.ratePerMinute)}</td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>{key.revokedAt ? `폐기됨 (${formatDateTime(key.revokedAt)})` : '사용 중'}</td>
                  <td>
                    {!key.revokedAt && (
                      <button
                        type="button"
                        className="button button--danger"
                        aria-label={`${key.name} 키 폐기`}
                        onClick={() => void revokeKey(key.id, key.name)}
                      >
                        폐기
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
