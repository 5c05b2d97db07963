import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { RiskRecord } from '../../../shared/domain.ts';
import type { ScoreValue } from '../../../shared/scoring.ts';
import { RegisterView } from '../../../renderer/workspace/RegisterView.tsx';
import { useTableStore } from '../../../renderer/workspace/table-store.ts';
import { renderApp } from '../render-app.tsx';

/** The refs of the risk rows in the page, top to bottom. */
function refs(): string[] {
  return screen
    .queryAllByTestId(/^risk-row-/)
    .map((r) => r.getAttribute('data-testid')?.replace('risk-row-', '') ?? '');
}

function col(ref: string, id: string): string {
  return screen.getByTestId(`risk-row-${ref}`).querySelector(`td[data-col="${id}"]`)?.textContent ?? '';
}

describe('the register table: sort, filter, search, group', () => {
  it('sorts by score, highest first on the second click, and back to the register order on the third', async () => {
    await renderApp();
    expect(refs().slice(0, 3)).toEqual(['SR1', 'SR2', 'SR3']);
    await userEvent.click(screen.getByTestId('sort-score'));
    const up = refs().map((r) => Number(col(r, 'score')));
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(screen.getByTestId('sort-score').closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(screen.getByTestId('sort-score'));
    const down = refs().map((r) => Number(col(r, 'score')));
    expect(down[0]).toBe(Math.max(...down));
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await userEvent.click(screen.getByTestId('sort-score'));
    expect(refs().slice(0, 3)).toEqual(['SR1', 'SR2', 'SR3']);
  });

  it('sorts refs naturally: SR2 before SR10', async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId('sort-ref'));
    await userEvent.click(screen.getByTestId('sort-ref'));
    expect(refs().slice(0, 3)).toEqual(['SR19', 'SR18', 'SR17']);
  });

  it('filters by band and owner, says how many are shown, and clears', async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId('filter-band-Amber'));
    const amber = refs();
    expect(amber.length).toBeGreaterThan(0);
    expect(amber.every((r) => col(r, 'band') === 'Amber')).toBe(true);
    expect(screen.getByTestId('shown-count').textContent).toContain(`Showing ${amber.length} of 19`);
    await userEvent.selectOptions(screen.getByTestId('filter-owner'), 'CHo');
    expect(
      refs().every((r) => col(r, 'owners').split(' ').includes('CHo') && col(r, 'band') === 'Amber'),
    ).toBe(true);
    await userEvent.click(screen.getByTestId('clear-filters'));
    expect(refs()).toHaveLength(19);
  });

  it('filters by category', async () => {
    const backend = await renderApp();
    const risks = await backend.call('risks:list', {});
    const category = risks[0]?.category ?? '';
    const expected = risks.filter((r) => r.category === category).map((r) => r.ref);
    await userEvent.selectOptions(screen.getByTestId('filter-category'), category);
    expect(refs()).toEqual(expected);
  });

  it('searches ref, description, mitigation and owners, with every word', async () => {
    const backend = await renderApp();
    const risks = await backend.call('risks:list', {});
    const sr4 = risks.find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('no SR4');
    // A phrase from SR4's mitigation only.
    const words = sr4.mitigation.split(/\s+/).slice(0, 4).join(' ');
    await userEvent.type(screen.getByTestId('table-search'), words);
    expect(refs()).toContain('SR4');
    await userEvent.clear(screen.getByTestId('table-search'));
    await userEvent.type(screen.getByTestId('table-search'), 'zzzz-nothing');
    expect(refs()).toEqual([]);
    expect(screen.getByTestId('no-matches').textContent).toContain('No risk matches');
    await userEvent.clear(screen.getByTestId('table-search'));
    await userEvent.type(screen.getByTestId('table-search'), 'sr1');
    expect(refs()).toEqual(expect.arrayContaining(['SR1', 'SR10', 'SR19']));
  });

  it('groups by band, worst first, with counts', async () => {
    await renderApp();
    await userEvent.selectOptions(screen.getByTestId('group-by'), 'band');
    const groups = screen.getAllByTestId(/^table-group-/).map((g) => g.textContent);
    const bandsShown = groups.map((g) => /^(Red|Amber|Yellow|Green)/.exec(g ?? '')?.[1]);
    const order = ['Red', 'Amber', 'Yellow', 'Green'].filter((b) => bandsShown.includes(b));
    expect(bandsShown).toEqual(order);
    const total = groups.reduce((n, g) => n + Number(/(\d+) risks?$/.exec(g ?? '')?.[1] ?? 0), 0);
    expect(total).toBe(19);
    // Under the Amber heading come only Amber risks.
    const rows = within(screen.getByTestId('risk-table')).getAllByRole('row');
    const amberAt = rows.findIndex((r) => r.getAttribute('data-testid') === 'table-group-Amber');
    expect(rows[amberAt + 1]?.querySelector('td[data-col="band"]')?.textContent).toBe('Amber');
  });

  it('groups by owner: a risk with two owners shows under each', async () => {
    await renderApp();
    await userEvent.selectOptions(screen.getByTestId('group-by'), 'owners');
    const cho = screen.getByTestId('table-group-CHo').textContent ?? '';
    expect(cho).toMatch(/CHo\d+ risks?/);
    expect(screen.getAllByTestId('risk-row-SR12').length).toBeGreaterThan(1);
  });

  it('hides, moves and resizes columns, and remembers the layout in the register', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('columns-menu'));
    await userEvent.click(screen.getByTestId('column-mitigation'));
    await userEvent.click(screen.getByTestId('column-target'));
    await userEvent.click(screen.getByTestId('column-right-ref'));
    await userEvent.click(screen.getByTestId('sort-score'));
    const headers = within(screen.getByTestId('risk-table'))
      .getAllByRole('columnheader')
      .map((h) => h.getAttribute('data-col'));
    expect(headers).toEqual([
      'category',
      'ref',
      'description',
      'impact',
      'likelihood',
      'score',
      'band',
      'travel',
      'owners',
      'target',
    ]);
    // Keyboard resizing lives in the Columns menu (the drag handles are out of the Tab order).
    await userEvent.click(screen.getByRole('button', { name: 'Make Description wider' }));
    await waitFor(async () => {
      const saved = await backend.call('layout:get', {});
      expect(saved?.visible).not.toContain('mitigation');
      expect(saved?.visible).toContain('target');
      expect(saved?.order?.slice(0, 2)).toEqual(['category', 'ref']);
      expect(saved?.sort).toEqual([{ id: 'score', desc: false }]);
      expect(saved?.widths?.description).toBeGreaterThan(0);
    });
  });

  it('resizes a column by dragging its edge, and saves the width when the drag ends', async () => {
    const backend = await renderApp();
    const col = () => screen.getByTestId('risk-table').querySelectorAll('colgroup col')[1] as HTMLElement;
    const before = Number.parseFloat(col().style.width);
    const edge = screen.getByTestId('resize-ref');
    fireEvent.mouseDown(edge, { clientX: 100 });
    fireEvent.mouseMove(document, { clientX: 140 });
    // The column follows the pointer while dragging (react-table's onChange resizing).
    await waitFor(() => expect(Number.parseFloat(col().style.width)).toBe(before + 40));
    expect((await backend.call('layout:get', {}))?.widths?.ref).toBeUndefined();
    fireEvent.mouseUp(document, { clientX: 160 });
    await waitFor(async () => expect((await backend.call('layout:get', {}))?.widths?.ref).toBe(before + 60));
  });

  it('opens a register with its saved layout', async () => {
    const { createBackend } = await import('../backend.ts');
    const backend = await createBackend();
    await backend.call('layout:set', {
      layout: {
        visible: ['ref', 'score', 'owners'],
        sort: [{ id: 'score', desc: true }],
        grouping: ['category'],
      },
    });
    window.api = backend.api;
    const { App } = await import('../../../renderer/App.tsx');
    render(<App />);
    await waitFor(() =>
      expect(
        within(screen.getByTestId('risk-table'))
          .getAllByRole('columnheader')
          .map((h) => h.getAttribute('data-col')),
      ).toEqual(['ref', 'score', 'owners']),
    );
    expect(screen.getAllByTestId(/^table-group-/).length).toBeGreaterThan(1);
  });
});

