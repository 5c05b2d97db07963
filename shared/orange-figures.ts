/**
 * The dashboard's Orange Book figures (issue 13, "Where it shows"), worked out in one place: outside tolerance,
 * controls ineffective, assurance gaps, acceptances expired and escalations due. Pure: the dashboard passes the
 * risks it shows (already filtered, in register order) and what the handler table read (`categories:list`,
 * `controls:list`, `controls:flags`, `escalation:list`); nothing here is stored.
 *
 * Each figure names its risks (in the order given) with a line per risk saying why it is counted, and a calm
 * sentence for when it counts nothing, so an empty figure reads as good news rather than a red "0".
 */
import type { CategoryAppetite } from './appetite.ts';
import { appetiteStatusText, isOutsideTolerance } from './appetite.ts';
import type { ControlRecord, FlaggedRisk } from './controls.ts';
import type { RiskRecord } from './domain.ts';
import type { FiredRule } from './escalation.ts';

export type OrangeFigureId =
  'outside-tolerance' | 'controls-ineffective' | 'assurance-gaps' | 'acceptances-expired' | 'escalations-due';

export interface OrangeFigure {
  id: OrangeFigureId;
  label: string;
  /** The risks behind the figure, in the order the risks were given. */
  riskIds: string[];
  /** The number shown: risks, except "controls ineffective", which counts controls. */
  value: number;
  /** Why each risk is counted, by risk id. */
  notes: Map<string, string>;
  /** What the figure says when it counts nothing. */
  empty: string;
}

export interface OrangeFigureInput {
  risks: readonly RiskRecord[];
  /** `categories:list` (only the appetite fields are read, so the board pack's categories fit too). */
  categories: readonly CategoryAppetite[];
  /** Live controls with their links (`controls:list`). */
  controls: readonly ControlRecord[];
  /** `controls:flags`: risks with an assurance gap, an acceptance needed or expired. */
  flags: readonly FlaggedRisk[];
  /** `escalation:list`: the rules that fire now. */
  fired: readonly FiredRule[];
}

function quote(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `“${one.length > 60 ? `${one.slice(0, 59)}…` : one}”`;
}

export function orangeFigures(input: OrangeFigureInput): OrangeFigure[] {
  const { risks, categories, controls, flags, fired } = input;
  const ids = new Set(risks.map((r) => r.id));
  const inOrder = (notes: Map<string, string>) => risks.filter((r) => notes.has(r.id)).map((r) => r.id);

  const tolerance = new Map<string, string>();
  for (const r of risks) {
    if (isOutsideTolerance(r, categories)) tolerance.set(r.id, appetiteStatusText(r, categories) ?? '');
  }

  // Controls rated ineffective, counted once each however many of the shown risks they serve.
  const ineffective = new Map<string, string[]>();
  let ineffectiveCount = 0;
  for (const c of controls) {
    if (c.archivedAt !== null || c.effectiveness !== 'ineffective') continue;
    const served = c.risks.filter((l) => ids.has(l.riskId) && !l.archived);
    if (served.length === 0) continue;
    ineffectiveCount += 1;
    for (const l of served) {
      const texts = ineffective.get(l.riskId);
      if (texts) texts.push(quote(c.text));
      else ineffective.set(l.riskId, [quote(c.text)]);
    }
  }
  const ineffectiveNotes = new Map(
    [...ineffective].map(([id, texts]) => [
      id,
      `${texts.length === 1 ? 'Ineffective control' : `${texts.length} ineffective controls`}: ${texts.join('; ')}`,
    ]),
  );

  const gapNotes = new Map<string, string>();
  const expiredNotes = new Map<string, string>();
  for (const f of flags) {
    if (!ids.has(f.riskId)) continue;
    if (f.assuranceGaps.length > 0)
      gapNotes.set(f.riskId, f.assuranceGaps.map((g) => g.replace(/^Assurance gap: /, '')).join(' '));
    if (f.acceptanceExpired)
      expiredNotes.set(f.riskId, 'The acceptance has passed its date: the risk is due for review again.');
  }

  const escalationNotes = new Map<string, string>();
  for (const e of fired) {
    if (e.then !== 'escalate' || !ids.has(e.riskId)) continue;
    const line = `Escalate to ${e.to}: ${e.label}.`;
    const before = escalationNotes.get(e.riskId);
    escalationNotes.set(e.riskId, before ? `${before} ${line}` : line);
  }

  return [
    {
      id: 'outside-tolerance',
      label: 'Outside tolerance ◆',
      riskIds: inOrder(tolerance),
      value: tolerance.size,
      notes: tolerance,
      empty: 'No risk is outside its tolerance.',
    },
    {
      id: 'controls-ineffective',
      label: 'Controls ineffective',
      riskIds: inOrder(ineffectiveNotes),
      value: ineffectiveCount,
      notes: ineffectiveNotes,
      empty: 'No control is rated ineffective.',
    },
    {
      id: 'assurance-gaps',
      label: 'Assurance gaps',
      riskIds: inOrder(gapNotes),
      value: gapNotes.size,
      notes: gapNotes,
      empty: 'Every risk has assurance beyond the first line, and no limited audit.',
    },
    {
      id: 'acceptances-expired',
      label: 'Acceptances expired',
      riskIds: inOrder(expiredNotes),
      value: expiredNotes.size,
      notes: expiredNotes,
      empty: 'No acceptance has passed its date.',
    },
    {
      id: 'escalations-due',
      label: 'Escalations due',
      riskIds: inOrder(escalationNotes),
      value: escalationNotes.size,
      notes: escalationNotes,
      empty: 'No escalation rule fires.',
    },
  ];
}
