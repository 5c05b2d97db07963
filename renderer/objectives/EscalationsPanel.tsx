import { readEscalations, useReload } from './objectives-data.ts';

/** The dashboard's escalations: each risk an escalation rule fires for, with the rule and where it goes. */
export function EscalationsPanel() {
  const { data, error } = useReload(readEscalations);
  if (error) {
    return (
      <p className="notice notice-error" role="alert">
        {error}
      </p>
    );
  }
  if (!data || data.length === 0) return null;
  return (
    <section className="lh-section" aria-label="Escalations" data-testid="escalations">
      <h2>Escalations</h2>
      <ul>
        {data.map((f) => (
          <li key={`${f.riskId}-${f.ruleId}`} data-testid="escalation">
            <strong>{f.ref}</strong> {f.then === 'escalate' ? 'Escalate' : 'Propose de-escalation'} to {f.to}:{' '}
            {f.label}. <span className="muted">{f.because}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
