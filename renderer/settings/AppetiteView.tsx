import type { FormEvent } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { AppetiteLevel, AppetiteMapping } from '../../shared/appetite.ts';
import {
  APPETITE_LEVEL_LABELS,
  APPETITE_LEVELS,
  checkAppetiteMapping,
  describeLimits,
} from '../../shared/appetite.ts';
import { ukDate } from '../../shared/actions.ts';
import type { AppetiteOverview } from '../../shared/contract/appetite.ts';
import { APPETITE_STATEMENT_MAX } from '../../shared/contract/limits.ts';
import type { CategoryRecord } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { markSaved } from '../actions/view-actions.ts';
import type { Outcome } from '../components/OutcomeNotice.tsx';
import { OutcomeNotice } from '../components/OutcomeNotice.tsx';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { useLeadershipStore } from '../leadership/leadership-store.ts';
import { AppetiteTable } from './AppetiteTable.tsx';

type LevelChoice = AppetiteLevel | 'none' | 'custom';

function choiceOf(c: CategoryRecord): LevelChoice {
  return c.appetiteLevel ?? (c.appetite !== null ? 'custom' : 'none');
}

/** One category: its level with a reason, and the statement the board approved with the date. */
function CategoryAppetite({
  category,
  readOnly,
  onSaved,
}: {
  category: CategoryRecord;
  readOnly: boolean;
  onSaved: (c: CategoryRecord) => void;
}) {
  const [level, setLevel] = useState<LevelChoice>(choiceOf(category));
  const [statement, setStatement] = useState(category.appetiteStatement);
  const [approved, setApproved] = useState(category.appetiteApproved ?? '');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Saved here or in another window: show the category as it now is.
  const [shown, setShown] = useState(category);
  if (shown !== category) {
    setShown(category);
    setLevel(choiceOf(category));
    setStatement(category.appetiteStatement);
    setApproved(category.appetiteApproved ?? '');
  }

  const levelChanged = level !== choiceOf(category) && level !== 'custom';
  const statementChanged =
    statement.trim() !== category.appetiteStatement || (approved || null) !== category.appetiteApproved;
  const slug = category.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const why = reason.trim() || undefined;
    try {
      let now = category;
      if (levelChanged) {
        now = await call('appetite:set-level', {
          categoryId: category.id,
          level: level === 'none' ? null : (level as AppetiteLevel),
          reason: why,
        });
      }
      if (statementChanged) {
        now = await call('appetite:set-statement', {
          categoryId: category.id,
          statement: statement.trim(),
          approved: approved || null,
          reason: why,
        });
      }
      setReason('');
      setOutcome({
        text: `Saved ${category.name}. The change is recorded in the audit trail.`,
        error: false,
      });
      markSaved();
      onSaved(now);
    } catch (err) {
      setOutcome({ text: messageOf(err), error: true });
    }
  };

  return (
    <form
      className="appetite-category"
      aria-label={`${category.name} appetite`}
      data-testid={`appetite-category-${slug}`}
      onSubmit={(e) => void save(e)}
    >
      <h3>{category.name}</h3>
      <p className="hint" data-testid={`appetite-limits-${slug}`}>
        {category.appetite === null
          ? 'No appetite set: its risks have no appetite status.'
          : describeLimits({
              level: category.appetiteLevel,
              appetite: category.appetite,
              tolerance: category.tolerance ?? category.appetite,
            })}
        {category.appetiteApproved ? ` · statement approved ${ukDate(category.appetiteApproved)}` : ''}
      </p>
      <label className="field">
        <span className="field-label">Appetite level</span>
        <select
          value={level}
          disabled={readOnly}
          data-testid={`appetite-level-${slug}`}
          onChange={(e) => setLevel(e.target.value as LevelChoice)}
        >
          <option value="none">None</option>
          {choiceOf(category) === 'custom' && (
            <option value="custom">Custom threshold ({category.appetite})</option>
          )}
          {APPETITE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {APPETITE_LEVEL_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Appetite statement, as the board approved it</span>
        <textarea
          rows={3}
          maxLength={APPETITE_STATEMENT_MAX}
          value={statement}
          disabled={readOnly}
          data-testid={`appetite-statement-${slug}`}
          onChange={(e) => setStatement(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">
          Date approved <span className="optional">(optional)</span>
        </span>
        <input
          type="date"
          value={approved}
          disabled={readOnly}
          data-testid={`appetite-approved-${slug}`}
          onChange={(e) => setApproved(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">
          Reason for the change <span className="optional">(optional; recorded in the history)</span>
        </span>
        <input
          className="input"
          type="text"
          value={reason}
          disabled={readOnly}
          data-testid={`appetite-reason-${slug}`}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <p>
        <button
          type="submit"
          disabled={readOnly || (!levelChanged && !statementChanged)}
          data-testid={`appetite-save-${slug}`}
        >
          Save {category.name}
        </button>
      </p>
      <OutcomeNotice outcome={outcome} testId={`appetite-outcome-${slug}`} />
    </form>
  );
}

/** The register's mapping of levels to an appetite threshold and a tolerance, checked as it is typed. */
function MappingEditor({
  saved,
  readOnly,
  onSaved,
}: {
  saved: AppetiteMapping;
  readOnly: boolean;
  onSaved: (m: AppetiteMapping) => void;
}) {
  const toText = (m: AppetiteMapping) =>
    Object.fromEntries(
      APPETITE_LEVELS.map((l) => [l, { appetite: String(m[l].appetite), tolerance: String(m[l].tolerance) }]),
    ) as Record<AppetiteLevel, { appetite: string; tolerance: string }>;
  const [draft, setDraft] = useState(() => toText(saved));
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [shown, setShown] = useState(saved);
  if (shown !== saved) {
    setShown(saved);
    setDraft(toText(saved));
  }

  const parsed = Object.fromEntries(
    APPETITE_LEVELS.map((l) => [
      l,
      { appetite: Number(draft[l].appetite || NaN), tolerance: Number(draft[l].tolerance || NaN) },
    ]),
  ) as AppetiteMapping;
  const problems = checkAppetiteMapping(parsed);
  const changed = APPETITE_LEVELS.some(
    (l) => parsed[l].appetite !== saved[l].appetite || parsed[l].tolerance !== saved[l].tolerance,
  );

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length || !changed) return;
    try {
      const next = await call('appetite:set-mapping', { levels: parsed, reason: reason.trim() || undefined });
      setReason('');
      setOutcome({
        text: 'Saved the appetite levels. Every risk is judged against them now; the change is recorded in the audit trail.',
        error: false,
      });
      markSaved();
      onSaved(next);
    } catch (err) {
      setOutcome({ text: messageOf(err), error: true });
    }
  };

  const edit = (level: AppetiteLevel, which: 'appetite' | 'tolerance', value: string) =>
    setDraft((d) => ({ ...d, [level]: { ...d[level], [which]: value } }));

  return (
    <form aria-label="Appetite levels" data-testid="appetite-mapping" onSubmit={(e) => void save(e)}>
      <table className="criteria-table appetite-mapping">
        <caption>What each level means in this register: scores 1–25</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Within appetite: score up to</th>
            <th scope="col">Within tolerance: score up to</th>
          </tr>
        </thead>
        <tbody>
          {APPETITE_LEVELS.map((l) => (
            <tr key={l}>
              <th scope="row">{APPETITE_LEVEL_LABELS[l]}</th>
              {(['appetite', 'tolerance'] as const).map((which) => (
                <td key={which}>
                  <input
                    type="number"
                    min={1}
                    max={25}
                    step={1}
                    inputMode="numeric"
                    aria-label={`${APPETITE_LEVEL_LABELS[l]} ${which}`}
                    data-testid={`mapping-${l}-${which}`}
                    value={draft[l][which]}
                    disabled={readOnly}
                    onChange={(e) => edit(l, which, e.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > 0 && (
        <ul className="notice notice-error" data-testid="mapping-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <label className="field">
        <span className="field-label">
          Reason for the change <span className="optional">(optional; recorded in the history)</span>
        </span>
        <input
          className="input"
          type="text"
          value={reason}
          disabled={readOnly}
          data-testid="mapping-reason"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <p>
        <button
          type="submit"
          disabled={readOnly || !changed || problems.length > 0}
          data-testid="mapping-save"
        >
          Save the levels
        </button>{' '}
        <button
          type="button"
          disabled={!changed}
          onClick={() => {
            setDraft(toText(saved));
            setOutcome(null);
          }}
        >
          Discard changes
        </button>
      </p>
      <OutcomeNotice outcome={outcome} testId="mapping-outcome" />
    </form>
  );
}

/**
 * Settings › Risk appetite (issue 13): each category's level on the Guidance Note's scale with a reason, the
 * statement the board approved, and the register's mapping of levels to appetite and tolerance. Every save goes
 * through the appetite channels, which record it in history as the CLI's `appetite` commands do.
 */
export function AppetiteView() {
  const readOnly = useRegisterStore((s) => s.status?.readOnly ?? false);
  const risks = useRisksStore((s) => s.risks);
  const [overview, setOverview] = useState<AppetiteOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const read = useCallback(() => {
    call('appetite:get', {}).then(
      (o) => {
        setOverview(o);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);
  // Read again whenever the risk list moves (a new array after every change in any window), or the table at the
  // top saved a category.
  const categories = useLeadershipStore((s) => s.categories);
  useEffect(read, [read, risks, categories]);

  if (error)
    return (
      <p className="notice notice-error" role="alert">
        {error}
      </p>
    );
  if (!overview) return <p className="hint">Reading the risk appetite…</p>;
  return (
    <section className="admin-view" aria-label="Risk appetite" data-testid="appetite-view">
      <p className="hint">
        How much risk the organisation will take in each category, on the scale of HM Treasury&rsquo;s Risk
        Appetite Guidance Note. A risk is within appetite at or below its level&rsquo;s appetite, within
        tolerance up to the tolerance, and outside tolerance above it.
      </p>
      <AppetiteTable />
      <h2>Categories</h2>
      {overview.categories.length === 0 ? (
        <p className="hint">The register has no categories yet.</p>
      ) : (
        overview.categories.map((c) => (
          <CategoryAppetite
            key={c.id}
            category={c}
            readOnly={readOnly}
            onSaved={(now) =>
              setOverview((o) =>
                o ? { ...o, categories: o.categories.map((x) => (x.id === now.id ? now : x)) } : o,
              )
            }
          />
        ))
      )}
      <h2>Appetite levels</h2>
      <MappingEditor
        saved={overview.levels}
        readOnly={readOnly}
        onSaved={() => {
          // The categories' limits follow the mapping: read them again.
          read();
        }}
      />
    </section>
  );
}
