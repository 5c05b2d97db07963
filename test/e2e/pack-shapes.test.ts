/**
 * The board pack's pages across the shapes a council's register takes (issue 12 "no near-empty pages", issue 13
 * "the one-page summary gains the Orange Book counts"): real SQLite files built through the handler table, the
 * print route drawn by the built renderer (dist/renderer, `npm run build`) and printed by the system Chromium
 * exactly as the CLI and the app print it (db/pdf/chromium.ts), read back with pdftotext and turned into PNGs
 * with `pdftoppm -r 60` (test-output/pack-shapes/SHAPE-N.png: look at every page; SHAPE.pdf beside them).
 *
 * Shapes: the plain LGA sample (empty appendix, no objectives); the sample after a quarter of scripted Orange
 * Book work and score changes (objectives, controls, assurance, an expired acceptance, an escalation rule, a
 * confidential risk), Part A alone and with Part B; the sample with three confidential risks and nothing else;
 * one risk; 60 risks with all of the above; 60 risks with nothing but scores.
 *
 * Checked on every shape: the one-page summary is one page (the heatmap starts the next) and carries the
 * Orange Book figures the dashboard works out (shared/orange-figures.ts, fed by the same channels), with their
 * refs, never a confidential one in Part A; and every page is at least 35 % filled (word boxes from
 * pdftotext -bbox) unless it is the only page of its part (see `ONE_PAGE_PARTS`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedPaths } from '../../db/files/grants.ts';
import { noDialogs } from '../../db/handlers/deps.ts';
import { createHandlers } from '../../db/handlers/index.ts';
import { chromiumPdfRenderer, DEFAULT_CHROMIUM } from '../../db/pdf/chromium.ts';
import { RegisterSession } from '../../db/session.ts';
import type { Channel } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import { boardPackRoute } from '../../shared/export/board-pack.ts';
import { CRITERIA_AREAS, CRITERION_MAX } from '../../shared/criteria.ts';
import { orangeFigures } from '../../shared/orange-figures.ts';
import type { ScoreValue } from '../../shared/scoring.ts';
import { SCORE_VALUES } from '../../shared/scoring.ts';
import type { Ok } from '../integration/export/orange-script.ts';
import { scriptOrange } from '../integration/export/orange-script.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PNGS = join(ROOT, 'test-output', 'pack-shapes');
const AS_AT = '2026-09-15';
const FILL = 0.35;

/**
 * Parts that are one page by design, each starting a page of its own: the cover (its marking at the foot),
 * the one-page summary, the heatmap, and the scoring criteria appendix when it does not fit whole under the
 * end of the table or the controls appendix (when it does, it shares that page, which is then measured as
 * the table's). Such a page may be less than 35 %
 * filled when the register is small (one risk: a summary of short lists) — its part has nothing to fold it
 * into and moving it onto another part's page would break the paper's order. A part that runs over pages
 * (the appetite list, the table, objectives and the controls appendix; Part B) must fill every page.
 */
const PART_STARTS: { part: string; starts: RegExp }[] = [
  { part: 'cover', starts: /Strategic risk report/i },
  { part: 'summary', starts: /Part A · Summary as at/ },
  { part: 'heatmap', starts: /Heatmap · current scores/ },
  { part: 'table', starts: /^\s*\S*\s*Risk appetite\s*$/m },
  { part: 'criteria', starts: /Appendix · Scoring criteria/ },
  { part: 'part-b', starts: /Part B · Exempt information/ },
];

let out: string;
const pdf = chromiumPdfRenderer({
  distDir: join(ROOT, 'dist', 'renderer'),
  chromiumPath: process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM,
  dispatch: (channel, input) => current.dispatch(channel, input),
});
let current: { dispatch: (c: string, i: unknown) => Promise<unknown> } = {
  dispatch: () => Promise.reject(new Error('no register open')),
};

interface Shape {
  session: RegisterSession;
  ok: Ok;
  setClock: (iso: string) => void;
}

