import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { useSession, useSessionState } from '../App.tsx';
import { LogOutMutation } from '../components/Layout.tsx';
import { PageTitle } from '../components/States.tsx';
import { errorMessage } from '../format.ts';

const AdminLogInMutation = graphql(`
  mutation AdminLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
      expiresIn
      user {
        id
        role
      }
    }
  }
`);

/** Only a path inside this app: `next` comes from the address bar. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function Component() {
  const session = useSession();
  const state = useSessionState();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, logIn] = useMutation(AdminLogInMutation);
  const [, logOut] = useMutation(LogOutMutation);
  const next = safeNext(params.get('next'));

  if (state.phase !== 'anonymous' && !fetching) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    const form = new FormData(event.currentTarget);
    const result = await logIn({
      input: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
    });
    const payload = result.data?.logIn;
    if (!payload) {
      setProblem(errorMessage(result.error) ?? '로그인하지 못했습니다.');
      return;
    }
    // Door staff are buyers' accounts the admin named for an event: they may open the scanner, nothing else.
    if (payload.user.role !== 'ADMIN' && !next.startsWith('/scan/')) {
      // Not kept: this console is for admins only. The server would refuse every admin operation anyway.
      await logOut({ refreshToken: payload.refreshToken });
      setProblem('관리자 계정이 아닙니다. 관리자 계정으로 로그인하세요.');
      return;
    }
    session.begin(payload);
    await navigate(next, { replace: true });
  };

  return (
    <div className="page page--narrow login">
      <PageTitle>로그인</PageTitle>
      <h1>TIKETI 관리자 로그인</h1>
      <form onSubmit={(e) => void submit(e)} className="form">
        <label>
          이메일
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          비밀번호
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {problem && (
          <p className="form__error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button" disabled={fetching}>
          {fetching ? '로그인 중…' : '로그인'}
        </button>
      </form>
    </div>
  );
}
