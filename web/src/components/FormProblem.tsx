import { useEffect, useRef } from 'react';
import { describeProblem, type Problem, type ProblemContext } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';

/** The form's error summary: announced, and focused so keyboard users land on it. */
export function FormProblem({ problem, context }: { problem: Problem | null; context: ProblemContext }) {
  const i18n = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  return (
    <div ref={ref} className="form-problem" role="alert" tabIndex={-1}>
      {describeProblem(problem, i18n, context)}
    </div>
  );
}

/** The field a BAD_USER_INPUT points at, if any. */
export const problemField = (problem: Problem | null): string | null =>
  problem?.kind === 'api' && problem.code === 'BAD_USER_INPUT' ? (problem.field ?? null) : null;
