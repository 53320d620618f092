import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { safeNext, useCompleteSignIn } from '../auth/complete.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { FormProblem, problemField } from '../components/FormProblem.tsx';
import { GoogleSection } from '../components/GoogleSection.tsx';
import { PageTitle } from '../components/States.tsx';
import { type Problem, problemOf } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';

const SignUpDocument = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
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
  const [signUp, { loading }] = useMutation(SignUpDocument);
  const [problem, setProblem] = useState<Problem | null>(null);

  if (session.phase === 'signed-in' && !loading)
    return <Navigate to={safeNext(params.get('next'))} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(null);
    try {
      const { data } = await signUp({
        variables: {
          input: {
            name: String(form.get('name')),
            email: String(form.get('email')),
            password: String(form.get('password')),
          },
        },
      });
      if (data) complete(data.signUp);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  const invalid = problemField(problem);
  const next = params.get('next');
  return (
    <div className="page page--auth">
      <PageTitle>{t('auth.signUp.title')}</PageTitle>
      <div className="auth-card">
        <h1>{t('auth.signUp.title')}</h1>
        <form className="form" onSubmit={(e) => void onSubmit(e)}>
          <FormProblem problem={problem} context="signUp" />
          <div className="field">
            <label htmlFor="signup-name">{t('auth.name')}</label>
            <input
              id="signup-name"
              name="name"
              autoComplete="name"
              required
              maxLength={100}
              aria-invalid={invalid === 'name' || undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="signup-email">{t('auth.email')}</label>
            <input
              id="signup-email"
              name="email"
              type="email"
              autoComplete="email"
              required
              aria-invalid={invalid === 'email' || undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="signup-password">{t('auth.password')}</label>
            <input
              id="signup-password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={8}
              maxLength={128}
              aria-describedby="signup-password-hint"
              aria-invalid={invalid === 'password' || undefined}
            />
            <p id="signup-password-hint" className="hint">
              {t('auth.password.hint')}
            </p>
          </div>
          <button type="submit" className="button button--block" disabled={loading}>
            {loading ? t('auth.signUp.pending') : t('auth.signUp.submit')}
          </button>
        </form>
        <GoogleSection />
        <p className="auth-card__switch">
          {t('auth.signUp.hasAccount')}{' '}
          <Link to={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>{t('nav.logIn')}</Link>
        </p>
      </div>
    </div>
  );
}
