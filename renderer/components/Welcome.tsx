import type { RegisterStatus } from '../../shared/domain.ts';
import { onboard } from '../actions/register-actions.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { BandKeyTable } from './BandKeyTable.tsx';

/** First run of a new register: what a risk register is for, and a choice of how to begin. */
export function Welcome({ status }: { status: RegisterStatus }) {
  const busy = useRegisterStore((s) => s.busy);
  const error = useRegisterStore((s) => s.error);
  return (
    <main className="welcome" data-testid="welcome">
      <h1>{status.settings.name}</h1>
      <p className="lead">Your new register is ready. Here is what it is for, and two ways to begin.</p>
      <section className="welcome-section">
        <h2>What a risk register is for</h2>
        <p>
          A risk register lists the things that could stop your organisation achieving its objectives, so that
          they are seen, owned and managed before they happen.
        </p>
        <ul>
          <li>
            Each risk has an <strong>impact</strong> (1 Negligible to 5 Severe) and a{' '}
            <strong>likelihood</strong> (1 Rare to 5 Almost certain). Its score is impact × likelihood, from 1
            to 25.
          </li>
          <li>The score puts the risk in a band, and the band says what management action it needs.</li>
          <li>
            Each risk names its owners and the mitigation in place. The register goes to the senior management
            team and the board, who look at the heatmap and what moved.
          </li>
        </ul>
        <BandKeyTable bandKey={status.settings.key} />
      </section>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="choices">
        <div className="choice">
          <button
            type="button"
            className="primary"
            disabled={busy}
            data-testid="load-sample"
            onClick={() => void onboard('sample')}
          >
            Load the LGA sample register (19 risks)
          </button>
          <p className="hint">
            The Local Government Association’s published strategic risk register, April 2019: a real register
            to try scoring, the table and the heatmap on.
          </p>
        </div>
        <div className="choice">
          <button
            type="button"
            disabled={busy}
            data-testid="start-empty"
            onClick={() => void onboard('empty')}
          >
            Start empty
          </button>
          <p className="hint">Begin with no risks and add your own.</p>
        </div>
      </div>
    </main>
  );
}