async function openShape(name: string): Promise<Shape> {
  const session = new RegisterSession();
  session.create(join(out, `${name}.riskregister`));
  let clock = new Date('2026-06-20T09:00:00Z');
  const h = createHandlers({
    session,
    now: () => clock,
    user: () => 'Rita Manager',
    dialogs: noDialogs,
    files: trustedPaths,
  });
  const ok: Ok = async (c, input) => {
    const r = await dispatch(h, c, input);
    if (!r.ok) throw new Error(`${c} failed: ${r.error.message}`);
    return r.value as never;
  };
  current = { dispatch: (c, i) => dispatch(h, c as Channel, i as never) };
  return { session, ok, setClock: (iso) => (clock = new Date(iso)) };
}

async function riskByRef(ok: Ok, ref: string): Promise<RiskRecord> {
  const found = (await ok('risks:list', {})).find((r) => r.ref === ref);
  if (!found) throw new Error(`no ${ref}`);
  return found;
}

/** A quarter of score changes with reasons after a snapshot, an overdue action and an escalation rule. */
async function quarter(s: Shape): Promise<void> {
  const { ok, setClock } = s;
  setClock('2026-06-30T09:00:00Z');
  await ok('snapshots:take', { name: 'Q1 2026/27' });
  const score = async (ref: string, impact: number, likelihood: number, reason: string) => {
    const r = await riskByRef(ok, ref);
    await ok('risks:update-score', {
      id: r.id,
      version: r.version,
      impact: impact as ScoreValue,
      likelihood: likelihood as ScoreValue,
      reason,
    });
  };
  setClock('2026-07-22T10:00:00Z');
  await score('SR4', 5, 4, 'Two key posts vacant in the finance team');
  setClock('2026-08-12T10:00:00Z');
  await score('SR15', 1, 1, 'Succession plan agreed for key posts');
  await score('SR1', 4, 4, 'Settlement later than planned');
  const sr2 = await riskByRef(ok, 'SR2');
  await ok('actions:create', {
    riskId: sr2.id,
    text: 'Refresh the workforce plan',
    owner: 'SP',
    dueDate: '2026-08-31',
  });
  await ok('escalation:set-rules', {
    rules: [
      {
        label: 'Score 16 or more',
        when: { metric: 'current-score', op: '>=', value: 16 },
        then: 'escalate',
        to: 'Leadership board',
      },
    ],
  });
}

const CATEGORIES = ['Financial', 'Workforce', 'Reputation', 'Service delivery', 'Legal'];

/** Adds risks up to `total`, scores spread over the grid, some with long descriptions and mitigation. */
async function crowd(s: Shape, total: number): Promise<void> {
  const { ok } = s;
  const have = (await ok('risks:list', {})).length;
  const categories = (await ok('categories:list', {})).map((c) => c.name);
  for (let i = have; i < total; i += 1) {
    const n = i + 1;
    await ok('risks:create', {
      ref: `CR${n}`,
      title: `Crowded risk ${n}`,
      category: categories[i % categories.length] ?? CATEGORIES[i % CATEGORIES.length] ?? 'Financial',
      description:
        `Risk ${n}: demand for the service grows faster than the budget set for it` +
        (i % 3 === 0 ? ', with knock-on effects on partners, residents and the council’s reputation.' : '.'),
      impact: ((i % 5) + 1) as ScoreValue,
      likelihood: (((i * 2) % 5) + 1) as ScoreValue,
      target: { impact: 2, likelihood: 2 },
      mitigation:
        i % 2 === 0
          ? 'Quarterly monitoring at the leadership board; recovery plan agreed with the service lead.'
          : 'Monthly budget monitoring.',
      owners: [],
    });
  }
}

/** Marks the given risks confidential. */
async function confidential(s: Shape, refs: string[]): Promise<void> {
  for (const ref of refs) {
    const r = await riskByRef(s.ok, ref);
    await s.ok('risks:set-confidential', {
      id: r.id,
      version: r.version,
      confidential: true,
      reason: 'Commercial negotiation under way',
    });
  }
}

interface Printed {
  pages: string[];
  fills: number[];
  parts: string[];
}

