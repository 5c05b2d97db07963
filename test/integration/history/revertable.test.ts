/**
 * shared/revertable.ts against db/revert.ts, on a real SQLite file through the handler table: a register with
 * every kind of change the window makes (risks, actions, owners, categories and their order, controls, assurance,
 * treatment and acceptance, objectives, appetite levels, permanent deletes). Every entry the Audit trail offers no
 * Undo for is refused by history:revert; every entry it offers one for is either undone or refused only for what
 * happened since, never for its kind. The confirm's words never show raw data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/domain.ts';
import { isRevertable, revertWords } from '../../../shared/revertable.ts';
import type { Workspace } from '../workspace/harness.ts';
import { newWorkspace, removeTempDirs } from '../workspace/harness.ts';

let ws: Workspace;
beforeEach(async () => {
  ws = await newWorkspace();
});
afterEach(() => {
  ws.close();
  removeTempDirs();
});

/** The refusals db/revert.ts gives for the kind of an entry, whatever has happened since. */
const KIND_REFUSAL =
  /this kind of change|are not undone here|has no earlier value|changed back in Settings|came in with the rest of its file/;

async function everyKindOfChange(): Promise<void> {
  const sr4 = await ws.risk('SR4');
  const s1 = await ws.ok('risks:update-score', {
    id: sr4.id,
    version: sr4.version,
    impact: 5,
    likelihood: 4,
  });
  await ws.ok('risks:update', { id: sr4.id, version: s1.version, changes: { mitigation: 'Weekly checks' } });
  const sr5 = await ws.risk('SR5');
  const archived = await ws.ok('risks:archive', { id: sr5.id, version: sr5.version });
  await ws.ok('risks:restore', { id: sr5.id, version: archived.version });
  const sr6 = await ws.risk('SR6');
  const gone = await ws.ok('risks:archive', { id: sr6.id, version: sr6.version });
  await ws.ok('risks:delete', { id: gone.id, version: gone.version });
  const action = await ws.ok('actions:create', { riskId: sr4.id, text: 'Quarterly check' } as never);
  await ws.ok('actions:update', {
    id: action.id,
    version: action.version,
    changes: { text: 'Monthly check' },
  } as never);
  const owner = await ws.ok('owners:create', { initials: 'QQ', name: 'Quinn Quayle' } as never);
  await ws.ok('owners:update', { id: owner.id, version: owner.version, changes: { name: 'Quinn Q' } });
  const categories = await ws.ok('categories:list', {});
  const first = categories[0];
  if (!first) throw new Error('no categories');
  await ws.ok('categories:rename', { id: first.id, version: first.version, name: 'Reach' });
  await ws.ok('categories:set-appetite', { id: first.id, appetite: 12 });
  await ws.ok('categories:reorder', { ids: [...categories].reverse().map((c) => c.id) });
  await ws.ok('appetite:set-level', { categoryId: first.id, level: 'open' });
  await ws.ok('categories:create', { name: 'Cyber security' });
  const c = await ws.ok('controls:create', { text: 'Budget board', riskIds: [sr4.id] });
  const assessed = await ws.ok('controls:assess', { id: c.id, version: c.version, effectiveness: 'partial' });
  const sr1 = await ws.risk('SR1');
  await ws.ok('controls:link', { id: c.id, riskId: sr1.id });
  await ws.ok('controls:unlink', { id: c.id, riskId: sr1.id });
  const c2 = await ws.ok('controls:create', { text: 'Reconciliation', riskIds: [sr1.id] });
  const unlinked = await ws.ok('controls:unlink', { id: c2.id, riskId: sr1.id });
  await ws.ok('controls:delete', { id: c2.id, version: unlinked.version });
  const a = await ws.ok('assurances:create', {
    riskId: sr4.id,
    source: 'Internal audit 2025/26',
    line: 3,
    strength: 'limited',
  } as never);
  await ws.ok('assurances:update', { id: a.id, version: a.version, changes: { strength: 'reasonable' } });
  const t = await ws.ok('treatment:set', { riskId: sr4.id, version: 0, treatment: 'tolerate' });
  await ws.ok('treatment:set', {
    riskId: sr4.id,
    version: t.version,
    treatment: 'tolerate',
    acceptance: { by: 'Audit Committee', why: 'Costs more than it saves', until: '2027-03-31' },
  });
  const o = await ws.ok('objectives:create', { ref: 'F1', title: 'Adequate funding', lead: 'CEx' });
  await ws.ok('objectives:link', { objectiveId: o.id, riskId: sr1.id });
  await ws.ok('objectives:update', { id: o.id, version: o.version, changes: { status: 'amber' } });
  const rule = {
    label: 'Red now',
    when: { metric: 'current-score', op: '>=', value: 15 },
    then: 'escalate',
    to: 'Leadership board',
  };
  const rules = await ws.ok('escalation:set-rules', { rules: [rule] });
  await ws.ok('escalation:set-rules', { rules: [{ ...rules[0], disabled: true }] });
  await ws.ok('escalation:set-rules', {
    rules: [
      { ...rules[0], label: 'Red today' },
      { ...rule, label: 'Two' },
    ],
  });
  await ws.ok('escalation:set-rules', { rules: [] });
  expect(assessed.effectiveness).toBe('partial');
}

