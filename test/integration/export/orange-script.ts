/**
 * A scripted quarter of Orange Book work on the LGA sample, through the handler table as the app does it: a
 * title and cause/event/effect, appetite levels with a statement and a per-risk override, controls (one shared
 * by two risks, one assessed twice), assurance on several lines (one limited 3rd-line report), treatment
 * decisions with an acceptance that has expired, objectives linked to risks, and SR7 marked confidential with
 * its own control, assurance and objective link (so Part A must not show them). Shared by the board pack and
 * register workbook tests.
 */
import type { Channel, InputOf, OutputOf } from '../../../shared/contract/index.ts';
import type { RiskRecord } from '../../../shared/domain.ts';

export type Ok = <C extends Channel>(c: C, input: InputOf<C>) => Promise<OutputOf<C>>;

export async function scriptOrange(ok: Ok, setClock: (iso: string) => void): Promise<void> {
  const risk = async (ref: string): Promise<RiskRecord> => {
    const found = (await ok('risks:list', {})).find((r) => r.ref === ref);
    if (!found) throw new Error(`no ${ref}`);
    return found;
  };
  const sr4 = await risk('SR4');
  await ok('risks:update', {
    id: sr4.id,
    version: sr4.version,
    changes: {
      title: 'Finance team capacity',
      cause: 'two key posts are vacant',
      event: 'the budget monitoring slips',
      effect: 'an overspend found late',
    },
  });
  const categories = await ok('categories:list', {});
  const cat4 = categories.find((c) => c.name === sr4.category);
  if (!cat4) throw new Error('no category');
  await ok('appetite:set-level', { categoryId: cat4.id, level: 'minimal', reason: 'Board away day' });
  await ok('appetite:set-statement', {
    categoryId: cat4.id,
    statement: 'We take little risk with the organisation’s capacity to deliver.',
    approved: '2026-06-30',
  });
  const sr9 = await risk('SR9');
  await ok('risks:set-appetite-override', {
    id: sr9.id,
    version: sr9.version,
    level: 'open',
    reason: 'A deliberate bet on new income',
  });
  const sr2 = await risk('SR2');
  const sr5 = await risk('SR5');
  const sr7 = await risk('SR7');

  setClock('2026-07-10T09:00:00Z');
  const budget = await ok('controls:create', {
    text: 'Monthly budget monitoring reported to the leadership board',
    riskIds: [sr4.id, sr2.id],
    owner: 'SP',
    type: 'detective',
    effectiveness: 'partial',
    nextAssessmentDue: '2026-08-01',
  });
  setClock('2026-07-20T09:00:00Z');
  await ok('controls:assess', { id: budget.id, version: budget.version, effectiveness: 'effective' });
  await ok('controls:create', {
    text: 'Scheme of delegation',
    riskIds: [sr4.id],
    type: 'directive',
    effectiveness: 'unassessed',
  });
  await ok('controls:create', {
    text: 'Exempt contract review panel',
    riskIds: [sr7.id],
    effectiveness: 'ineffective',
  });
  await ok('assurances:create', {
    riskId: sr4.id,
    source: 'Monthly budget monitoring',
    line: 1,
    strength: 'reasonable',
    date: '2026-07-01',
  });
  await ok('assurances:create', {
    riskId: sr4.id,
    source: 'Internal audit report 2025/26: budgetary control',
    line: 3,
    strength: 'limited',
    date: '2026-05-14',
    gaps: 'Virements not approved in time',
  });
  await ok('assurances:create', {
    riskId: sr2.id,
    source: 'Workforce dashboard',
    line: 1,
    strength: 'substantial',
    date: '2026-06-30',
  });
  await ok('assurances:create', {
    riskId: sr5.id,
    source: 'External auditor’s annual report',
    line: 4,
    strength: 'substantial',
    date: '2026-03-31',
  });
  await ok('assurances:create', {
    riskId: sr7.id,
    source: 'Confidential legal review',
    line: 2,
    strength: 'reasonable',
    date: '2026-06-01',
  });
  await ok('treatment:set', {
    riskId: sr4.id,
    version: 0,
    treatment: 'tolerate',
    acceptance: {
      by: 'Audit Committee',
      why: 'Recruitment under way; interim cover in place',
      until: '2026-08-31',
    },
  });
  await ok('treatment:set', { riskId: sr2.id, version: 0, treatment: 'treat' });
  await ok('treatment:set', { riskId: sr5.id, version: 0, treatment: 'transfer' });

  const f1 = await ok('objectives:create', {
    ref: 'F1',
    title: 'Local authorities receive adequate funding',
    lead: 'Head of Finance',
    status: 'amber',
  });
  const w2 = await ok('objectives:create', {
    ref: 'W2',
    title: 'A skilled and stable workforce',
    lead: 'HR Director',
    status: 'green',
  });
  await ok('objectives:link', { objectiveId: f1.id, riskId: sr4.id });
  await ok('objectives:link', { objectiveId: f1.id, riskId: sr7.id });
  await ok('objectives:link', { objectiveId: w2.id, riskId: sr2.id });

  const sr7now = await risk('SR7');
  await ok('risks:set-confidential', { id: sr7now.id, version: sr7now.version, confidential: true });
}
