import { useApolloClient, useMutation } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { safeNext, useCompleteSignIn } from '../auth/complete.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { FormProblem, problemField } from '../components/FormProblem.tsx';
import { GoogleSection } from '../components/GoogleSection.tsx';
import { PageTitle } from '../components/States.tsx';
import { type Problem, problemOf } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { CHALLENGE_CODES, prepareSignUpProof, takeSignUpProof } from '../pow/proof-of-work.ts';

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
  const [checking, setChecking] = useState(false);
  const client = useApolloClient();

  // The device check is solved in a Web Worker while the visitor fills in the form.
  useEffect(() => {
    if (session.phase === 'anonymous') void prepareSignUpProof(client).catch(() => undefined);
  }, [client, session.phase]);

  if (session.phase === 'signed-in' && !loading)
    return <Navigate to={safeNext(params.get('next'))} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setProblem(null);
    const attempt = async () => {
      setChecking(true);
      const proof = await takeSignUpProof(client).finally(() => setChecking(false));
      const input = {
        name: String(form.get('name')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        proof,
      };
      return signUp({ variables: { input } });
    };
    try {
      let result: Awaited<ReturnType<typeof attempt>>;
      try {
        result = await attempt();
      } catch (error) {
        // A proof that went stale while the form was filled in: one fresh check, then the answer stands.
        const first = problemOf(error);
        if (first.kind !== 'api' || !CHALLENGE_CODES.has(first.code)) throw error;
        result = await attempt();
      }
      if (result.data) complete(result.data.signUp);
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
          <button type="submit" className="button button--block" disabled={loading || checking}>
            {checking
              ? t('auth.signUp.checking')
              : loading
                ? t('auth.signUp.pending')
                : t('auth.signUp.submit')}
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
