/**
 * The audit trail in words (issue 13): every entity and kind of change the register writes — risks, actions,
 * owners, categories, register settings, controls, assurance, treatment and acceptance, objectives and their
 * links, appetite and escalation rules — is said in words, never as raw JSON. The changes are made through the
 * real handler table on a real SQLite file; the Audit trail view's rendered text is then searched for `{` and `"`.
 */
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/domain.ts';
import { LGA_KEY } from '../../../shared/band-key.ts';
import { describeEntry } from '../../../renderer/history/words.ts';
import { renderApp } from '../render-app.tsx';

describe('the audit trail in words', () => {
  it('says every entity and kind of change without raw JSON', async () => {
    const backend = await renderApp({ user: 'Jo Finance', start: 'sample' });
    const risks = await backend.call('risks:list', {});
    const [sr1, sr2] = risks;
    if (!sr1 || !sr2) throw new Error('the sample has no risks');

    // Controls: added, assessed, changed, linked, unlinked, deleted.
    let control = await backend.call('controls:create', {
      text: 'Monthly budget monitoring',
      riskIds: [sr1.id],
      owner: 'JF',
      type: 'detective',
      effectiveness: 'partial',
      nextAssessmentDue: '2027-03-31',
    });
    control = await backend.call('controls:assess', {
      id: control.id,
      version: control.version,
      effectiveness: 'effective',
      nextAssessmentDue: '2027-09-30',
    });
    control = await backend.call('controls:update', {
      id: control.id,
      version: control.version,
      changes: { owner: 'SA', type: 'preventive', text: 'Monthly budget monitoring report' },
    });
    control = await backend.call('controls:link', { id: control.id, riskId: sr2.id });
    control = await backend.call('controls:unlink', { id: control.id, riskId: sr2.id });
    control = await backend.call('controls:unlink', { id: control.id, riskId: sr1.id });
    await backend.call('controls:delete', { id: control.id, version: control.version, reason: 'Replaced' });

    // Assurance: added, changed, removed.
    let assurance = await backend.call('assurances:create', {
      riskId: sr1.id,
      source: 'Internal audit 2025/26',
      line: 3,
      strength: 'limited',
      date: '2026-09-12',
      gaps: 'No testing of the March run',
    });
    assurance = await backend.call('assurances:update', {
      id: assurance.id,
      version: assurance.version,
      changes: { strength: 'reasonable', line: 2, date: '2026-10-01', gaps: '', source: 'Finance review' },
    });
    await backend.call('assurances:delete', { id: assurance.id, version: assurance.version });

    // Treatment and acceptance.
    let view = await backend.call('controls:for-risk', { riskId: sr1.id });
    await backend.call('treatment:set', {
      riskId: sr1.id,
      version: view.treatment.version,
      treatment: 'treat',
    });
    view = await backend.call('controls:for-risk', { riskId: sr1.id });
    await backend.call('treatment:set', {
      riskId: sr1.id,
      version: view.treatment.version,
      treatment: 'tolerate',
      acceptance: { by: 'Cabinet', why: 'Within the budget envelope', until: '2027-03-31' },
    });

    // Objectives: added, changed, linked, unlinked, archived; imported ones are created the same way.
    let objective = await backend.call('objectives:create', {
      ref: 'F1',
      title: 'Local authorities receive adequate funding',
      lead: 'CEx',
      status: 'amber',
    });
    objective = await backend.call('objectives:update', {
      id: objective.id,
      version: objective.version,
      changes: { status: 'green', lead: 'DS' },
    });
    objective = await backend.call('objectives:link', { objectiveId: objective.id, riskId: sr1.id });
    objective = await backend.call('objectives:link', {
      objectiveId: objective.id,
      riskId: sr1.id,
      linked: false,
    });
    await backend.call('objectives:archive', { id: objective.id, version: objective.version });

    // Escalation rules, appetite level, statement, mapping and a risk's override.
    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'Red for two reviews',
          when: { metric: 'current-score', op: '>=', value: 15, forReviews: 2 },
          then: 'escalate',
          to: 'Leadership board',
        },
      ],
      reason: 'Audit committee',
    });
    await backend.call('escalation:set-rules', { rules: [] });
    const category = (await backend.call('categories:list', {}))[0];
    if (!category) throw new Error('no category');
    await backend.call('appetite:set-level', { categoryId: category.id, level: 'cautious' });
    await backend.call('appetite:set-statement', {
      categoryId: category.id,
      statement: 'We accept moderate risk to innovate.',
      approved: '2026-03-12',
    });
    const { levels } = await backend.call('appetite:get', {});
    await backend.call('appetite:set-mapping', {
      levels: { ...levels, open: { appetite: 10, tolerance: 15 } },
    });

    // The rest of the register's kinds: a score, a text field, an action, a snapshot and an archive.
    const fresh = (await backend.call('risks:get', { id: sr2.id })) ?? sr2;
    const scored = await backend.call('risks:update-score', {
      id: fresh.id,
      version: fresh.version,
      which: 'current',
      impact: 4,
      likelihood: 4,
    });
    const action = await backend.call('actions:create', {
      riskId: sr2.id,
      text: 'Report to Cabinet',
      owner: 'JF',
      dueDate: '2027-01-31',
    });
    await backend.call('actions:archive', { id: action.id, version: action.version });
    await backend.call('snapshots:take', { name: 'Q3 2026/27' });
    await backend.call('risks:archive', { id: scored.id, version: scored.version });

    const entries: HistoryEntry[] = (await backend.call('audit:list', { limit: 5000 })).entries;
    const entities = new Set(entries.map((e) => e.entity));
    expect([...entities].sort()).toEqual(
      ['action', 'assurance', 'category', 'control', 'objective', 'register', 'risk'].sort(),
    );

    // Every entry in words: no brace and no double quote (the sample's own texts have neither).
    const raw = entries
      .map((e) => {
        const w = describeEntry(e, LGA_KEY);
        return {
          seq: e.seq,
          kind: `${e.entity} ${e.action} ${e.field ?? ''}`,
          text: `${w.what} ${w.old} ${w.new}`,
        };
      })
      .filter((x) => /[{}"]/.test(x.text));
    expect(raw).toEqual([]);

    const said = (field: string | null, entity: string, action?: string) => {
      const e = entries.find(
        (x) => x.field === field && x.entity === entity && (action === undefined || x.action === action),
      );
      if (!e) throw new Error(`no ${entity} ${action ?? ''} ${field ?? ''} entry`);
      const w = describeEntry(e, LGA_KEY);
      return [w.what, w.old, w.new].filter(Boolean).join(' | ');
    };
    expect(said('effectiveness', 'control')).toBe(
      "Control 'Monthly budget monitoring' effectiveness | partially effective | effective",
    );
    expect(said(null, 'assurance', 'create')).toBe(
      'Assurance added | Internal audit 2025/26 — 3rd line, limited, 12/09/2026; gaps: No testing of the March run',
    );
    expect(said('treatment', 'risk').startsWith('Treatment |')).toBe(true);
    expect(
      entries.some(
        (e) =>
          describeEntry(e, LGA_KEY).what ===
          'Acceptance by Cabinet until 31/03/2027: Within the budget envelope',
      ),
    ).toBe(true);
    expect(entries.some((e) => describeEntry(e, LGA_KEY).what === `Objective F1 linked to ${sr1.ref}`)).toBe(
      true,
    );
    // Newest first: the second change took the rule away again.
    expect(said('escalationRules', 'register')).toBe(
      'Escalation rules changed | 1. Red for two reviews: Current score ≥ 15 for 2 reviews → escalate to Leadership board | no rules',
    );

    // And the view itself, as rendered.
    await userEvent.click(await screen.findByTestId('nav-audit'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row').length).toBeGreaterThan(20));
    const rows = screen.getAllByTestId('audit-row').map((r) => r.textContent ?? '');
    expect(rows.filter((t) => /[{}"]/.test(t))).toEqual([]);
  }, 60_000);
});
