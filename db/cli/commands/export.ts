import { AppError } from '../../../shared/errors.ts';
import type { Command } from '../context.ts';
import { stringOpt, UsageError } from '../context.ts';

export const exportCommand: Command = {
  usage: [
    'export summary --format xlsx|csv|pdf --out FILE --db FILE [--target] [--bands Amber,Red] [--sort ref|score]',
    '               [--travel]            (--travel: a direction-of-travel column since the previous review)',
    '                                     Write the summary table with the Key (PDF: the board pack with the',
    '                                     heatmap, drawn by Chromium: CHROMIUM_PATH, and npm run build first)',
    '               [--marking TEXT] [--exempt]   (PDF: the protective marking, OFFICIAL by default; --exempt adds',
    '                                     Part B, the confidential risks, to the public Part A)',
    'export register --out FILE.xlsx --db FILE',
    '                                     Write the register workbook (Risks, Actions, Owners, Key): imports into',
    '                                     an empty register and gives back the same register',
  ],
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    target: { type: 'boolean', default: false },
    bands: { type: 'string' },
    sort: { type: 'string', default: 'ref' },
    travel: { type: 'boolean', default: false },
    marking: { type: 'string' },
    exempt: { type: 'boolean', default: false },
  },
  async run({ args, values, openDb, call, io }) {
    if (args[0] === 'register') {
      const out = stringOpt(values, 'out');
      if (!out) throw new UsageError('--out FILE.xlsx is required');
      if (!/\.xlsx$/i.test(out))
        throw new UsageError('the register workbook is an .xlsx file: --out FILE.xlsx');
      await openDb();
      const written = await call('export:register', { path: out });
      if (!written) throw new AppError('INTERNAL', 'Nothing was written.');
      io.out(
        `Wrote the register workbook to ${written.path}: ${written.risks} ${written.risks === 1 ? 'risk' : 'risks'}, ${written.actions} ${written.actions === 1 ? 'action' : 'actions'}.`,
      );
      return 0;
    }
    if (args[0] !== 'summary') {
      throw new UsageError('export knows two things to export: export summary … or export register …');
    }
    const format = stringOpt(values, 'format');
    if (!format) throw new UsageError('--format xlsx, csv or pdf is required');
    const out = stringOpt(values, 'out');
    if (!out) throw new UsageError('--out FILE is required');
    const bands = stringOpt(values, 'bands')
      ?.split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    await openDb();
    const result = await call('export:summary', {
      // The contract refuses anything but xlsx, csv and pdf with its own message.
      format: format as 'xlsx',
      path: out,
      scores: values.target === true ? 'target' : 'current',
      bands: bands?.length ? bands : null,
      sort: (stringOpt(values, 'sort') ?? 'ref') as 'ref',
      ...(values.travel === true ? { travel: true } : {}),
      ...(stringOpt(values, 'marking') !== undefined ? { marking: stringOpt(values, 'marking') } : {}),
      ...(values.exempt === true ? { exempt: true } : {}),
    });
    if (!result) throw new AppError('INTERNAL', 'Nothing was written.');
    io.out(
      `Wrote ${result.rows} ${result.rows === 1 ? 'risk' : 'risks'} to ${result.path} (${result.subtitle}).`,
    );
    return 0;
  },
};
