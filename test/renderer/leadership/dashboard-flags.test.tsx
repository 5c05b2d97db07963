/**
 * The dashboard reads `controls:flags { omitUnrecorded: true }` (only the risks with an assurance or a treatment
 * recorded), never the whole answer, and draws from it exactly what it drew from `controls:flags {}`: the "Assurance
 * gaps" and "Acceptances expired" figures' counts, rows and notes, with no filter, a category, an owner, and both;
 * on the real handler table, after assurances of each line and strength (one removed again), treatments, an
 * acceptance passed and one not, and an archived risk that had an assurance.
 */
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { dashboard } from '../../../renderer/leadership/model.ts';
import { logCalls, registerChanged, renderApp } from '../render-app.tsx';

/** The open figure's rows as "REF|why". */
const listed = () =>
  within(screen.getByTestId('figure-risks'))
    .queryAllByTestId(/^list-row-/)
    .map(
      (r) => `${(r.dataset.testid ?? '').replace('list-row-', '')}|${r.lastElementChild?.textContent ?? ''}`,
    );

describe('the dashboard reads the flags of the risks with something recorded', () => {
  it('draws from them exactly what the whole answer gave', async () => {
    const now = new Date('2026-06-20T09:00:00Z');
    const backend = await renderApp({ now: () => new Date(now) });
    const byRef = async (ref: string) => {
      const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
      if (!r) throw new Error(ref);
      return r;
    };
    const assure = async (ref: string, line: 1 | 2 | 3 | 4, strength: 'substantial' | 'limited' | 'none') =>
      backend.call('assurances:create', {
        riskId: (await byRef(ref)).id,
        source: `${ref} line ${line}`,
        line,
        strength,
        date: null,
        gaps: '',
      });
    await assure('SR1', 2, 'substantial'); // no gap
    await assure('SR2', 1, 'substantial'); // first line only
    await assure('SR4', 3, 'limited'); // limited audit
    await assure('SR4', 2, 'substantial');
    await assure('SR5', 3, 'none');
    const gone = await assure('SR7', 2, 'substantial'); // removed again: no assurance recorded
    await backend.call('assurances:delete', { id: gone.id, version: gone.version });
    await assure('SR9', 4, 'substantial');
    const sr3 = await assure('SR3', 2, 'substantial'); // then the risk is archived
    const cat = (await backend.call('categories:list', {}))[0];
    if (!cat) throw new Error('no category');
    await backend.call('categories:set-appetite', { id: cat.id, appetite: 4 });
    const tolerate = async (ref: string, until: string | null) => {
      const r = await byRef(ref);
      const t = await backend.call('treatment:set', { riskId: r.id, version: 0, treatment: 'tolerate' });
      if (until)
        await backend.call('treatment:set', {
          riskId: r.id,
          version: t.version,
          treatment: 'tolerate',
          acceptance: { by: 'Audit Committee', why: 'Accepted', until },
        });
    };
    await tolerate('SR1', '2026-03-31'); // passed
    await tolerate('SR6', '2026-05-31'); // passed, and no assurance
    await tolerate('SR8', '2026-12-31'); // not passed
    await tolerate('SR10', null);
    const sr11 = await byRef('SR11');
    await backend.call('treatment:set', { riskId: sr11.id, version: 0, treatment: 'treat' });
    const archived = await byRef('SR3');
    expect(sr3.riskId).toBe(archived.id);
    await backend.call('risks:archive', { id: archived.id, version: archived.version });

    const log = logCalls();
    await registerChanged(backend);
    await userEvent.click(screen.getByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');
    await registerChanged(backend);

    // The whole answers, as the dashboard used to ask for them.
    const whole = await backend.call('controls:flags', {});
    const recorded = await backend.call('controls:flags', { omitUnrecorded: true });
    const live = await backend.call('risks:list', {});
    const controls = await backend.call('controls:list', {});
    const fired = await backend.call('escalation:list', {});
    const key = (await backend.call('register:status', {}))?.settings.key;
    if (!key) throw new Error('no key');
    // The narrowed answer is much smaller, and the whole one flags risks it leaves out.
    expect(recorded.length).toBeLessThan(whole.length);
    expect(whole.some((f) => !recorded.some((x) => x.riskId === f.riskId))).toBe(true);

    const owner = live[0]?.owners[0] ?? null;
    const category = live.find((r) => r.category !== live[0]?.category)?.category ?? null;
    const filters = [
      { category: null, owner: null },
      { category, owner: null },
      { category: null, owner },
      { category: live[0]?.category ?? null, owner },
    ];
    let rowsSeen = 0;
    for (const filter of filters) {
      await userEvent.selectOptions(screen.getByTestId('filter-category'), filter.category ?? '');
      await userEvent.selectOptions(screen.getByTestId('filter-owner'), filter.owner ?? '');
      const risks = live.filter(
        (r) =>
          (filter.category === null || r.category === filter.category) &&
          (filter.owner === null || r.owners.includes(filter.owner)),
      );
      // The old dashboard: the whole answer, given as it was.
      const old = dashboard({
        risks,
        key,
        categories: [],
        travel: [],
        reviewsAsOf: null,
        overdueActions: [],
        controls,
        flags: whole,
        fired,
      });
      for (const id of ['assurance-gaps', 'acceptances-expired']) {
        const fig = old.orange.find((o) => o.id === id);
        if (!fig) throw new Error(id);
        const rows = fig.risks.map((r) => `${r.ref}|${fig.notes?.get(r.id) ?? ''}`);
        expect([filter, id, screen.getByTestId(`figure-${id}`).dataset.value]).toEqual([
          filter,
          id,
          String(rows.length),
        ]);
        if (rows.length === 0) continue;
        await userEvent.click(screen.getByTestId(`figure-${id}`));
        expect(listed()).toEqual(rows);
        rowsSeen += rows.length;
        await userEvent.click(screen.getByTestId(`figure-${id}`));
      }
      if (filter.category === null && filter.owner === null) {
        expect(screen.getByTestId('figure-acceptances-expired').dataset.value).toBe('2');
        expect(Number(screen.getByTestId('figure-assurance-gaps').dataset.value)).toBeGreaterThan(10);
      }
    }
    expect(rowsSeen).toBeGreaterThan(20);

    // Never the whole answer: every flags read the dashboard made leaves out the risks with nothing recorded.
    const flagReads = log.filter(([c]) => c === 'controls:flags').map(([, input]) => input);
    expect(flagReads.length).toBeGreaterThan(0);
    for (const input of flagReads) expect(input).toEqual({ omitUnrecorded: true });
  });
});
