/**
 * The Controls view's "Risks needing attention" reads `controls:flags { omitUnrecorded: true }` (only the risks with
 * an assurance or a treatment recorded), never the whole register's flags, and lists exactly what the whole answer
 * gave, in the same order and words; a long list is drawn 200 at a time ("Show … more"), not as one list item per
 * risk of a 100,000-risk register.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FlaggedRisk } from '../../../shared/controls.ts';
import { logCalls, registerChanged, renderApp } from '../render-app.tsx';

/** What the view drew for each flagged risk before: "REF: reasons", from the whole answer. */
const line = (f: FlaggedRisk) =>
  `${f.ref}: ${[
    ...f.assuranceGaps,
    ...(f.acceptanceNeeded ? ['Acceptance needed: tolerated above appetite.'] : []),
    ...(f.acceptanceExpired ? ['Acceptance expired: due for review again.'] : []),
  ].join(' ')}`;

const drawn = () =>
  within(screen.getByTestId('flagged-risks'))
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');

/** The view's page of flagged risks (FLAGS_PAGE in renderer/controls/ControlsView.tsx). */
const FLAGS_PAGE = 200;

describe('the Controls view lists the flagged risks from the risks with something recorded', () => {
  it('draws what the whole answer gave, 200 at a time, and never asks for the whole answer', async () => {
    const backend = await renderApp({ now: () => new Date('2026-06-20T09:00:00Z') });
    const calls = logCalls();
    const risks = await backend.call('risks:list', {});
    const byRef = (ref: string) => {
      const r = risks.find((x) => x.ref === ref);
      if (!r) throw new Error(ref);
      return r;
    };
    const assure = (ref: string, line: 1 | 2 | 3, strength: 'substantial' | 'limited' | 'none') =>
      backend.call('assurances:create', {
        riskId: byRef(ref).id,
        source: `${ref} line ${line}`,
        line,
        strength,
        date: null,
        gaps: '',
      });
    await assure('SR1', 2, 'substantial'); // no gap: not listed
    await assure('SR2', 1, 'substantial'); // first line only
    await assure('SR4', 3, 'limited');
    await assure('SR4', 2, 'substantial');
    await assure('SR5', 3, 'none');
    // Enough risks with nothing recorded for a second page.
    const category = byRef('SR1').category;
    for (let i = 1; i <= FLAGS_PAGE + 30; i++) {
      await backend.call('risks:create', {
        ref: `X${i}`,
        category,
        description: `Synthetic risk ${i}`,
        impact: 2,
        likelihood: 2,
      });
    }
    await registerChanged(backend);
    await userEvent.click(screen.getByTestId('nav-controls'));
    await screen.findByTestId('flagged-risks');

    const whole = (await backend.call('controls:flags', {})).map(line);
    expect(whole.length).toBe(18 + FLAGS_PAGE + 30); // SR1 has no gap
    await waitFor(() => expect(drawn()).toEqual(whole.slice(0, FLAGS_PAGE)));
    expect(screen.getByTestId('controls-summary').textContent).toContain(`${whole.length} risks flagged`);
    const more = screen.getByTestId('flagged-more');
    expect(more.textContent).toBe(`Show ${whole.length - FLAGS_PAGE} more`);
    expect(more.parentElement?.textContent).toContain(`(${FLAGS_PAGE} of ${whole.length} shown)`);
    expect(drawn()).toContain('SR5: Assurance gap: no assurance from the 3rd line (SR5 line 3).');
    expect(drawn()).toContain('SR2: Assurance gap: no assurance beyond the first line.');

    await userEvent.click(more);
    expect(drawn()).toEqual(whole);
    expect(screen.queryByTestId('flagged-more')).toBeNull();

    const flagReads = calls.filter(([name]) => name === 'controlsFlags' || name === 'controls:flags');
    expect(flagReads.length).toBeGreaterThan(0);
    for (const [, input] of flagReads) expect(input).toEqual({ omitUnrecorded: true });
  }, 60_000);
});