/** Prints the pack as at AS_AT, reads it back and writes the PDF and every page as a PNG at 60 dpi. */
async function printShape(name: string, exempt: boolean): Promise<Printed> {
  const route = boardPackRoute({
    scores: 'current',
    bands: null,
    sort: 'ref',
    asAt: AS_AT,
    travel: true,
    exempt,
  });
  const bytes = await pdf.renderPdf(route, { footer: `${name} · as at 15/09/2026` });
  const path = join(out, `${name}.pdf`);
  writeFileSync(path, bytes);
  mkdirSync(PNGS, { recursive: true });
  for (const f of readdirSync(PNGS)) if (f.startsWith(`${name}-`)) rmSync(join(PNGS, f));
  writeFileSync(join(PNGS, `${name}.pdf`), bytes);
  execFileSync('pdftoppm', ['-png', '-r', '60', path, join(PNGS, name)]);
  const layout = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  writeFileSync(join(PNGS, `${name}.txt`), layout);
  const pages = layout.split('\f');
  const bbox = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  const fills = bbox
    .split('<page ')
    .slice(1)
    .map((p) => {
      const height = Number(/height="([\d.]+)"/.exec(p)?.[1]);
      const bottoms = [...p.matchAll(/yMax="([\d.]+)"/g)]
        .map((m) => Number(m[1]))
        .filter((y) => y < height - 40); // the footer line sits in the bottom margin (14 mm ≈ 40 pt)
      return Math.max(0, ...bottoms) / height;
    });
  const pngs = readdirSync(PNGS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
  expect(pngs).toHaveLength(fills.length);
  let part = '';
  const parts = fills.map((_, i) => {
    const text = pages[i] ?? '';
    // The cover names the paper; later parts start with their heading under the marking.
    const start = PART_STARTS.find((p) => p.starts.test(text.split('\n').slice(0, 6).join('\n')));
    if (start && start.part !== part) part = start.part;
    else if (start) part = `${start.part}+`;
    return part;
  });
  return { pages: pages.slice(0, fills.length), fills, parts };
}

/** Every page ≥ 35 % filled, except a page that is the only page of its part. */
function expectNoNearEmptyPage(name: string, printed: Printed): void {
  const runs = new Map<string, number>();
  for (const p of printed.parts) runs.set(p, (runs.get(p) ?? 0) + 1);
  printed.fills.forEach((fill, i) => {
    const part = printed.parts[i] ?? '';
    const alone = runs.get(part) === 1;
    if (alone) return;
    expect(
      fill,
      `${name} page ${i + 1} (${part}, ${printed.parts.length} pages) is filled only to ${Math.round(fill * 100)} %`,
    ).toBeGreaterThanOrEqual(FILL);
  });
  // The summary and the heatmap are one page each.
  for (const p of ['summary', 'heatmap']) expect(runs.get(p), `${name}: the ${p}`).toBe(1);
  // The scoring criteria are whole on one page: on a page of their own, or under the end of the table or the
  // controls appendix when they fit there (issue 12: no short page before them).
  const criteria = printed.pages.flatMap((p, i) => (p.includes('Appendix · Scoring criteria') ? [i] : []));
  expect(criteria, `${name}: the scoring criteria's heading once`).toHaveLength(1);
  const first = criteria[0] ?? 0;
  const from = printed.pages[first] ?? '';
  const rest = from.slice(from.indexOf('Appendix · Scoring criteria'));
  const rows = ['Finance', 'Service delivery', 'Legal and compliance', 'Probability', 'Time frame'];
  // Criteria longer than a page (long descriptors) start a page of their own and run on: each page of theirs
  // then counts as a page of a part that runs over pages (filled ≥ 35 %, checked above), every row once.
  if (!rows.every((row) => rest.includes(row)) && /^\s*\S*\s*Appendix · Scoring criteria/m.test(from)) {
    const pages = printed.pages
      .slice(first)
      .filter((_, k) => /^criteria/.test(printed.parts[first + k] ?? ''));
    expect(pages.length, `${name}: the long criteria over pages of their own`).toBeGreaterThan(1);
    const all = pages.join('\n');
    for (const row of rows) expect(all.match(new RegExp(`^\\s*${row}\\b`, 'gm')), row).toHaveLength(1);
    return;
  }
  for (const row of rows)
    expect(rest, `${name}: the criteria's ${row} row on the page of their heading`).toContain(row);
  const next = printed.pages[first + 1] ?? '';
  expect(next, `${name}: nothing of the criteria on the next page`).not.toMatch(/Time frame|Probability/);
}

/** The dashboard's figures for the public risks, from the same channels the dashboard reads. */
async function expectedFigures(s: Shape, which: 'public' | 'confidential') {
  s.setClock(`${AS_AT}T12:00:00Z`);
  const risks = (await s.ok('risks:list', {})).filter((r) => r.confidential === (which === 'confidential'));
  return orangeFigures({
    risks,
    categories: await s.ok('categories:list', {}),
    controls: await s.ok('controls:list', {}),
    flags: await s.ok('controls:flags', {}),
    fired: await s.ok('escalation:list', {}),
  }).map((f) => ({ ...f, refs: f.riskIds.map((id) => risks.find((r) => r.id === id)?.ref ?? '?') }));
}

/** The summary page: one page, with each Orange Book figure's number and every ref it names. */
async function expectSummary(name: string, s: Shape, printed: Printed): Promise<string> {
  const at = printed.parts.indexOf('summary');
  expect(at, `${name}: a summary page`).toBeGreaterThan(0);
  expect(printed.parts[at + 1], `${name}: the heatmap follows the one-page summary`).toBe('heatmap');
  const summary = printed.pages[at] ?? '';
  const flat = summary.replace(/\s+/g, ' ');
  expect(flat).toContain('Orange Book figures');
  const figures = await expectedFigures(s, 'public');
  for (const f of figures) {
    const label = f.label.replace(/\s*◆$/, '');
    // The number sits beside the label's first line (a label may wrap in its cell: "Outside 3 … tolerance").
    const words = label.split(' ');
    const beside = words.map((_, k) => `${words.slice(0, k + 1).join('\\s+')}\\s+${f.value}\\b`);
    expect(flat, `${name}: ${label} ${f.value}`).toMatch(new RegExp(beside.join('|')));
    // A figure that counts nothing says so calmly (its sentence may wrap beside another column: its start).
    if (f.value === 0) expect(flat).toContain(f.empty.split(' ').slice(0, 2).join(' '));
    // A short list names every ref (by reason, or on the "for N other reasons" line); a long one names the
    // first and says how many more.
    const named = f.refs.length <= 12 ? f.refs : f.refs.slice(0, 1);
    for (const ref of named)
      expect(flat, `${name}: ${label} names ${ref}`).toMatch(new RegExp(`\\b${ref}\\b`));
    if (f.refs.length > 12) expect(flat).toMatch(/ and \d+ more/);
  }
  return flat;
}

/**
 * The table's pages (from the Risk appetite heading to the scoring criteria), their header rows, and the
 * text flattened: which of the optional columns printed, and the line saying which were left out.
 */
function tablePages(printed: Printed): { headers: string[]; flat: string } {
  const pages = printed.pages.filter((_, i) => /^table/.test(printed.parts[i] ?? ''));
  const headers = pages.flatMap((p) =>
    p.split('\n').filter((l) => /^\s*Ref\s+Category\s+Description of risk/.test(l)),
  );
  return { headers, flat: pages.join('\n').replace(/\s+/g, ' ') };
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'rr-pack-shapes-'));
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html')))
    throw new Error('dist/renderer is missing: run npm run build first.');
});