function synthetic(n: number): RiskRecord[] {
  const at = '2026-01-01T00:00:00.000Z';
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i + 1}`,
    ref: `SR${i + 1}`,
    title: null,
    category: ['Finance', 'People', 'Delivery'][i % 3] as string,
    description: `Synthetic risk number ${i + 1}`,
    impact: ((i % 5) + 1) as ScoreValue,
    likelihood: (((i >> 2) % 5) + 1) as ScoreValue,
    inherent: null,
    target: null,
    mitigation: i === 4321 ? 'needle in the haystack' : '',
    owners: [`O${i % 40}`],
    version: 1,
    createdAt: at,
    updatedAt: at,
    archivedAt: null,
    confidential: false,
    appetiteOverride: null,
    cause: '',
    event: '',
    effect: '',
  }));
}

describe('the register table with 6,000 risks', () => {
  it('puts only a window of rows in the page, and search still finds the one risk', async () => {
    const risks = synthetic(6000);
    render(<RegisterView risks={risks} bandKey={LGA_KEY} selectedId={null} />);
    const inPage = refs().length;
    expect(inPage).toBeGreaterThan(0);
    expect(inPage).toBeLessThan(100);
    // Long tables keep rows one height: two lines per cell, the full text on hover.
    const description = screen
      .getByTestId('risk-row-SR1')
      .querySelector('td[data-col="description"] .cell-clamp');
    expect(description?.getAttribute('title')).toBe('Synthetic risk number 1');
    expect(screen.getByTestId('shown-count').textContent).toBe('6,000 risks');
    act(() => useTableStore.setState({ search: 'needle haystack' }));
    expect(refs()).toEqual(['SR4322']);
    act(() => useTableStore.setState({ search: '' }));
    await userEvent.click(screen.getByTestId('sort-ref'));
    await userEvent.click(screen.getByTestId('sort-ref'));
    expect(refs()[0]).toBe('SR6000');
    expect(refs().length).toBeLessThan(100);
  });

  it('groups a long table by owner: headings with counts, a risk with two owners under each, still a window', async () => {
    const risks = synthetic(6000).map((r, i) =>
      i === 0 ? { ...r, owners: ['O0', 'O1'], description: 'Pelican crossing closed' } : r,
    );
    render(<RegisterView risks={risks} bandKey={LGA_KEY} selectedId={null} />);
    await userEvent.selectOptions(screen.getByTestId('group-by'), 'owners');
    // O0 owns SR1, SR41, SR81… (150 risks); SR1 also shows under O1, which then has 151.
    expect(screen.getByTestId('table-group-O0').textContent).toMatch(/150 risks$/);
    expect(refs()[0]).toBe('SR1');
    expect(refs().length).toBeLessThan(100);
    expect(screen.getByTestId('shown-count').textContent).toBe('6,000 risks');
    act(() => useTableStore.setState({ search: 'pelican' }));
    // The one match shows under each of its owners, and counts once.
    expect(screen.getByTestId('table-group-O0').textContent).toMatch(/1 risk$/);
    expect(screen.getByTestId('table-group-O1').textContent).toMatch(/1 risk$/);
    expect(refs()).toEqual(['SR1', 'SR1']);
    expect(screen.getByTestId('shown-count').textContent).toMatch(/^Showing 1 of 6,000/);
  });
});
