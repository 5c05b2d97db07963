import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA } from '../../../shared/criteria.ts';
import { renderApp } from '../render-app.tsx';

async function open(ref: string) {
  await userEvent.click(await screen.findByTestId(`risk-row-${ref}`));
  expect(screen.getByTestId('panel-ref').textContent).toBe(ref);
}

describe('scoring criteria in the score picker', () => {
  it('shows the descriptors of the level under the pointer, and gives each button its own as its description', async () => {
    await renderApp({ start: 'sample' });
    await open('SR15');
    const box = await screen.findByTestId('impact-criteria');
    const current = Number(
      screen.getByTestId('impact-picker').querySelector('[aria-pressed="true"]')?.textContent?.[0],
    );
    // Nothing pointed at: the chosen level's descriptors.
    expect(box.textContent).toContain('(chosen) means');
    expect(box.textContent).toContain(DEFAULT_CRITERIA.finance[current as 1]);

    const other = current === 5 ? 4 : 5;
    fireEvent.mouseEnter(screen.getByTestId(`impact-${other}`));
    expect(box.textContent).toContain(DEFAULT_CRITERIA.finance[other]);
    expect(box.textContent).toContain(DEFAULT_CRITERIA.people[other]);
    expect(box.textContent).not.toContain('(chosen)');
    fireEvent.mouseLeave(screen.getByTestId(`impact-${other}`));
    expect(box.textContent).toContain(DEFAULT_CRITERIA.finance[current as 1]);

    // Screen readers: focus reads the button's name and then its level's descriptors.
    const four = screen.getByRole('button', { name: '4 Major' });
    const described = document.getElementById(four.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe(
      `Finance: ${DEFAULT_CRITERIA.finance[4]}. Service delivery: ${DEFAULT_CRITERIA.service[4]}. ` +
        `Reputation: ${DEFAULT_CRITERIA.reputation[4]}. People and safety: ${DEFAULT_CRITERIA.people[4]}. ` +
        `Legal and compliance: ${DEFAULT_CRITERIA.legal[4]}.`,
    );
    expect(
      screen.getByRole('button', {
        name: '3 Possible',
        description: /^Probability: Possible: 20 % to 50 %\. Time frame: /,
      }),
    ).toBeTruthy();

    const likelihood = within(screen.getByTestId('likelihood-picker'));
    fireEvent.focus(likelihood.getByTestId('likelihood-1'));
    expect(screen.getByTestId('likelihood-criteria').textContent).toContain(DEFAULT_CRITERIA.timeframe[1]);
  });
});

describe('scoring criteria in the inherent and target pickers', () => {
  it("shows the level's descriptors while a list has the focus, follows the keyboard, and describes each list", async () => {
    await renderApp({ start: 'sample' });
    await open('SR15');
    expect(screen.queryByTestId('target-criteria')).toBeNull();
    const impact = screen.getByTestId('target-impact');
    fireEvent.focus(impact);
    // Nothing chosen yet: no descriptors to show.
    expect(screen.queryByTestId('target-criteria')).toBeNull();
    await userEvent.selectOptions(impact, '4');
    fireEvent.focus(impact);
    const box = screen.getByTestId('target-criteria');
    expect(box.textContent).toContain('Impact 4 Major means');
    expect(box.textContent).toContain(DEFAULT_CRITERIA.finance[4]);
    expect(box.textContent).toContain(DEFAULT_CRITERIA.legal[4]);
    // Screen readers hear the chosen level's descriptors with the list.
    expect(document.getElementById(impact.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      `Finance: ${DEFAULT_CRITERIA.finance[4]}.`,
    );
    // Each option carries its own level's descriptors.
    expect(within(impact).getByRole('option', { name: '2 Minor' }).getAttribute('title')).toContain(
      DEFAULT_CRITERIA.finance[2],
    );
    fireEvent.blur(impact);
    expect(screen.queryByTestId('target-criteria')).toBeNull();

    // Choosing the likelihood completes (and saves) the target; its list then shows that level's meaning.
    await userEvent.selectOptions(screen.getByTestId('target-likelihood'), '3');
    await waitFor(() => expect(screen.getByTestId('score-target').textContent).toContain('12'));
    fireEvent.focus(screen.getByTestId('target-likelihood'));
    const shown = screen.getByTestId('target-criteria');
    expect(shown.textContent).toContain('Likelihood 3 Possible means');
    expect(shown.textContent).toContain(DEFAULT_CRITERIA.probability[3]);
    expect(shown.textContent).toContain(DEFAULT_CRITERIA.timeframe[3]);
    // The inherent picker has them too.
    await userEvent.selectOptions(screen.getByTestId('inherent-impact'), '5');
    fireEvent.focus(screen.getByTestId('inherent-impact'));
    expect(screen.getByTestId('inherent-criteria').textContent).toContain(DEFAULT_CRITERIA.reputation[5]);
  });
});

describe('Settings › Scoring criteria', () => {
  it('saves an edited descriptor, records it, and the picker shows the new text', async () => {
    const backend = await renderApp({ start: 'sample' });
    await userEvent.click(await screen.findByRole('button', { name: 'Scoring criteria' }));
    const cell = await screen.findByLabelText('Finance, impact 4 Major');
    expect((cell as HTMLTextAreaElement).value).toBe(DEFAULT_CRITERIA.finance[4]);
    await userEvent.clear(cell);
    await userEvent.type(cell, '£2m to £8m');
    await userEvent.type(screen.getByTestId('criteria-reason'), 'Budget 2026/27');
    await userEvent.click(screen.getByRole('button', { name: 'Save 1 change' }));
    await waitFor(() =>
      expect(screen.getByTestId('criteria-outcome').textContent).toMatch(/Saved one descriptor/),
    );
    expect((await backend.call('criteria:get', {})).finance[4]).toBe('£2m to £8m');
    const audit = await backend.call('audit:list', {});
    expect(audit.entries.find((e) => e.field === 'criteria.finance.4')?.reason).toBe('Budget 2026/27');

    // A blank descriptor is refused with the handler's sentence and nothing changes.
    const five = screen.getByLabelText('Finance, impact 5 Severe');
    await userEvent.clear(five);
    await userEvent.type(five, '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Save 1 change' }));
    await waitFor(() =>
      expect(screen.getByTestId('criteria-outcome').textContent).toMatch(/descriptor is empty/),
    );
    expect((await backend.call('criteria:get', {})).finance[5]).toBe(DEFAULT_CRITERIA.finance[5]);

    await userEvent.click(screen.getByTestId('nav-register'));
    await open('SR15');
    fireEvent.mouseEnter(screen.getByTestId('impact-4'));
    expect(screen.getByTestId('impact-criteria').textContent).toContain('£2m to £8m');
  });
});

