import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { safeNext, useCompleteSignIn } from '../auth/complete.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { GoogleSection } from '../components/GoogleSection.tsx';
import { PageTitle } from '../components/States.tsx';
import { type Problem, problemOf } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';

const LogInDocument = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

export function Component() {
  const { t } = useI18n();
  const session = useSessionState();
  const [params] = useSearchParams();
  const complete = useCompleteSignIn();
  const [logIn, { loading }] = useMutation(LogInDocument);
  const [problem, setProblem] = useState<Problem | null>(null);

  if (session.phase === 'signed-in' && !loading)
    return <Navigate to={safeNext(params.get('next'))} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(null);
    try {
      const { data } = await logIn({
        variables: { input: { email: String(form.get('email')), password: String(form.get('password')) } },
      });
      if (data) complete(data.logIn);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  const next = params.get('next');
  return (
    <div className="page page--auth">
      <PageTitle>{t('auth.logIn.title')}</PageTitle>
      <div className="auth-card">
        <h1>{t('auth.logIn.title')}</h1>
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate={false}>
          <FormProblem problem={problem} context="logIn" />
          <div className="field">
            <label htmlFor="login-email">{t('auth.email')}</label>
            <input id="login-email" name="email" type="email" autoComplete="email" required />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('auth.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
            />
          </div>
          <button type="submit" className="button button--block" disabled={loading}>
            {loading ? t('auth.logIn.pending') : t('auth.logIn.submit')}
          </button>
        </form>
        <GoogleSection />
        <p className="auth-card__switch">
          {t('auth.logIn.noAccount')}{' '}
          <Link to={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>{t('nav.signUp')}</Link>
        </p>
      </div>
    </div>
  );
}