afterAll(async () => {
  await pdf.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the board pack across shapes of register', () => {
  it('the plain LGA sample: empty appendix folded into one line, no near-empty page', async () => {
    const s = await openShape('sample');
    try {
      await s.ok('register:onboard', { choice: 'sample' });
      const printed = await printShape('sample', false);
      expectNoNearEmptyPage('sample', printed);
      await expectSummary('sample', s, printed);
      const text = printed.pages.join('\n').replace(/\s+/g, ' ');
      expect(text).toContain('No controls or assurance recorded');
      expect(text).not.toContain('Appendix · Controls and assurance');
      // No appetite set anywhere: one sentence, not five rows of dashes.
      expect(text).toContain('No risk appetite has been set for any category yet');
      expect(text).not.toContain('None set');
      // No target, treatment or movement recorded: those columns are left out (issue 12) and one line under
      // the table says so; the table still has its fixed columns on every page.
      const table = tablePages(printed);
      expect(table.headers.length).toBeGreaterThanOrEqual(2);
      for (const h of table.headers) {
        expect(h).toMatch(/Current score\s+Mitigation\s+Owner\s*$/);
        expect(h).not.toMatch(/Target|Treatment|Moved/);
      }
      expect(table.flat).not.toMatch(/No target(?! scores)/);
      expect(table.flat).toContain(
        "No target scores set yet. No treatment decision recorded yet. No score moved since each risk's previous review.",
      );
    } finally {
      s.session.close();
    }
  }, 120_000);

  it('the sample after a quarter of changes: Part A, then Part A and Part B', async () => {
    const s = await openShape('quarter');
    try {
      await s.ok('register:onboard', { choice: 'sample' });
      await scriptOrange(s.ok, s.setClock);
      await quarter(s);
      const a = await printShape('quarter-a', false);
      expectNoNearEmptyPage('quarter-a', a);
      const flat = await expectSummary('quarter-a', s, a);
      // The figures name what was recorded: SR4's limited audit and expired acceptance; SR7 is confidential.
      const figures = await expectedFigures(s, 'public');
      expect(figures.find((f) => f.id === 'acceptances-expired')?.refs).toEqual(['SR4']);
      expect(flat).toContain('Limited assurance from the 3rd line');
      expect(a.pages.join('\n')).not.toMatch(/\bSR7\b/);
      expect(flat).toContain('Escalations due');
      // The appetite page lists the category with an appetite and names the others in one line.
      const appetite = a.pages.join('\n').replace(/\s+/g, ' ');
      expect(appetite).toMatch(/Effectiveness Minimal 5 8 /);
      expect(appetite).toMatch(/No appetite set yet for (\w[\w ]*, )+\w[\w ]*\./);
      expect(appetite).not.toContain('None set');
      expect(flat).toContain('Score 16 or more');
      // Scores moved and treatments were recorded, so Moved and Treatment print; no target was set, so the
      // target column is left out and the line under the table says so.
      const table = tablePages(a);
      for (const h of table.headers) {
        expect(h).toMatch(/Owner\s+Treatment\s+Moved\s*$/);
        expect(h).not.toContain('Target');
      }
      expect(table.flat).toMatch(/SR4 .*↑ up from \d+ \w+/);
      expect(table.flat).toContain('Tolerate');
      expect(table.flat).toContain('No target scores set yet.');
      expect(table.flat).not.toContain('No score moved');

      const ab = await printShape('quarter-ab', true);
      expectNoNearEmptyPage('quarter-ab', ab);
      await expectSummary('quarter-ab', s, ab);
      const partB = ab.pages.slice(ab.parts.indexOf('part-b')).join('\n').replace(/\s+/g, ' ');
      // Part B's own figures: the ineffective control serves only SR7.
      const exempt = await expectedFigures(s, 'confidential');
      const ineffective = exempt.find((f) => f.id === 'controls-ineffective');
      expect(ineffective?.value).toBe(1);
      expect(partB).toMatch(/Controls\s+(ineffective\s+)?1\b/);
      expect(partB).toContain('Exempt contract review panel');
    } finally {
      s.session.close();
    }
  }, 180_000);

  it('the sample with three confidential risks: Part A leaves them out, Part B lists them', async () => {
    const s = await openShape('confidential');
    try {
      await s.ok('register:onboard', { choice: 'sample' });
      await confidential(s, ['SR3', 'SR7', 'SR11']);
      const a = await printShape('confidential-a', false);
      expectNoNearEmptyPage('confidential-a', a);
      await expectSummary('confidential-a', s, a);
      expect(a.pages.join('\n')).not.toMatch(/\bSR(3|7|11)\b/);
      const ab = await printShape('confidential-ab', true);
      expectNoNearEmptyPage('confidential-ab', ab);
      const partB = ab.pages.slice(ab.parts.indexOf('part-b')).join('\n');
      for (const ref of ['SR3', 'SR7', 'SR11']) expect(partB).toMatch(new RegExp(`\\b${ref}\\b`));
    } finally {
      s.session.close();
    }
  }, 180_000);

  it('one risk', async () => {
    const s = await openShape('one');
    try {
      await s.ok('register:onboard', { choice: 'empty' });
      await crowd(s, 1);
      const printed = await printShape('one', false);
      expectNoNearEmptyPage('one', printed);
      await expectSummary('one', s, printed);
      const text = printed.pages.join('\n').replace(/\s+/g, ' ');
      expect(text).toContain('the risk is counted as an assurance gap.');
      // Nothing moved: the heatmap's legend explains no now/was chips or arrows that are not there.
      const heat = (printed.pages[printed.parts.indexOf('heatmap')] ?? '').replace(/\s+/g, ' ');
      expect(heat).toContain('No score moved.');
      expect(heat).toContain('◆ outside appetite tolerance');
      expect(heat).not.toMatch(/\bwas\b|direction/);
    } finally {
      s.session.close();
    }
  }, 120_000);

  it('60 risks with objectives, controls, a quarter of changes and a confidential risk (Part A and B)', async () => {
    const s = await openShape('crowded');
    try {
      await s.ok('register:onboard', { choice: 'sample' });
      await scriptOrange(s.ok, s.setClock);
      await crowd(s, 60);
      await quarter(s);
      const a = await printShape('crowded-a', false);
      expectNoNearEmptyPage('crowded-a', a);
      await expectSummary('crowded-a', s, a);
      const ab = await printShape('crowded-ab', true);
      expectNoNearEmptyPage('crowded-ab', ab);
      await expectSummary('crowded-ab', s, ab);
    } finally {
      s.session.close();
    }
  }, 240_000);

  // 300 characters (CRITERION_MAX) runs the criteria over three pages; 170 characters left the Likelihood table
  // alone on a page 34 % filled until the print route balanced the criteria's break (docs/board-pack.md).
  it.each([170, CRITERION_MAX])(
    'the sample with every scoring criterion %i characters long: no near-empty page',
    async (length) => {
      const name = `long-criteria-${length}`;
      const s = await openShape(name);
      try {
        await s.ok('register:onboard', { choice: 'sample' });
        await quarter(s);
        // Every descriptor `length` characters long (at most CRITERION_MAX), words of varied length.
        const words =
          'demand service budget partners residents reputation statutory duty recovery plan'.split(' ');
        const long = (area: string, level: number) => {
          let t = `${area} level ${level}:`;
          for (let k = 0; t.length < length; k++) t += ` ${words[(k + level) % words.length] ?? 'risk'}`;
          return t.slice(0, length).trimEnd();
        };
        await s.ok('criteria:set', {
          changes: CRITERIA_AREAS.flatMap((area) =>
            SCORE_VALUES.map((level) => ({ area, level, text: long(area, level) })),
          ),
          reason: 'Long descriptors',
        });
        const printed = await printShape(name, false);
        expectNoNearEmptyPage(name, printed);
        const text = printed.pages.join('\n').replace(/\s+/g, ' ');
        expect(text).toContain('finance level 5:');
      } finally {
        s.session.close();
      }
    },
    180_000,
  );

  it('60 risks with nothing but scores (no objectives, empty appendix)', async () => {
    const s = await openShape('crowded-plain');
    try {
      await s.ok('register:onboard', { choice: 'sample' });
      await crowd(s, 60);
      const printed = await printShape('crowded-plain', false);
      expectNoNearEmptyPage('crowded-plain', printed);
      await expectSummary('crowded-plain', s, printed);
    } finally {
      s.session.close();
    }
  }, 240_000);
});
