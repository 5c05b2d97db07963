import { appetiteSummary } from '../../../shared/appetite.ts';
import { summariseRisk } from '../../../shared/risk-view.ts';
import { NOT_SCORED_LABEL } from '../../../shared/scoring.ts';
import type { Command } from '../context.ts';

export const list: Command = {
  usage: ['list --db FILE [--json]              List the risks with their scores and bands'],
  options: { json: { type: 'boolean', default: false } },
  async run({ openDb, call, io, values }) {
    await openDb();
    const status = await call('register:status', {});
    const risks = await call('risks:list', {});
    const rows = risks.map((r) => summariseRisk(r, status?.settings.key ?? []));
    if (values.json) {
      // Each risk gains `appetite`: its level and status (within | tolerance | outside), or null (shared/appetite.ts).
      const categories = await call('categories:list', {});
      const key = status?.settings.key ?? [];
      const withAppetite = risks.map((r) => ({
        ...summariseRisk(r, key),
        appetite: appetiteSummary(r, categories),
      }));
      io.out(JSON.stringify(withAppetite, null, 2));
      return 0;
    }
    for (const r of rows) {
      const score =
        r.band === null
          ? NOT_SCORED_LABEL.padEnd(18)
          : `${r.impact}×${r.likelihood} = ${String(r.score).padStart(2)} ${r.band.padEnd(6)}`;
      const what = r.title ? `${r.title}: ${r.description}` : r.description;
      io.out(`${r.ref.padEnd(6)} ${score} ${r.category}: ${what}`);
    }
    return 0;
  },
};
