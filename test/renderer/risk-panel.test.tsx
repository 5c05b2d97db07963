import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import type { RiskRecord } from '../../shared/domain.ts';
import type { Backend } from './backend.ts';
import { renderApp, rgb } from './render-app.tsx';

async function riskByRef(backend: Backend, ref: string): Promise<RiskRecord> {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`No ${ref}`);
  return r;
}

function rowCell(ref: string, col: string): string {
  return (
    screen.getByTestId(`risk-row-${ref}`).querySelector(`td[data-col="${col}"]`)?.textContent ?? '(none)'
  );
}

async function open(ref: string) {
  await userEvent.click(screen.getByTestId(`risk-row-${ref}`));
  expect(screen.getByTestId('panel-ref').textContent).toBe(ref);
}

const yellow = LGA_KEY[1];

describe('the score pickers', () => {
  it('offer 1–5 with the register’s words, and mark the current values', async () => {
    await renderApp();
    await open('SR15');
    const impact = within(screen.getByTestId('impact-picker'));
    expect(impact.getAllByRole('button').map((b) => b.textContent)).toEqual([
      '1 Negligible',
      '2 Minor',
      '3 Moderate',
      '4 Major',
      '5 Severe',
    ]);
    const likelihood = within(screen.getByTestId('likelihood-picker'));
    expect(likelihood.getByRole('button', { name: '5 Almost certain' })).toBeTruthy();
    expect(screen.getByTestId('impact-3').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('likelihood-1').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('score-outcome').textContent).toContain('3 × 1 = 3 Green');
  });

  it('preview the score, band and management action on hover and focus, without saving', async () => {
    const backend = await renderApp();
    await open('SR15');
    const outcome = screen.getByTestId('score-outcome');
    await userEvent.hover(screen.getByTestId('likelihood-3'));
    expect(outcome.textContent).toContain('Would become');
    expect(outcome.textContent).toContain('3 × 3 = 9 Yellow');
    expect(outcome.textContent).toContain('from 3 Green');
    expect(outcome.textContent).toContain('Monitor regularly and take action if becomes more serious');
    await userEvent.unhover(screen.getByTestId('likelihood-3'));
    expect(outcome.textContent).toContain('Now');
    expect(outcome.textContent).toContain('Accept and monitor periodically');

    act(() => screen.getByTestId('impact-5').focus());
    expect(outcome.textContent).toContain('5 × 1 = 5 Green');
    act(() => screen.getByTestId('likelihood-5').focus());
    expect(outcome.textContent).toContain('3 × 5 = 15 Amber');

    // Nothing was saved by looking.
    expect(rowCell('SR15', 'score')).toBe('3');
    const stored = await riskByRef(backend, 'SR15');
    expect([stored.impact, stored.likelihood, stored.version]).toEqual([3, 1, 1]);
  });

  it('save a chosen value at once, with the reason, and the table shows the new band', async () => {
    const backend = await renderApp();
    await open('SR15');
    await userEvent.type(screen.getByTestId('score-reason'), 'Two senior leavers this quarter');
    await userEvent.click(screen.getByTestId('likelihood-3'));

    await waitFor(() => expect(rowCell('SR15', 'score')).toBe('9'));
    expect(rowCell('SR15', 'likelihood')).toBe('3');
    const badge = screen
      .getByTestId('risk-row-SR15')
      .querySelector<HTMLElement>('td[data-col="band"] .band-badge');
    expect(badge?.textContent).toBe('Yellow');
    expect(badge?.style.backgroundColor).toBe(rgb(yellow?.colour ?? ''));
    expect(screen.getByTestId('likelihood-3').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('save-status').textContent).toMatch(/^Saved · \d\d:\d\d$/);
    expect((screen.getByTestId('score-reason') as HTMLTextAreaElement).value).toBe('');

    const stored = await riskByRef(backend, 'SR15');
    expect([stored.impact, stored.likelihood]).toEqual([3, 3]);
    const history = await backend.call('risks:history', { id: stored.id });
    const last = history.at(-1);
    expect(last?.field).toBe('current');
    expect(last?.newValue).toEqual({ impact: 3, likelihood: 3 });
    expect(last?.reason).toBe('Two senior leavers this quarter');
  });

  it('show a conflict with the fresh values, refresh the table, and can apply the change again', async () => {
    const backend = await renderApp();
    await open('SR4');
    // Someone else moves SR4 to 4 × 3 after this window read it.
    const sr4 = await riskByRef(backend, 'SR4');
    await backend.call('risks:update-score', { id: sr4.id, version: sr4.version, impact: 4, likelihood: 3 });

    await userEvent.click(screen.getByTestId('impact-2'));
    const conflict = await screen.findByTestId('conflict');
    expect(conflict.textContent).toContain('SR4 was changed by Test User');
    expect(within(conflict).getByTestId('conflict-theirs').textContent).toBe(
      'impact 4 × likelihood 3 = 12 Amber',
    );
    expect(within(conflict).getByTestId('conflict-mine').textContent).toBe(
      'impact 2 × likelihood 3 = 6 Yellow',
    );
    // The table shows the values in the register now, not the stale ones.
    expect(rowCell('SR4', 'score')).toBe('12');
    expect(screen.getByTestId('impact-4').getAttribute('aria-pressed')).toBe('true');

    await userEvent.click(within(conflict).getByRole('button', { name: 'Apply mine again' }));
    await waitFor(() => expect(screen.queryByTestId('conflict')).toBeNull());
    expect(rowCell('SR4', 'score')).toBe('6');
    const stored = await riskByRef(backend, 'SR4');
    expect([stored.impact, stored.likelihood]).toEqual([2, 3]);
  });
});

