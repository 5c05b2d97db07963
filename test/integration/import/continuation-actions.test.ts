/**
 * Continuation rows → tracked actions, and titles beside descriptions (issue 11): a district's action plan as an
 * XLSX with each risk merged down over its action rows, and a town council's CSV with the risk cells left blank.
 * Field by field: what lands in risks, actions, owners and history; what the preview names; and that a refused or
 * cancelled import leaves the register byte-identical.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyFor } from '../../../db/history.ts';
import { readRememberedMapping } from '../../../db/import/remembered.ts';
import type { ImportPreview } from '../../../shared/import/types.ts';
import { ACTION_ROWS_CSV, writeAll } from '../../fixtures/import/real-shapes/generate.ts';
import type { App, TempDir } from '../helpers.ts';
import { fingerprint, makeApp, makeTempDir } from '../helpers.ts';

let tmp: TempDir;
let app: App;
let db: string;
let files: Record<string, string>;

beforeEach(async () => {
  tmp = makeTempDir('rr-continuation-');
  app = makeApp();
  db = tmp.file('register.riskregister');
  await app.ok('register:create', { path: db });
  files = await writeAll(tmp.dir);
});
afterEach(() => {
  app.close();
  tmp.cleanup();
});

function registerState() {
  const conn = app.session.db;
  const tables = conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(
    tables.map((t) => [t, conn.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]),
  );
  return { rows, file: fingerprint(db), wal: fingerprint(`${db}-wal`) };
}

async function preview(path: string, mapping?: object) {
  const p = (await app.ok('import:preview', {
    path,
    ...(mapping ? { mapping } : {}),
  })) as ImportPreview | null;
  if (!p) throw new Error('no preview');
  return p;
}

function actionsInRegister() {
  return app.session.db
    .prepare(
      `SELECT r.ref, a.text, o.initials AS owner, o.name AS ownerName, a.due_date AS due, a.status, a.position
         FROM actions a JOIN risks r ON r.id = a.risk_id LEFT JOIN owners o ON o.id = a.owner_id
        ORDER BY r.position, a.position`,
    )
    .all();
}

function lastImportEntry() {
  const reg = historyFor(app.session.db, 'register', 'register');
  return reg[reg.length - 1]?.newValue as Record<string, unknown>;
}

describe('a district action plan (XLSX): risk cells merged down over the rows of their actions', () => {
  it('maps Risk to the title, the long header to the description, and Description beside Action Owner to the action', async () => {
    const p = await preview(files.actionPlan ?? '');
    expect(p.headerRow).toBe(2);
    expect(p.columns.map((c) => [c.letter, c.header, c.field])).toEqual([
      ['A', 'Ref', 'ref'],
      ['B', 'Risk', 'title'],
      ['C', 'Risk description / causes and consequences', 'description'],
      ['D', 'Category', 'category'],
      ['E', 'Risk owner', 'owner'],
      ['F', 'Impact', 'impact'],
      ['G', 'Likelihood', 'likelihood'],
      ['H', 'Existing controls', 'mitigation'],
      ['I', 'Description', 'actionText'],
      ['J', 'Action Owner', 'actionOwner'],
      ['K', 'Target Date', 'actionDue'],
      ['L', 'Status', 'actionStatus'],
    ]);
    expect(p.columns[8]?.note).toBe('The action’s description: it sits beside the action columns.');
    expect(p.notes).toContain(
      'Rows 4, 5, 8, 9 continue the risk above (their risk cells blank or merged down): each action on them becomes a tracked action on that risk.',
    );
    // Continuation rows are not rows of their own: three risks and the note under the table.
    expect(p.rows.map((r) => [r.row, r.ref, r.status])).toEqual([
      [3, 'CR1', 'ok'],
      [6, 'CR2', 'ok'],
      [7, 'CR3', 'ok'],
      [11, 'Status as at 03/06/2025. Impact and likelihood on a 5 × 5 matrix.', 'needs-repair'],
    ]);
    expect(p.rows[0]?.values).toMatchObject({
      ref: 'CR1',
      title: 'Financial sustainability',
      description:
        'Funding falls short of need over the medium term (causes: inflation, demand; consequences: cuts to services).',
      owners: ['Chief Finance Officer'],
      mitigation: 'Medium term financial strategy reviewed each year',
    });
    expect(p.rows[0]?.actions).toEqual([
      {
        row: 3,
        text: 'Refresh the medium term financial strategy',
        owner: 'CFO',
        dueDate: '2025-09-30',
        status: 'in_progress',
        publishedStatus: 'In progress',
      },
      {
        row: 4,
        text: 'Savings programme for 2026/27 agreed by Cabinet',
        owner: 'Head of Finance',
        dueDate: '2025-12-31',
        status: 'planned',
        publishedStatus: 'Not started',
      },
      {
        row: 5,
        text: 'Reserves policy reviewed',
        owner: 'CFO',
        dueDate: '2025-03-31',
        status: 'done',
        publishedStatus: 'Complete',
      },
    ]);
    expect(p.rows[0]?.notes[0]).toBe(
      '3 tracked actions will be created: row 3: “Refresh the medium term financial strategy”, CFO, due 30/09/2025, In progress; ' +
        'row 4: “Savings programme for 2026/27 agreed by Cabinet”, Head of Finance, due 31/12/2025, Planned (“Not started”); ' +
        'row 5: “Reserves policy reviewed”, CFO, due 31/03/2025, Done (“Complete”).',
    );
    // CR3 is merged over three rows with two actions: row 9 holds nothing of its own and adds nothing.
    expect(p.rows[2]?.actions?.map((a) => [a.row, a.text, a.owner, a.dueDate, a.status])).toEqual([
      [7, 'Apprenticeship scheme for planning', 'Head of HR', null, 'in_progress'],
      [8, 'Shared legal service with Westvale', 'MO', '2026-03-31', 'planned'],
    ]);
    expect(p.rows[2]?.warnings).toEqual([]);
  });

  it('refuses until the note is skipped (byte-identical), then creates the risks and their actions in one go', async () => {
    const before = registerState();
    const err = await app.fail('import:commit', { path: files.actionPlan ?? '' });
    expect(err.code).toBe('VALIDATION');
    expect(registerState()).toEqual(before);

    const result = await app.ok('import:commit', {
      path: files.actionPlan ?? '',
      accept: [{ row: 11, kind: 'skip-row' }],
    });
    expect(result).toMatchObject({ imported: 3, refs: ['CR1', 'CR2', 'CR3'], actions: 6 });
    expect(result.summary).toContain('Tracked actions: 6 actions on 3 risks (CR1 3, CR2 1, CR3 2).');
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => [r.ref, r.title, r.description, r.impact, r.likelihood, r.owners])).toEqual([
      [
        'CR1',
        'Financial sustainability',
        'Funding falls short of need over the medium term (causes: inflation, demand; consequences: cuts to services).',
        5,
        4,
        ['CFO'],
      ],
      ['CR2', 'Cyber attack', 'A cyber attack takes systems down for days.', 5, 3, ['DS', 'DH']],
      ['CR3', 'Workforce', 'Cannot recruit planners and lawyers.', 3, 4, ['HH']],
    ]);
    expect(actionsInRegister()).toEqual([
      {
        ref: 'CR1',
        text: 'Refresh the medium term financial strategy',
        owner: 'CFO',
        ownerName: 'Chief Finance Officer',
        due: '2025-09-30',
        status: 'in_progress',
        position: 1,
      },
      {
        ref: 'CR1',
        text: 'Savings programme for 2026/27 agreed by Cabinet',
        owner: 'HF',
        ownerName: 'Head of Finance',
        due: '2025-12-31',
        status: 'planned',
        position: 2,
      },
      {
        ref: 'CR1',
        text: 'Reserves policy reviewed',
        owner: 'CFO',
        ownerName: 'Chief Finance Officer',
        due: '2025-03-31',
        status: 'done',
        position: 3,
      },
      {
        ref: 'CR2',
        text: 'Run a cyber exercise with the LRF',
        owner: 'DS',
        ownerName: '',
        due: '2026-01-15',
        status: 'planned',
        position: 1,
      },
      {
        ref: 'CR3',
        text: 'Apprenticeship scheme for planning',
        owner: 'HH',
        ownerName: 'Head of HR',
        due: null,
        status: 'in_progress',
        position: 1,
      },
      {
        ref: 'CR3',
        text: 'Shared legal service with Westvale',
        owner: 'MO',
        ownerName: '',
        due: '2026-03-31',
        status: 'planned',
        position: 2,
      },
    ]);
    // Each action has its own history row, with the import as its reason; the import's entry lists them.
    const cr1 = risks.find((r) => r.ref === 'CR1');
    const listed = await app.ok('actions:list', { riskId: cr1?.id ?? '' });
    const created = historyFor(app.session.db, 'action', listed[0]?.id ?? '');
    expect(created.map((h) => [h.action, h.reason, h.label])).toEqual([
      ['create', 'Imported from district-action-plan.xlsx', 'CR1'],
    ]);
    const entry = lastImportEntry();
    expect(entry.actions).toEqual([
      {
        row: 3,
        ref: 'CR1',
        action: {
          text: 'Refresh the medium term financial strategy',
          owner: 'CFO',
          dueDate: '2025-09-30',
          status: 'in_progress',
        },
      },
      {
        row: 4,
        ref: 'CR1',
        action: {
          text: 'Savings programme for 2026/27 agreed by Cabinet',
          owner: 'HF',
          dueDate: '2025-12-31',
          status: 'planned',
        },
        publishedStatus: 'Not started',
      },
      {
        row: 5,
        ref: 'CR1',
        action: { text: 'Reserves policy reviewed', owner: 'CFO', dueDate: '2025-03-31', status: 'done' },
        publishedStatus: 'Complete',
      },
      {
        row: 6,
        ref: 'CR2',
        action: {
          text: 'Run a cyber exercise with the LRF',
          owner: 'DS',
          dueDate: '2026-01-15',
          status: 'planned',
        },
      },
      {
        row: 7,
        ref: 'CR3',
        action: {
          text: 'Apprenticeship scheme for planning',
          owner: 'HH',
          dueDate: null,
          status: 'in_progress',
        },
        publishedStatus: 'Ongoing',
      },
      {
        row: 8,
        ref: 'CR3',
        action: {
          text: 'Shared legal service with Westvale',
          owner: 'MO',
          dueDate: '2026-03-31',
          status: 'planned',
        },
      },
    ]);
    expect(entry.mapping).toMatchObject({ title: 'Risk', actionText: 'Description', actionStatus: 'Status' });
    // A column placed by its neighbours is this file's layout: not remembered for the next file.
    const remembered = readRememberedMapping(app.session.db);
    expect(remembered).toMatchObject({ actionOwner: 'Action Owner', actionDue: 'Target Date' });
    expect(remembered.actionText).toBeUndefined();
    expect(remembered.title).toBeUndefined();
  });
});

describe('a town council CSV: Risk title + Description, the risk cells blank on its further action rows', () => {
  it('previews the title, the description and each risk’s actions, and a cancelled import writes nothing', async () => {
    const before = registerState();
    const p = await preview(files.actionRows ?? '');
    expect(p.mapping).toEqual({
      ref: 'Ref',
      title: 'Risk title',
      description: 'Description',
      category: 'Category',
      impact: 'Impact',
      likelihood: 'Likelihood',
      owner: 'Owner',
      actionText: 'Further actions',
      actionOwner: 'Action owner',
      actionDue: 'Due date',
      actionStatus: 'Status',
    });
    expect(p.rows.map((r) => [r.row, r.ref, r.status, r.values.title, r.actions?.length ?? 0])).toEqual([
      [2, 'T1', 'ok', 'Town hall roof', 3],
      [5, 'T2', 'ok', 'Precept error', 0],
      [6, 'T3', 'ok', 'Allotment disputes', 1],
    ]);
    expect(p.rows[0]?.actions?.map((a) => [a.row, a.text, a.owner, a.dueDate, a.status])).toEqual([
      [2, 'Get three quotes for the roof', 'Town Clerk', '2025-10-31', 'planned'],
      [3, 'Apply for the heritage grant', 'RFO', '2025-11-30', 'in_progress'],
      [4, 'Move the archive out of the attic', 'Town Clerk', null, 'done'],
    ]);
    // Previewing (and closing the wizard) writes nothing.
    expect(registerState()).toEqual(before);
  });

  it('imports the risks with titles and their actions; the job-title action owner is one owner', async () => {
    const result = await app.ok('import:commit', { path: files.actionRows ?? '' });
    expect(result).toMatchObject({ imported: 3, actions: 4 });
    const risks = await app.ok('risks:list', {});
    expect(risks.map((r) => [r.ref, r.title, r.description, r.owners])).toEqual([
      ['T1', 'Town hall roof', 'The roof of the town hall leaks and damages the council chamber', ['TC']],
      ['T2', 'Precept error', 'An error in the precept return loses income', ['RFO']],
      ['T3', 'Allotment disputes', 'Disputes over allotment tenancies take the clerk’s time', ['TC']],
    ]);
    expect(actionsInRegister().map((a) => Object.values(a as object))).toEqual([
      ['T1', 'Get three quotes for the roof', 'TC', 'Town Clerk', '2025-10-31', 'planned', 1],
      ['T1', 'Apply for the heritage grant', 'RFO', '', '2025-11-30', 'in_progress', 2],
      ['T1', 'Move the archive out of the attic', 'TC', 'Town Clerk', null, 'done', 3],
      ['T3', 'Adopt new tenancy agreement', 'FC', 'Full Council', '2026-03-31', 'planned', 1],
    ]);
  });

  it('refuses an action row without a description, an unknown status and a bad date, naming each row; nothing written', async () => {
    const bad = tmp.file('town-bad-actions.csv');
    writeFileSync(
      bad,
      ACTION_ROWS_CSV.replace(
        ',,,,,,,Apply for the heritage grant,RFO,30/11/2025,In progress',
        ',,,,,,,,RFO,30/11/2025,In progress',
      )
        .replace('Town Clerk,,Done', 'Town Clerk,,Parked')
        .replace('Full Council,31/03/2026,Planned', 'Full Council,31/13/2026,Planned'),
    );
    const p = await preview(bad);
    expect(p.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'error'],
      [5, 'ok'],
      [6, 'error'],
    ]);
    expect(p.rows[0]?.errors).toEqual([
      "Action on row 3 has an owner (RFO), a due date (30/11/2025), a status (In progress) but no description. Add the action's description in the file, or clear the row.",
      'Action on row 4: The action status “Parked” is not one the register knows. Write Planned, In progress or Done (also read: Not started, Open, Ongoing, On track, Overdue, Complete, Closed…) in the file, or map the status column out, then import again.',
    ]);
    expect(p.rows[2]?.errors).toEqual([
      'Action on row 6: the due date “31/13/2026” is not a real date read as dd/mm/yyyy. Correct it, then import again.',
    ]);
    const before = registerState();
    const err = await app.fail('import:commit', { path: bad });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(
      /^Nothing was imported: 2 rows need attention\.\nrow 2 \(T1\): Action on row 3 has an owner/,
    );
    expect(registerState()).toEqual(before);
    expect(actionsInRegister()).toEqual([]);
  });

  it('a mapping can leave the actions out: the action columns are then named as not imported', async () => {
    const p = await preview(files.actionRows ?? '', {
      actionText: null,
      actionOwner: null,
      actionDue: null,
      actionStatus: null,
    });
    // The rows below T1 are then no longer its actions: rows without a risk, named as errors (never imported).
    expect(p.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'ok'],
      [3, 'error'],
      [4, 'error'],
      [5, 'ok'],
      [6, 'ok'],
    ]);
    expect(p.rows[1]?.errors).toContain('The description of the risk is empty. Add it in the file.');
    expect(p.rows[0]?.actions).toBeUndefined();
    expect(p.notes.join('\n')).toMatch(
      /Not imported: “Further actions”, “Action owner”, “Due date”, “Status”\./,
    );
  });
});
