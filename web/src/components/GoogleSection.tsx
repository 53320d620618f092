import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../__generated__/index.ts';
import { useApp } from '../app-context.ts';
import { useCompleteSignIn } from '../auth/complete.ts';
import { type Problem, problemOf } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { FormProblem } from './FormProblem.tsx';
import { GoogleSignIn } from './GoogleSignIn.tsx';

const LogInWithGoogleDocument = graphql(`
  mutation LogInWithGoogle($idToken: String!) {
    logInWithGoogle(idToken: $idToken) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

/** "or continue with Google", when a Google client id is configured; nothing otherwise. */
export function GoogleSection() {
  const { config } = useApp();
  const { t } = useI18n();
  const complete = useCompleteSignIn();
  const [logInWithGoogle, { loading }] = useMutation(LogInWithGoogleDocument);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (!config.googleClientId) return null;

  const onCredential = async (idToken: string) => {
    setProblem(null);
    try {
      const { data } = await logInWithGoogle({ variables: { idToken } });
      if (data) complete(data.logInWithGoogle);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <div className="google">
      <p className="divider">
        <span>{t('auth.or')}</span>
      </p>
      <FormProblem problem={problem} context="google" />
      {loading && <p className="hint">{t('auth.google.pending')}</p>}
      <GoogleSignIn clientId={config.googleClientId} onCredential={(token) => void onCredential(token)} />
    </div>
  );
}