describe('the risk’s words', () => {
  it('save on blur and on Enter, with a quiet saved status', async () => {
    const backend = await renderApp();
    await open('SR15');
    const owners = screen.getByTestId('field-owners') as HTMLInputElement;
    expect(owners.value).toBe('CH');
    await userEvent.clear(owners);
    await userEvent.type(owners, "CH, JG/PA's{Enter}");
    await waitFor(() => expect(rowCell('SR15', 'owners')).toBe('CH JG PAs'));
    expect((await riskByRef(backend, 'SR15')).owners).toEqual(['CH', 'JG', 'PAs']);
    expect(owners.value).toBe('CH JG PAs');

    const mitigation = screen.getByTestId('field-mitigation');
    await userEvent.clear(mitigation);
    await userEvent.type(mitigation, 'Succession plans for every head of service');
    fireEvent.blur(mitigation);
    await waitFor(() =>
      expect(rowCell('SR15', 'mitigation')).toBe('Succession plans for every head of service'),
    );
    expect(screen.getByTestId('save-status').textContent).toMatch(/^Saved · \d\d:\d\d$/);
    expect((await riskByRef(backend, 'SR15')).mitigation).toBe('Succession plans for every head of service');
  });

  it('show a refusal next to the field and keep what was typed', async () => {
    const backend = await renderApp();
    await open('SR15');
    const description = screen.getByTestId('field-description') as HTMLTextAreaElement;
    await userEvent.clear(description);
    await userEvent.type(description, '   {Enter}');
    const error = await screen.findByTestId('field-description-error');
    expect(error.textContent).toBe('The description is required.');
    expect(description.getAttribute('aria-invalid')).toBe('true');
    expect(description.value).toBe('   ');
    expect(rowCell('SR15', 'description')).toMatch(/^Loss of key staff/);
    expect((await riskByRef(backend, 'SR15')).description).toMatch(/^Loss of key staff/);

    // Moving to another risk and back keeps the refused text, and says a change was not saved.
    await open('SR4');
    expect(screen.getByTestId('unsaved-elsewhere').textContent).toContain('A change to SR15 was not saved.');
    await open('SR15');
    expect((screen.getByTestId('field-description') as HTMLTextAreaElement).value).toBe('   ');

    // Escape puts the field back and clears the refusal.
    fireEvent.keyDown(screen.getByTestId('field-description'), { key: 'Escape' });
    expect((screen.getByTestId('field-description') as HTMLTextAreaElement).value).toMatch(
      /^Loss of key staff/,
    );
    expect(screen.queryByTestId('field-description-error')).toBeNull();
  });

  it('on a conflict, show the message and both values, and keep the register’s until told otherwise', async () => {
    const backend = await renderApp();
    await open('SR6');
    const mitigation = screen.getByTestId('field-mitigation') as HTMLTextAreaElement;
    await userEvent.clear(mitigation);
    await userEvent.type(mitigation, 'Mine: balance every message');
    // Another window saves a different mitigation while this one is typing.
    const sr6 = await riskByRef(backend, 'SR6');
    await backend.call('risks:update', {
      id: sr6.id,
      version: sr6.version,
      changes: { mitigation: 'Theirs: comms plan agreed' },
    });
    act(() => backend.emit('register-changed', null));
    await waitFor(() => expect(rowCell('SR6', 'mitigation')).toBe('Theirs: comms plan agreed'));
    // The typing is not overwritten by the reload…
    expect(mitigation.value).toBe('Mine: balance every message');
    fireEvent.blur(mitigation);

    // …and saving it does not silently overwrite theirs.
    const conflict = await screen.findByTestId('conflict');
    expect(conflict.textContent).toContain('SR6 was changed');
    expect(within(conflict).getByTestId('conflict-theirs').textContent).toBe('Theirs: comms plan agreed');
    expect(within(conflict).getByTestId('conflict-mine').textContent).toBe('Mine: balance every message');
    expect((await riskByRef(backend, 'SR6')).mitigation).toBe('Theirs: comms plan agreed');

    await userEvent.click(within(conflict).getByRole('button', { name: 'Keep theirs' }));
    expect(screen.queryByTestId('conflict')).toBeNull();
    expect((screen.getByTestId('field-mitigation') as HTMLTextAreaElement).value).toBe(
      'Theirs: comms plan agreed',
    );
  });
});

describe('typing on after a save', () => {
  it('builds on the save that just landed instead of conflicting with it', async () => {
    const backend = await renderApp();
    // Hold the first save back, so the user types on while it is on its way.
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const update = backend.api['risks:update'];
    window.api = { ...backend.api, 'risks:update': async (input) => (await gate, update(input)) };

    await open('SR9');
    const mitigation = screen.getByTestId('field-mitigation') as HTMLTextAreaElement;
    await userEvent.clear(mitigation);
    await userEvent.type(mitigation, 'First part{Enter}');
    await userEvent.type(mitigation, ' and more');
    act(() => release());
    await waitFor(() => expect(rowCell('SR9', 'mitigation')).toBe('First part'));
    expect(mitigation.value).toBe('First part and more');

    fireEvent.blur(mitigation);
    await waitFor(() => expect(rowCell('SR9', 'mitigation')).toBe('First part and more'));
    expect(screen.queryByTestId('conflict')).toBeNull();
    expect((await riskByRef(backend, 'SR9')).mitigation).toBe('First part and more');
  });
});