describe('isRevertable agrees with history:revert', () => {
  it('refuses every entry without an Undo button, and refuses none with one for its kind', async () => {
    await everyKindOfChange();
    const all = await ws.ok('history:list', { limit: 5000 });
    const kinds = (pick: (e: HistoryEntry) => boolean) =>
      new Set(all.filter(pick).map((e) => `${e.entity} ${e.action} ${e.field ?? ''}`.trim()));
    const without = kinds((e) => !isRevertable(e));
    // The register holds both sorts: a permanent delete and an appetite level, among others, have no button.
    expect([...without]).toEqual(
      expect.arrayContaining(['risk delete', 'category update appetiteLevel', 'category create']),
    );
    expect(kinds(isRevertable).size).toBeGreaterThan(20);

    let undone = 0;
    for (const e of [...all].reverse()) {
      const words = revertWords(e);
      expect(words).not.toMatch(/undefined|\[object|[{}]|^\s*$/);
      const r = await ws.call('history:revert', { seq: e.seq });
      if (!isRevertable(e)) {
        expect(r.ok, `#${e.seq} ${e.entity} ${e.action} ${e.field ?? ''} was undone`).toBe(false);
      } else if (r.ok) {
        undone += 1;
      } else {
        expect(r.error.message, `#${e.seq} ${e.entity} ${e.action} ${e.field ?? ''}`).not.toMatch(
          KIND_REFUSAL,
        );
      }
    }
    expect(undone).toBeGreaterThan(20);
  });

  it('offers Undo on every change to the escalation rules, and says what it does', () => {
    const rule = (label: string, off = false) => ({
      label,
      when: { metric: 'current-score', op: '>=', value: 15 },
      then: 'escalate',
      to: 'Board',
      ...(off ? { disabled: true } : {}),
    });
    const e = (oldValue: unknown, newValue: unknown): HistoryEntry => ({
      seq: 9,
      entity: 'register',
      entityId: 'escalation-rules',
      label: 'Escalation rules',
      action: 'update',
      field: 'escalationRules',
      oldValue,
      newValue,
      reason: null,
      at: '2026-05-01T09:00:00.000Z',
      by: 'Ann Owner',
    });
    expect(isRevertable(e([], [rule('A')]))).toBe(true);
    expect(isRevertable({ ...e([], []), entityId: 'appetite-levels', field: 'appetiteLevels' })).toBe(false);
    expect(revertWords(e([rule('A')], [rule('A', true)]))).toBe(
      'The escalation rule “A” is switched on again.',
    );
    expect(revertWords(e([rule('A', true)], [rule('A')]), true)).toBe(
      'The escalation rule “A” was switched off again.',
    );
    expect(revertWords(e([rule('A')], [rule('A'), rule('B')]))).toBe('The escalation rule “B” is removed.');
    expect(revertWords(e([rule('A'), rule('B')], [rule('B')]))).toBe(
      'The escalation rule “A” is brought back.',
    );
    expect(revertWords(e([rule('A'), rule('B')], [rule('C'), rule('B')]))).toBe(
      'The escalation rules go back to what they were before: “A”, “B”.',
    );
  });

  it('says what changes back in words', () => {
    const e = (over: Partial<HistoryEntry>): HistoryEntry => ({
      seq: 7,
      entity: 'risk',
      entityId: 'x',
      label: 'SR4',
      action: 'update',
      field: null,
      oldValue: null,
      newValue: null,
      reason: null,
      at: '2026-05-01T09:00:00.000Z',
      by: 'Ann Owner',
      ...over,
    });
    expect(
      revertWords(
        e({
          field: 'current',
          oldValue: { impact: 3, likelihood: 4 },
          newValue: { impact: 5, likelihood: 4 },
        }),
      ),
    ).toBe('The current score of SR4 goes back from impact 5 × likelihood 4 to impact 3 × likelihood 4.');
    expect(
      revertWords(
        e({
          entity: 'control',
          label: 'Budget board',
          field: 'effectiveness',
          oldValue: 'unassessed',
          newValue: 'partial',
        }),
        true,
      ),
    ).toBe(
      'The effectiveness of the control “Budget board” went back from partially effective to not yet assessed.',
    );
    expect(revertWords(e({ field: 'treatment', oldValue: null, newValue: 'tolerate' }))).toBe(
      'The treatment of SR4 goes back from tolerate to not decided.',
    );
    expect(
      revertWords(
        e({ entity: 'control', label: 'Budget board', field: 'risks', oldValue: null, newValue: 'SR1' }),
      ),
    ).toBe('The control “Budget board” no longer serves SR1.');
    expect(revertWords(e({ entity: 'assurance', label: 'Internal audit', action: 'create' }))).toBe(
      'The assurance “Internal audit” is removed.',
    );
    expect(
      revertWords(e({ entity: 'objective', label: 'F1', field: 'risks', oldValue: [], newValue: ['SR1'] })),
    ).toBe('SR1 is unlinked from objective F1 again.');
    expect(
      revertWords(
        e({
          field: 'dueDate',
          entity: 'action',
          label: 'Monthly check',
          oldValue: '2026-03-31',
          newValue: null,
        }),
      ),
    ).toBe('The due date of the action “Monthly check” goes back from nothing to 31/03/2026.');
  });
});
