import type { RiskRecord } from '../../shared/domain.ts';
import { splitOwners } from '../../shared/owners.ts';
import { clearFailure, updateText } from '../actions/risk-actions.ts';
import type { FieldFailure, TextChange } from '../stores/edit-store.ts';
import { failuresFor, useEditStore } from '../stores/edit-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { causeEventEffect } from '../../shared/risk-view.ts';
import { TextField } from './TextField.tsx';
import { OwnerPicker } from '../workspace/OwnerPicker.tsx';

function draftOf(f: FieldFailure | undefined): { message: string; draft: string } | undefined {
  if (!f) return undefined;
  const a = f.attempted;
  if (a.field === 'score') return undefined;
  return { message: f.message, draft: a.field === 'owners' ? a.value.join(' ') : a.value };
}

const sameOwners = (draft: string, value: string) => splitOwners(draft).join(' ') === value;

/**
 * The words of a risk: title, description, cause, event and effect (one sentence above them when all three are
 * given), mitigation, category and owners, each saved on blur or Enter.
 */
export function RiskFields({ risk, readOnly }: { risk: RiskRecord; readOnly: boolean }) {
  const failures = useEditStore((s) => failuresFor(s, risk.id));
  const categories = useRisksStore((s) => s.categories);

  const save = (change: TextChange, fromVersion: number) =>
    void updateText({ ...risk, version: fromVersion }, change);
  const field = (name: TextChange['field']) => ({
    version: risk.version,
    failure: draftOf(failures[name]),
    disabled: readOnly,
    testId: `field-${name}`,
    onRevert: () => clearFailure(risk.id, name),
  });

  return (
    <section className="panel-section" aria-label="Details">
      <TextField
        {...field('title')}
        label="Title"
        value={risk.title ?? ''}
        hint="Optional: a short name for the risk, one line, up to 200 characters"
        onCommit={(v, from) => save({ field: 'title', value: v }, from)}
      />
      <TextField
        {...field('description')}
        label="Description"
        value={risk.description}
        multiline
        rows={4}
        onCommit={(v, from) => save({ field: 'description', value: v }, from)}
      />
      {risk.cause && risk.event && risk.effect && (
        <p className="cause-event-effect" data-testid="cause-event-effect">
          {causeEventEffect(risk)}
        </p>
      )}
      <TextField
        {...field('cause')}
        label="Cause (because of …)"
        value={risk.cause}
        multiline
        rows={2}
        onCommit={(v, from) => save({ field: 'cause', value: v }, from)}
      />
      <TextField
        {...field('event')}
        label="Event (there is a risk that …)"
        value={risk.event}
        multiline
        rows={2}
        onCommit={(v, from) => save({ field: 'event', value: v }, from)}
      />
      <TextField
        {...field('effect')}
        label="Effect (resulting in …)"
        value={risk.effect}
        multiline
        rows={2}
        onCommit={(v, from) => save({ field: 'effect', value: v }, from)}
      />
      <TextField
        {...field('mitigation')}
        label="Mitigation (controls in place)"
        value={risk.mitigation}
        multiline
        rows={5}
        onCommit={(v, from) => save({ field: 'mitigation', value: v }, from)}
      />
      <TextField
        {...field('category')}
        label="Category"
        value={risk.category}
        list="category-options"
        onCommit={(v, from) => save({ field: 'category', value: v }, from)}
      />
      <datalist id="category-options">
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <TextField
        {...field('owners')}
        label="Owner(s)"
        value={risk.owners.join(' ')}
        hint="Initials, separated by spaces or commas: SP CHo JG"
        same={sameOwners}
        onCommit={(v, from) => save({ field: 'owners', value: splitOwners(v) }, from)}
      />
      {!readOnly && (
        <OwnerPicker
          exclude={risk.owners}
          onPick={(initials) => save({ field: 'owners', value: [...risk.owners, initials] }, risk.version)}
        />
      )}
    </section>
  );
}