describe('Settings › Board pack', () => {
  it('saves the cover fields and the register name', async () => {
    const backend = await renderApp({ start: 'sample' });
    await userEvent.click(await screen.findByRole('button', { name: 'Board pack' }));
    const marking = await screen.findByLabelText('Protective marking');
    expect((marking as HTMLInputElement).value).toBe('OFFICIAL');
    await userEvent.clear(marking);
    await userEvent.type(marking, 'OFFICIAL-SENSITIVE');
    await userEvent.type(screen.getByLabelText('Prepared by'), 'Chris Ho, Risk Manager');
    await userEvent.type(screen.getByLabelText('Approved by'), 'Pat Lee, Chief Executive');
    await userEvent.clear(screen.getByLabelText('Version'));
    await userEvent.type(screen.getByLabelText('Version'), 'v2');
    const name = screen.getByLabelText('Register name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Borsetshire strategic risks');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('board-outcome').textContent).toMatch(/^Saved/));
    expect(await backend.call('board:settings', {})).toEqual({
      marking: 'OFFICIAL-SENSITIVE',
      version: 'v2',
      preparedBy: 'Chris Ho, Risk Manager',
      approvedBy: 'Pat Lee, Chief Executive',
    });
    expect((await backend.call('register:status', {}))?.settings.name).toBe('Borsetshire strategic risks');
    expect(screen.getByTestId('register-name').textContent).toBe('Borsetshire strategic risks');

    // An empty marking is refused with the handler's sentence.
    await userEvent.clear(screen.getByLabelText('Protective marking'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByTestId('board-outcome').textContent).toMatch(/marking is required/),
    );
    expect((await backend.call('board:settings', {})).marking).toBe('OFFICIAL-SENSITIVE');
  });
});
