import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import type { CombinedError } from 'urql';
import { errorMessage } from '../format.ts';

/** Sets the document title (React 19 hoists <title> into <head>). */
export function PageTitle({ children }: { children: string }) {
  return <title>{`${children} · TIKETI 관리자`}</title>;
}

export function Loading({ label = '불러오는 중…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      {label}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="state state--error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          다시 시도
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state--empty">{children}</p>;
}

export function NotFound() {
  return (
    <div className="page">
      <PageTitle>찾을 수 없음</PageTitle>
      <h1>페이지를 찾을 수 없습니다</h1>
      <Link to="/">대시보드로</Link>
    </div>
  );
}

export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return (
    <div className="page">
      <PageTitle>오류</PageTitle>
      <h1>문제가 생겼습니다</h1>
      <p>페이지를 표시하지 못했습니다. 새로 고침하거나 대시보드로 돌아가세요.</p>
      <Link to="/">대시보드로</Link>
    </div>
  );
}

/** What came of an admin's action: done, or refused in the server's words. */
export type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** `done` unless the request failed. */
export const noticeOf = (error: CombinedError | undefined, done: string): Notice =>
  error ? { kind: 'error', text: errorMessage(error)! } : { kind: 'ok', text: done };

/** Read out when it appears: politely when done, at once when refused. */
export function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <p
      className={notice.kind === 'ok' ? 'notice' : 'form__error'}
      role={notice.kind === 'ok' ? 'status' : 'alert'}
    >
      {notice.text}
    </p>
  );
}
