/**
 * The dashboard's Orange Book figures (issue 13): outside tolerance, controls ineffective, assurance gaps,
 * acceptances expired and escalations due, each opening its risks; quiet when they count nothing. jsdom over the
 * real handler table on a real SQLite file.
 */
import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { renderApp } from '../render-app.tsx';

async function risk(backend: Backend, ref: string) {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

async function changed(backend: Backend): Promise<void> {
  await act(async () => {
    backend.emit('register-changed', null);
    await new Promise((ok) => setTimeout(ok, 50));
  });
}

const value = (id: string) => screen.getByTestId(`figure-${id}`).dataset.value;

function listedRefs(): string[] {
  return within(screen.getByTestId('figure-risk-list'))
    .getAllByTestId(/^list-row-/)
    .map((r) => (r.dataset.testid ?? '').replace('list-row-', ''));
}

async function openFigure(id: string): Promise<void> {
  // Opening a figure that is already open closes it: make sure it ends up open.
  const tile = screen.getByTestId(`figure-${id}`);
  if (tile.getAttribute('aria-expanded') !== 'true') await userEvent.click(tile);
}

describe('the dashboard’s Orange Book figures', () => {
  it('counts each figure from the register and opens the risks behind it, with why', async () => {
    let today = new Date('2026-05-01T09:00:00Z');
    const backend = await renderApp({ user: 'Jo Finance', now: () => today });
    const all = await backend.call('risks:list', {});
    const score = (ref: string) => {
      const r = all.find((x) => x.ref === ref);
      return (r?.impact ?? 0) * (r?.likelihood ?? 0);
    };
    const categories = await backend.call('categories:list', {});
    const reputation = categories.find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation');
    // Averse: appetite ≤ 3, tolerance ≤ 5 by the default mapping.
    await backend.call('appetite:set-level', { categoryId: reputation.id, level: 'averse' });

    const sr4 = await risk(backend, 'SR4');
    const sr7 = await risk(backend, 'SR7');
    const sr12 = await risk(backend, 'SR12');
    await backend.call('controls:create', {
      text: 'Monthly budget monitoring',
      riskIds: [sr4.id, sr7.id],
      effectiveness: 'ineffective',
    });
    await backend.call('controls:create', {
      text: 'Treasury management policy',
      riskIds: [sr4.id],
      effectiveness: 'ineffective',
    });
    await backend.call('controls:create', {
      text: 'Audit committee oversight',
      riskIds: [sr12.id],
      effectiveness: 'effective',
    });

    // Every risk has no assurance but SR4 (3rd line, substantial) and SR7 (3rd line, limited).
    await backend.call('assurances:create', {
      riskId: sr4.id,
      source: 'Internal audit report 2025/26',
      line: 3,
      strength: 'substantial',
    });
    await backend.call('assurances:create', {
      riskId: sr7.id,
      source: 'Internal audit of payroll',
      line: 3,
      strength: 'limited',
    });

    await backend.call('treatment:set', {
      riskId: sr12.id,
      version: 0,
      treatment: 'tolerate',
      acceptance: { by: 'Audit Committee', why: 'Cost of further control too high', until: '2026-05-31' },
    });

    await backend.call('escalation:set-rules', {
      rules: [
        {
          label: 'Score 15 or more',
          when: { metric: 'current-score', op: '>=', value: 15 },
          then: 'escalate',
          to: 'Leadership board',
        },
        {
          label: 'Low enough',
          when: { metric: 'current-score', op: '<=', value: 4 },
          then: 'de-escalate',
          to: 'Service board',
        },
      ],
    });

    // Two months on: the acceptance has passed its date.
    today = new Date('2026-07-01T09:00:00Z');
    await changed(backend);
    await userEvent.click(screen.getByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');

    // Outside tolerance: Reputation risks scoring above 5 (worked out here from the scores).
    const outside = all.filter((r) => r.category === 'Reputation' && score(r.ref) > 5).map((r) => r.ref);
    expect(outside.length).toBeGreaterThan(0);
    expect(value('outside-tolerance')).toBe(String(outside.length));
    await openFigure('outside-tolerance');
    expect(listedRefs()).toEqual(outside);

    // Two ineffective controls, serving SR4 and SR7.
    expect(value('controls-ineffective')).toBe('2');
    await openFigure('controls-ineffective');
    expect(listedRefs()).toEqual(['SR4', 'SR7']);
    expect(screen.getByTestId('list-row-SR4').textContent).toContain(
      '2 ineffective controls: “Monthly budget monitoring”; “Treasury management policy”',
    );
    expect(screen.getByTestId('list-row-SR7').textContent).toContain(
      'Ineffective control: “Monthly budget monitoring”',
    );

    // Assurance gaps: every risk but SR4 (SR7's audit gave limited assurance).
    const gaps = all.filter((r) => r.ref !== 'SR4').map((r) => r.ref);
    expect(value('assurance-gaps')).toBe(String(gaps.length));
    await openFigure('assurance-gaps');
    expect(listedRefs()).toEqual(gaps);
    expect(screen.getByTestId('list-row-SR7').textContent).toContain(
      'limited assurance from the 3rd line (Internal audit of payroll)',
    );
    expect(screen.getByTestId('list-row-SR12').textContent).toContain('no assurance recorded');

    expect(value('acceptances-expired')).toBe('1');
    await openFigure('acceptances-expired');
    expect(listedRefs()).toEqual(['SR12']);
    expect(screen.getByTestId('list-row-SR12').textContent).toContain('due for review again');

    // Escalations due: the escalate rule only (a proposed de-escalation is not due).
    const high = all.filter((r) => score(r.ref) >= 15).map((r) => r.ref);
    expect(high.length).toBeGreaterThan(0);
    expect(value('escalations-due')).toBe(String(high.length));
    await openFigure('escalations-due');
    expect(listedRefs()).toEqual(high);
    expect(screen.getByTestId(`list-row-${high[0]}`).textContent).toContain(
      'Escalate to Leadership board: Score 15 or more.',
    );

    // The category filter narrows every figure; a control is counted only for the risks shown.
    const sr4Category = sr4.category;
    await userEvent.selectOptions(screen.getByTestId('filter-category'), sr4Category);
    const sr7InSame = sr7.category === sr4Category;
    expect(value('controls-ineffective')).toBe('2');
    await openFigure('controls-ineffective');
    expect(listedRefs()).toEqual(sr7InSame ? ['SR4', 'SR7'] : ['SR4']);
  });

  it('says calmly when a figure counts nothing', async () => {
    await renderApp({ start: 'sample' });
    await userEvent.click(await screen.findByTestId('nav-dashboard'));
    await screen.findByTestId('dashboard');
    for (const [id, words] of [
      ['controls-ineffective', 'No control is rated ineffective.'],
      ['acceptances-expired', 'No acceptance has passed its date.'],
      ['escalations-due', 'No escalation rule fires.'],
    ] as const) {
      const tile = screen.getByTestId(`figure-${id}`);
      expect(tile.dataset.value).toBe('0');
      expect(tile.classList.contains('lh-tile-empty')).toBe(true);
      expect(tile.style.backgroundColor).toBe('');
      expect(screen.getByTestId(`figure-${id}-empty`).textContent).toBe(words);
    }
    await openFigure('controls-ineffective');
    expect(screen.getByTestId('figure-risk-list').textContent).toBe('No control is rated ineffective.');
  });
});
