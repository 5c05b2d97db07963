/** What an admin action said: a quiet status when it worked, an alert in the error colour when it was refused. */
export interface Outcome {
  text: string;
  error: boolean;
}

export function OutcomeNotice({ outcome, testId }: { outcome: Outcome | null; testId?: string }) {
  if (!outcome) return null;
  return (
    <p
      className={outcome.error ? 'notice notice-error' : 'notice'}
      role={outcome.error ? 'alert' : 'status'}
      data-testid={testId}
    >
      {outcome.text}
    </p>
  );
}
