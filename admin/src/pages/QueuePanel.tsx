import { type FormEvent, useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { QueueMode } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { BuyerPicker, type PickedUser } from '../components/BuyerPicker.tsx';
import { ErrorState, Loading, type Notice, NoticeLine, noticeOf } from '../components/States.tsx';
import { errorMessage, formatDateTime, formatNumber } from '../format.ts';
import { usePolling } from '../hooks.ts';
import { MODE_LABEL } from './labels.ts';

const QueueStatsQuery = graphql(`
  query AdminQueueStats($eventId: ID!) {
    queueStats(eventId: $eventId) {
      eventId
      status {
        enabled
        paused
        waiting
        mode
        capacity
        activeShoppers
      }
      inLine
      preQueue
      admittedLastMinute
      admissionRate
      oldestWaitSeconds
      saleOpensAt
    }
  }
`);

const ConfigureQueueMutation = graphql(`
  mutation AdminConfigureQueue($eventId: ID!, $input: QueueConfigInput!) {
    configureQueue(eventId: $eventId, input: $input) {
      enabled
      paused
      mode
      capacity
    }
  }
`);

const ForceAdmitMutation = graphql(`
  mutation AdminForceAdmit($eventId: ID!, $userId: ID!) {
    forceAdmit(eventId: $eventId, userId: $userId) {
      state
      expiresAt
    }
  }
`);

const MODES: QueueMode[] = ['AUTO', 'ON', 'OFF'];

/** The event's waiting room, live (every 2 s): its numbers, and the admin's controls over it. */
export function QueuePanel({ eventId }: { eventId: string }) {
  const [{ data, error }, refetch] = useQuery({
    query: QueueStatsQuery,
    variables: { eventId },
    requestPolicy: 'cache-and-network',
  });
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  usePolling(reload, 2_000);
  const [configuring, configure] = useMutation(ConfigureQueueMutation);
  const [admitting, admit] = useMutation(ForceAdmitMutation);
  const [notice, setNotice] = useState<Notice>(null);

  const stats = data?.queueStats;
  const apply = async (input: { mode?: QueueMode; paused?: boolean; capacity?: number }, done: string) => {
    const result = await configure({ eventId, input });
    setNotice(noticeOf(result.error, done));
    reload();
  };
  const saveSettings = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void apply(
      { mode: form.get('mode') as QueueMode, capacity: Number(form.get('capacity')) },
      '대기열 설정을 저장했습니다.',
    );
  };
  const [admittee, setAdmittee] = useState<PickedUser | null>(null);
  const forceAdmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!admittee) return;
    const result = await admit({ eventId, userId: admittee.id });
    if (result.error) {
      setNotice({ kind: 'error', text: errorMessage(result.error)! });
    } else {
      setNotice({ kind: 'ok', text: `${admittee.name} (${admittee.email}) 회원을 입장시켰습니다.` });
      setAdmittee(null);
    }
    reload();
  };

  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">대기열</h2>
      {error && !stats ? (
        <ErrorState message={errorMessage(error)!} onRetry={reload} />
      ) : !stats ? (
        <Loading />
      ) : (
        <>
          <dl className="facts" data-testid="queue-facts">
            <div>
              <dt>상태</dt>
              <dd data-testid="queue-state">
                {stats.status.enabled ? '켜짐' : '꺼짐'}
                {stats.status.paused ? ' · 입장 일시정지' : ''}
              </dd>
            </div>
            <div>
              <dt>대기 중</dt>
              <dd>
                {formatNumber(stats.inLine)}명 (사전 대기 {formatNumber(stats.preQueue)}명)
              </dd>
            </div>
            <div>
              <dt>쇼핑 중 / 정원</dt>
              <dd data-testid="queue-active">
                {formatNumber(stats.status.activeShoppers)} / {formatNumber(stats.status.capacity)}
              </dd>
            </div>
            <div>
              <dt>최근 1분 입장</dt>
              <dd>
                {formatNumber(stats.admittedLastMinute)}명
                {stats.admissionRate != null && ` (초당 ${stats.admissionRate.toFixed(1)}명)`}
              </dd>
            </div>
            <div>
              <dt>가장 오래 기다린 시간</dt>
              <dd>{stats.oldestWaitSeconds != null ? `${formatNumber(stats.oldestWaitSeconds)}초` : '—'}</dd>
            </div>
            <div>
              <dt>판매 시작</dt>
              <dd>{stats.saleOpensAt ? formatDateTime(stats.saleOpensAt) : '—'}</dd>
            </div>
          </dl>

          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={configuring.fetching}
              onClick={() =>
                void apply(
                  { paused: !stats.status.paused },
                  stats.status.paused ? '입장을 재개했습니다.' : '입장을 일시정지했습니다.',
                )
              }
            >
              {stats.status.paused ? '입장 재개' : '입장 일시정지'}
            </button>
          </div>

          {/* Keyed by the saved values: the form shows what the server has after every save. */}
          <form
            key={`${stats.status.mode}-${stats.status.capacity}`}
            className="inline-form"
            onSubmit={saveSettings}
          >
            <label>
              모드
              <select name="mode" defaultValue={stats.status.mode}>
                {MODES.map((mode) => (
                  <option key={mode} value={mode}>
                    {MODE_LABEL[mode]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              정원 (동시 쇼핑)
              <input name="capacity" type="number" min={1} required defaultValue={stats.status.capacity} />
            </label>
            <button type="submit" className="button button--secondary" disabled={configuring.fetching}>
              설정 저장
            </button>
          </form>

          <form className="inline-form" aria-label="바로 입장" onSubmit={(e) => void forceAdmit(e)}>
            <BuyerPicker picked={admittee} onPick={setAdmittee} />
            <button
              type="submit"
              className="button button--secondary"
              disabled={admitting.fetching || !admittee}
            >
              바로 입장
            </button>
          </form>
        </>
      )}
      <NoticeLine notice={notice} />
    </section>
  );
}
