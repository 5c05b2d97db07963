import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render-app.tsx';

describe('risk appetite in the register table', () => {
  it('marks with ▲ and words the risks whose score is above their category appetite', async () => {
    const backend = await renderApp({ start: 'sample' });
    const table = await screen.findByTestId('risk-table');
    expect(within(table).queryAllByTestId('appetite-mark')).toHaveLength(0);

    // Reputation's appetite 12: SR5, SR8 and SR11 (15) are above it; SR6 (9), SR7, SR9 (8) and SR10 (10) are not.
    const reputation = (await backend.call('categories:list', {})).find((c) => c.name === 'Reputation');
    if (!reputation) throw new Error('no Reputation category in the sample');
    await backend.call('categories:set-appetite', { id: reputation.id, appetite: 12 });
    backend.emit('register-changed', null);

    await waitFor(() => expect(within(table).queryAllByTestId('appetite-mark')).toHaveLength(3));
    const marks = within(table).getAllByTestId('appetite-mark');
    const rows = marks.map((m) => m.closest('[role="row"], tr')?.textContent ?? '');
    expect(rows.some((t) => t.includes('SR5'))).toBe(true);
    expect(rows.some((t) => t.includes('SR8'))).toBe(true);
    expect(rows.some((t) => t.includes('SR11'))).toBe(true);
    expect(marks[0]?.getAttribute('title')).toBe('Outside appetite: 15 is above 12 for Reputation');
  });
});
