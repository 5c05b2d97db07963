import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import { blockingMessages, checkImport } from '../../../shared/import/check.ts';
import { csvToTable } from '../../../shared/import/csv.ts';
import { checkTableLimits, columnLetter, IMPORT_LIMITS } from '../../../shared/import/limits.ts';
import type { AcceptedRepair, SourceTable } from '../../../shared/import/types.ts';
import { keptFromColumnsNotImported } from '../../../db/work/jobs.ts';

const HEAD = 'Ref,Category,Description of risk,I,L,Score,Mitigation,Owner';

function check(csv: string, opts: { existing?: string[]; accept?: AcceptedRepair[] } = {}) {
  return checkImport(csvToTable(csv), {
    existingRefs: opts.existing ?? [],
    key: LGA_KEY,
    accept: opts.accept,
  });
}

const rowOf = (plan: ReturnType<typeof check>, n: number) => {
  const r = plan.rows.find((x) => x.row === n);
  if (!r) throw new Error(`no row ${n}`);
  return r;
};

describe('import row checks', () => {
  it('passes good rows with the score and band worked out, not read', () => {
    const p = check(`${HEAD}\nSR1,Finance,Grant cut,4,2,8,Lobby,SP/VV\n`);
    expect(p.fileErrors).toEqual([]);
    expect(rowOf(p, 2)).toMatchObject({
      status: 'ok',
      values: { ref: 'SR1', score: 8, band: 'Yellow', owners: ['SP', 'VV'] },
    });
    expect(rowOf(p, 2).notes).toEqual(['Owners: SP, VV (from “SP/VV”).']);
    expect(p.risks).toHaveLength(1);
  });

  it('reads a repeated owner cell and RAG text the same on every row, each row with its own owners list', () => {
    const head = 'Ref,Category,Description of risk,I,L,RAG,Owner';
    const p = check(
      `${head}\nSR1,F,A,4,2,Yellow,CH PA's HGO's\nSR2,F,B,4,2,Yellow,CH PA's HGO's\nSR3,F,C,5,5,Yellow,Head of Legal Services\n` +
        "SR4,F,D,5,5,Yellow,Head of Legal Services\nSR5,F,E,4,2,Yellow,CH PA's HGO's\n",
    );
    expect(p.rows.map((r) => r.values.owners)).toEqual([
      ['CH', 'PAs', 'HGOs'],
      ['CH', 'PAs', 'HGOs'],
      ['Head of Legal Services'],
      ['Head of Legal Services'],
      ['CH', 'PAs', 'HGOs'],
    ]);
    // The RAG text is read once but judged against each row's own score.
    expect(p.rows.map((r) => r.warnings.filter((w) => w.startsWith('The RAG column')).length)).toEqual([
      0, 0, 1, 1, 0,
    ]);
    const [first, second] = p.risks;
    expect(first?.owners).not.toBe(second?.owners);
    first?.owners.push('changed');
    expect(second?.owners).toEqual(['CH', 'PAs', 'HGOs']);
  });

  it('refuses impact and likelihood outside 1–5 or not whole, naming the value', () => {
    const p = check(`${HEAD}\nSR1,F,A,6,2,,,\nSR2,F,B,4,2.5,,,\nSR3,F,C,Severe,2,,,\nSR4,F,D,0,1,,,\n`);
    // The largest number is 6: the file seems to use a 6-point scale, and a conversion is offered, not a guess.
    expect(rowOf(p, 2).errors).toEqual([
      'Impact must be a whole number from 1 to 5; the file has 6. The score columns go up to 6, so the file seems to use a ' +
        '6-point scale: say how each point becomes 1–5 in the mapping\'s convert, such as "convert": ' +
        '{"1":1,"2":2,"3":3,"4":3,"5":4,"6":5}.',
    ]);
    expect(rowOf(p, 3).errors[0]).toMatch(
      /^Likelihood is 2\.5, not a whole number \(an average, perhaps\)\. Choose how decimals are made whole in the mapping \("rounding": "half-up", "up" or "down"\)/,
    );
    expect(rowOf(p, 4).errors[0]).toMatch(/the file has “Severe”, which is not a word of a known scale/);
    expect(rowOf(p, 5).errors[0]).toMatch(/Impact must be .* the file has 0\./);
    expect(p.rows.every((r) => r.status === 'error')).toBe(true);
    expect(p.risks).toEqual([]);
  });

  it('accepts 4.0 as 4', () => {
    expect(rowOf(check(`${HEAD}\nSR1,F,A,4.0,2,,,\n`), 2).values.impact).toBe(4);
  });

  it('warns, and recomputes, when the score column disagrees with impact × likelihood', () => {
    const p = check(`${HEAD}\nSR1,F,A,4,2,12,,\n`);
    expect(rowOf(p, 2).status).toBe('warning');
    expect(rowOf(p, 2).warnings).toEqual([
      'The score column says 12, but 4 × 2 = 8: the register works the score out itself and will show 8 (Yellow).',
    ]);
    expect(p.risks[0]).toMatchObject({ impact: 4, likelihood: 2 });
  });

  it('refuses a row with only a combined score, and says what to do', () => {
    const p = check(`${HEAD}\nSR1,F,A,,,12,,\n`);
    expect(rowOf(p, 2).errors[0]).toMatch(
      /^Only a score \(12\) is given, without impact and likelihood\. A score cannot be split into the two .* add the impact and likelihood/,
    );
  });

  it('offers the rows of a file with a combined score only (no impact, no likelihood) as not yet assessed, imported only when accepted', () => {
    const csv = 'Ref,Category,Risk,Score\nSR1,F,A,16\nSR2,F,B,\n';
    const p = check(csv);
    expect(p.fileErrors).toEqual([]);
    expect(p.notes.join(' ')).toMatch(
      /combined score \(“Score”\) but no Impact and Likelihood columns\. A score cannot be split/,
    );
    expect(rowOf(p, 2).status).toBe('needs-repair');
    expect(rowOf(p, 2).repairs).toEqual([
      {
        kind: 'not-yet-assessed',
        message:
          'Only a combined score (16) is published: import as not yet assessed, keeping 16 in its history (give it a score in the register afterwards).',
        value: 'Not yet scored',
        accepted: false,
      },
    ]);
    expect(p.risks).toEqual([]);
    expect(blockingMessages(p)).toHaveLength(2);
    const accepted = check(csv, {
      accept: [
        { row: 2, kind: 'not-yet-assessed' },
        { row: 3, kind: 'not-yet-assessed' },
      ],
    });
    expect(blockingMessages(accepted)).toEqual([]);
    expect(accepted.risks.map((r) => [r.ref, r.impact, r.likelihood, r.published])).toEqual([
      ['SR1', null, null, { score: '16' }],
      ['SR2', null, null, { score: '' }],
    ]);
  });

  it('offers a generated ref for a missing one, applied only when accepted', () => {
    const csv = `${HEAD}\nSR1,F,A,4,2,,,\n,F,B,3,3,,,\n`;
    const offered = check(csv);
    expect(rowOf(offered, 3).status).toBe('needs-repair');
    expect(rowOf(offered, 3).repairs).toEqual([
      {
        kind: 'generate-ref',
        message: 'The ref is missing. Accept the generated ref SR2, or add a ref to the file.',
        value: 'SR2',
        accepted: false,
      },
    ]);
    expect(offered.risks.map((r) => r.ref)).toEqual(['SR1']);
    expect(blockingMessages(offered)).toEqual([
      'row 3: The ref is missing. Accept the generated ref SR2, or add a ref to the file.',
    ]);
    const accepted = check(csv, { accept: [{ row: 3, kind: 'generate-ref' }] });
    expect(rowOf(accepted, 3).status).toBe('ok');
    expect(accepted.risks.map((r) => r.ref)).toEqual(['SR1', 'SR2']);
  });

  it('flags a ref used twice in the file, and one the register already has', () => {
    const p = check(`${HEAD}\nSR1,F,A,4,2,,,\nsr1,F,B,3,3,,,\nSR5,F,C,3,3,,,\n`, {
      existing: ['SR5', 'SR9'],
    });
    expect(rowOf(p, 3).repairs[0]?.message).toBe(
      'The ref sr1 is also used by row 2 of this file. Accept SR10 for this row, or correct the file.',
    );
    expect(rowOf(p, 4).repairs[0]?.message).toBe(
      'The register already has a risk SR5. Accept SR11 for this row, or leave the row out of the file if it is the same risk.',
    );
  });

  it('refuses a ref with spaces or one that is too long', () => {
    const p = check(`${HEAD}\nSR 1,F,A,4,2,,,\nSR12345678901234567890,F,A,4,2,,,\n`);
    expect(rowOf(p, 2).errors[0]).toMatch(/letters, digits, dots, dashes, slashes and brackets only/);
    expect(rowOf(p, 3).errors[0]).toMatch(/too long: at most 20 characters/);
  });

  it('offers “Uncategorised” for an empty category, and refuses an empty description', () => {
    const p = check(`${HEAD}\nSR1,,A,4,2,,,\nSR2,F,,4,2,,,\n`);
    expect(rowOf(p, 2).repairs[0]).toMatchObject({ kind: 'default-category', value: 'Uncategorised' });
    expect(rowOf(p, 3).errors).toEqual(['The description of the risk is empty. Add it in the file.']);
  });

  it('reads dd/mm/yyyy dates and refuses invalid, two-digit-year and month-first ones', () => {
    const head = 'Ref,Category,Risk,I,L,Review date';
    const p = check(
      `${head}\nSR1,F,A,4,2,31/03/2026\nSR2,F,A,4,2,31/02/2026\nSR3,F,A,4,2,03/04/26\nSR4,F,A,4,2,next year\n`,
    );
    expect(rowOf(p, 2).values.reviewDate).toBe('2026-03-31');
    expect(rowOf(p, 3).errors[0]).toMatch(/“31\/02\/2026” is not a real date/);
    expect(rowOf(p, 4).errors[0]).toMatch(/2-digit year.*Write the year in full/);
    expect(rowOf(p, 5).errors[0]).toMatch(/“next year” is not a date the register can read/);
    expect(p.notes.some((n) => /Review dates \(“Review date”\) become each risk's next review/.test(n))).toBe(
      true,
    );

    const us = check(`${head}\nSR1,F,A,4,2,03/25/2026\nSR2,F,A,4,2,04/05/2026\nSR3,F,A,4,2,05/05/2026\n`);
    expect(rowOf(us, 2).errors[0]).toMatch(/is written month first/);
    expect(rowOf(us, 3).errors[0]).toMatch(/“04\/05\/2026” is ambiguous: row 2 writes dates month first/);
    expect(rowOf(us, 4).status).toBe('ok');
  });

  it('ignores the RAG column but warns when it disagrees with the band', () => {
    const head = 'Ref,Category,Risk,I,L,RAG';
    const p = check(
      `${head}\nSR1,F,A,4,2,Yellow\nSR2,F,A,4,2,Red\nSR3,F,A,4,2,Y\nSR4,F,A,5,3,8\nSR5,F,A,5,3,Purple\n`,
    );
    expect(rowOf(p, 2).status).toBe('ok');
    expect(rowOf(p, 3).warnings).toEqual([
      "The RAG column says Red, but 4 × 2 = 8 is Yellow in this register's key; the register will show Yellow.",
    ]);
    expect(rowOf(p, 4).status).toBe('ok');
    expect(rowOf(p, 5).warnings[0]).toMatch(/RAG column says 8, but 5 × 3 = 15/);
    expect(rowOf(p, 6).warnings[0]).toMatch(/“Purple”, which is not a band/);
  });

  it('flags a formula cell and imports its last value', () => {
    const table: SourceTable = {
      rows: [
        { row: 1, cells: ['Ref', 'Category', 'Risk', 'I', 'L'].map((text) => ({ text })) },
        {
          row: 2,
          cells: [
            { text: 'SR1' },
            { text: 'F' },
            { text: 'A' },
            { text: '4', number: 4, formula: 'B9*2' },
            { text: '2' },
          ],
        },
      ],
    };
    const p = checkImport(table, { existingRefs: [], key: LGA_KEY });
    expect(p.rows[0]?.warnings).toEqual([
      'The “I” cell is a formula (=B9*2); its last calculated value 4 is imported as a plain value, not the formula.',
    ]);
    expect(p.risks[0]?.impact).toBe(4);
  });

  it('stops at the Key under the table and passes over a title above it', () => {
    const csv = `Register – summary as at 01/04/2026\n\n${HEAD}\nSR1,F,A,4,2,8,,\n\nKey\nScore,RAG,Management action\n1 to 5,Green,Accept\n`;
    const p = check(csv);
    expect(p.headerRow).toBe(3);
    expect(p.rows.map((r) => r.ref)).toEqual(['SR1']);
    expect(p.notes.join(' ')).toMatch(/The table ends at row 6, where the Key begins/);
  });

  it('reads target scores as pairs and warns when only a target score is given', () => {
    const head = 'Ref,Category,Risk,I,L,Target impact,Target likelihood,Target score';
    const p = check(`${head}\nSR1,F,A,4,4,2,2,4\nSR2,F,A,4,4,,,6\nSR3,F,A,4,4,2,,\n`);
    expect(rowOf(p, 2).values.target).toEqual({ impact: 2, likelihood: 2 });
    expect(rowOf(p, 3).warnings[0]).toMatch(
      /target score \(6\) is given without target impact and likelihood/,
    );
    expect(rowOf(p, 4).errors[0]).toMatch(/Target likelihood is empty while target impact is given/);
  });

  it('keeps text that looks like a formula as text', () => {
    const p = check(`${HEAD}\nSR1,@SUM(1+1),=cmd|' /C calc'!A0,4,2,,+1,-1\n`);
    expect(p.risks[0]).toMatchObject({
      category: '@SUM(1+1)',
      description: "=cmd|' /C calc'!A0",
      mitigation: '+1',
      owners: ['-1'],
    });
  });

  it('refuses a cell longer than Excel allows, and more than 200,000 rows', () => {
    const long = 'x'.repeat(IMPORT_LIMITS.cellChars + 1);
    expect(() => checkTableLimits(csvToTable(`${HEAD}\nSR1,F,${long},4,2,,,\n`), columnLetter)).toThrow(
      /Row 2, column C holds 32,768 characters; a cell can hold at most 32,767/,
    );
    const many = Array.from({ length: IMPORT_LIMITS.rows + 1 }, (_, i) => `SR${i + 1},F,A,4,2,,,`).join('\n');
    expect(() => check(`${HEAD}\n${many}\n`)).toThrow(
      /200,001 rows under its header; an import can hold at most 200,000/,
    );
  }, 60_000);
});

describe('title and description columns', () => {
  it('takes the column with text as the description when the other is empty in every row', () => {
    const p = check(
      'Ref,Category,Risk title,Description,I,L\nT1,Assets,Roof leaks,,3,4\nT2,Finance,Precept error,,4,2\n',
    );
    expect(p.mapping).toMatchObject({ description: 'Risk title' });
    expect(p.mapping.title).toBeUndefined();
    expect(p.notes).toContain(
      '“Description” is empty in every row, so the description comes from “Risk title”. Choose otherwise in the column mapping.',
    );
    expect(p.risks.map((r) => [r.ref, r.title, r.description])).toEqual([
      ['T1', undefined, 'Roof leaks'],
      ['T2', undefined, 'Precept error'],
    ]);
  });

  it('keeps both when both have text: the title and the description, each shown on the row', () => {
    const p = check(
      'Ref,Category,Risk title,Description,I,L\nT1,Assets,Roof leaks,The town hall roof leaks,3,4\n',
    );
    expect(p.mapping).toMatchObject({ title: 'Risk title', description: 'Description' });
    expect(rowOf(p, 2).values).toMatchObject({
      title: 'Roof leaks',
      description: 'The town hall roof leaks',
    });
    expect(p.risks[0]).toMatchObject({ title: 'Roof leaks', description: 'The town hall roof leaks' });
  });

  it('names both when two description columns have text, and lets the mapping choose the other', () => {
    const csv =
      'Ref,Category,Risk description,Description of risk,I,L\nR1,Finance,Funding gap,Funding falls short of need,4,4\n';
    const p = check(csv);
    expect(p.mapping.description).toBe('Description of risk');
    expect(p.notes).toContain(
      'Two columns could be the description and both have text: “Description of risk” is taken as the description, and ' +
        '“Risk description” is not imported. Choose the other in the column mapping (or map it to the title).',
    );
    const chosen = checkImport(csvToTable(csv), {
      existingRefs: [],
      key: LGA_KEY,
      mapping: { title: 'Risk description', description: 'Description of risk' },
    });
    expect(chosen.risks[0]).toMatchObject({
      title: 'Funding gap',
      description: 'Funding falls short of need',
    });
  });

  it('refuses a title over 200 characters, naming the limit', () => {
    const p = check(`Ref,Category,Risk title,Description,I,L\nT1,Assets,${'x'.repeat(201)},Roof,3,4\n`);
    expect(rowOf(p, 2).errors).toEqual([
      'The title is too long: at most 200 characters (it has 201). Shorten it in the file and put the detail in the description.',
    ]);
    expect(p.risks).toEqual([]);
  });
});

describe('3- and 4-point scales', () => {
  const FOUR = [
    'Corporate risk register — scored on a 4 × 4 matrix',
    'Ref,Category,Description of risk,Impact,Likelihood',
    'C1,Finance,Funding gap,4,3',
    'C2,People,Loss of staff,2,1',
    '',
  ].join('\n');

  it('recognises a 4 × 4 key above the table and refuses until a conversion is chosen', () => {
    const p = check(FOUR);
    expect(p.otherScale).toEqual({
      points: 4,
      why: '“4 × 4” in row 1',
      proposed: { '1': 1, '2': 2, '3': 4, '4': 5 },
      chosen: null,
    });
    expect(p.fileErrors).toEqual([
      'The file seems to use a 4-point scale (“4 × 4” in row 1, and every score is from 1 to 4), so its numbers are not yet ' +
        '1–5. Confirm a conversion: the even one (1 → 1, 2 → 2, 3 → 4, 4 → 5), your own, or keep the numbers as they are ' +
        '(1 → 1, 2 → 2, 3 → 3, 4 → 4) — in the wizard\'s choices, or as "convert" in the mapping, such as "convert": ' +
        '{"1":1,"2":2,"3":4,"4":5}. Then preview again.',
    ]);
    expect(p.counts.importable).toBe(0);
    // Accepting every repair does not choose a conversion: it is not a repair.
    const all = check(FOUR, { accept: [2, 3, 4].flatMap((row) => [{ row, kind: 'skip-row' as const }]) });
    expect(all.fileErrors).toHaveLength(1);
  });

  it('converts as the mapping says, keeping the published values', () => {
    const p = checkImport(csvToTable(FOUR), {
      existingRefs: [],
      key: LGA_KEY,
      mapping: { convert: { '1': 1, '2': 2, '3': 4, '4': 5 } },
    });
    expect(p.fileErrors).toEqual([]);
    expect(p.risks.map((r) => [r.ref, r.impact, r.likelihood])).toEqual([
      ['C1', 5, 4],
      ['C2', 2, 1],
    ]);
    expect(p.published).toEqual([
      { row: 3, field: 'impact', published: '4', value: 5 },
      { row: 3, field: 'likelihood', published: '3', value: 4 },
    ]);
    expect(p.notes).toContain(
      'The file uses a 4-point scale (“4 × 4” in row 1): its scores are converted as chosen (1 → 1, 2 → 2, 3 → 4, 4 → 5); the published values are kept in history.',
    );
  });

  it('recognises a header such as “Impact (1-3)”; without any hint 1–3 scores are read as they are', () => {
    const three = check('Ref,Category,Description of risk,Impact (1-3),Likelihood (1-3)\nA1,F,Gap,3,2\n');
    expect(three.otherScale).toMatchObject({
      points: 3,
      why: 'the header “Impact (1-3)”',
      proposed: { '1': 1, '2': 3, '3': 5 },
    });
    const plain = check('Ref,Category,Description of risk,Impact,Likelihood\nA1,F,Gap,3,2\n');
    expect(plain.otherScale).toBeUndefined();
    expect(plain.fileErrors).toEqual([]);
    // A "4 × 4" hint with a 5 in the scores is not a 4-point file.
    const five = check(FOUR.replace('C2,People,Loss of staff,2,1', 'C2,People,Loss of staff,5,1'));
    expect(five.otherScale).toBeUndefined();
  });
});

describe('CSV cells as plain text (issue 14)', () => {
  it('gives the same plan for cells read as strings (CSV) as for the same cells as { text } objects', () => {
    const csv = [
      'Strategic risk register – 4 × 4 matrix',
      '',
      `${HEAD},Band,Action,Action owner,Notes`,
      'SR1,Finance,Grant cut,4,2,9,Lobby,"SP, VV",Red,Write to MP,SP,kept note',
      ',,,,,,,,,Second action,VV,',
      'SR2,People,"Loss of staff\nover two lines",3,3,9,Train,Head of HR,Amber,,,',
      'SR3,People,Bad score,x,1,,Train,AB,,,,',
      'Key',
      'Prepared by the risk team',
    ].join('\n');
    const strings = csvToTable(csv);
    expect(strings.rows.every((r) => r.cells.every((c) => typeof c === 'string'))).toBe(true);
    const objects: SourceTable = {
      rows: strings.rows.map((r) => ({ row: r.row, cells: r.cells.map((c) => ({ text: c as string })) })),
    };
    const opts = { existingRefs: ['SR9'], key: LGA_KEY };
    const a = checkImport(strings, opts);
    const b = checkImport(objects, opts);
    expect(a).toEqual(b);
    // The plan is not a trivial one: a risk with two actions, a title owner, a refused row and text under the table.
    expect(a.rows.map((r) => r.status)).toContain('error');
    expect(a.rows.find((r) => r.ref === 'SR1')?.actions).toHaveLength(2);
    expect(a.rows.find((r) => r.ref === 'SR2')?.values.owners).toEqual(['Head of HR']);
    expect(a.otherScale?.points).toBe(4);
    expect(keptFromColumnsNotImported(a, strings)).toEqual(keptFromColumnsNotImported(b, objects));
  });
});

describe('XLSX number cells as plain numbers (issue 14)', () => {
  it('gives the same plan for a number cell held as the number as for { text: String(n), number: n }', () => {
    const csv = [
      `${HEAD},RAG,Review date,Action,Action owner`,
      'SR1,Finance,Grant cut,4,2,9,Lobby,SP,7,01/04/2027,Write to MP,SP',
      'SR2,People,Loss of staff,3,3,9,Train,Head of HR,NaN,,,',
      'SR3,People,Odd scores,2.5,1,2.5,Train,AB,15,,,',
      'SR4,People,Past five,6,0,0,Train,AB,9,45000,,',
      '101,People,A ref that is a number,1,5,5,Train,AB,NaN,,,',
      'SR6,People,RAG as a number after its text,5,5,25,Train,AB,25,,,',
    ].join('\n');
    const strings = csvToTable(csv);
    const number = (c: string) => (c.trim() !== '' && Number.isFinite(Number(c)) ? Number(c) : null);
    const plain: SourceTable = {
      rows: strings.rows.map((r) => ({
        row: r.row,
        cells: r.cells.map((c) => number(c as string) ?? (c as string)),
      })),
    };
    const objects: SourceTable = {
      rows: strings.rows.map((r) => ({
        row: r.row,
        cells: r.cells.map((c) => {
          const n = number(c as string);
          return n === null ? (c as string) : { text: String(n), number: n };
        }),
      })),
    };
    // A NaN the reader read from a number cell (parseFloat of a value that is not one): a number, not the text "NaN".
    const nan = (t: SourceTable, cell: unknown) => {
      const row = t.rows.find((r) => r.cells[0] === 'SR2');
      if (row) row.cells[8] = cell as never;
    };
    nan(plain, Number.NaN);
    nan(objects, { text: 'NaN', number: Number.NaN });
    expect(plain.rows.some((r) => r.cells.some((c) => typeof c === 'number'))).toBe(true);
    const opts = { existingRefs: ['SR9'], key: LGA_KEY };
    const a = checkImport(plain, opts);
    const b = checkImport(objects, opts);
    expect(a).toEqual(b);
    expect(a.rows.map((r) => r.status)).toContain('error');
    expect(a.rows.find((r) => r.ref === 'SR1')?.warnings.join(' ')).toMatch(/RAG column says 7/);
    expect(keptFromColumnsNotImported(a, plain)).toEqual(keptFromColumnsNotImported(b, objects));
  });
});
