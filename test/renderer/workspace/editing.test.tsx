import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { renderApp } from '../render-app.tsx';

async function risk(backend: Backend, ref: string) {
  const all = await backend.call('risks:list', { includeArchived: true });
  const r = all.find((x) => x.ref === ref);
  if (!r) throw new Error(`no ${ref}`);
  return r;
}

function col(ref: string, id: string): string {
  return screen.getByTestId(`risk-row-${ref}`).querySelector(`td[data-col="${id}"]`)?.textContent ?? '';
}

describe('keyboard', () => {
  it('moves with the arrows, opens with Enter, scores with Alt+digits, closes with Esc', async () => {
    const backend = await renderApp();
    screen.getByTestId('risk-row-SR1').focus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByTestId('risk-row-SR4'));
    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR4');
    // Alt+2 sets impact 2, Alt+Shift+4 likelihood 4 (SR4 was 5 × 3).
    await userEvent.keyboard('{Alt>}2{/Alt}');
    await waitFor(() => expect(col('SR4', 'impact')).toBe('2'));
    await userEvent.keyboard('{Alt>}{Shift>}4{/Shift}{/Alt}');
    await waitFor(() => expect(col('SR4', 'score')).toBe('8'));
    const sr4 = await risk(backend, 'SR4');
    expect([sr4.impact, sr4.likelihood]).toEqual([2, 4]);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('panel-ref')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('risk-row-SR4'));
  });

  it('follows the rows as shown when grouped: down goes to the next row on screen', async () => {
    await renderApp();
    await userEvent.selectOptions(screen.getByTestId('group-by'), 'band');
    const rows = screen.getAllByTestId(/^risk-row-/);
    rows[0]?.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(rows[1]);
    await userEvent.keyboard('{End}');
    expect(document.activeElement).toBe(rows[rows.length - 1]);
  });

  it('menu Find puts the cursor in the search box; menu New risk opens the form', async () => {
    const backend = await renderApp();
    act(() => backend.emit('menu', 'find'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('table-search')));
    act(() => backend.emit('menu', 'new-risk'));
    await screen.findByTestId('new-risk-dialog');
    await waitFor(() => expect((screen.getByTestId('new-ref') as HTMLInputElement).value).toBe('SR20'));
  });
});

describe('undo and redo', () => {
  it('undoes a score change with Ctrl+Z and redoes it with Ctrl+Shift+Z, each recorded in history', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR4'));
    await userEvent.click(screen.getByTestId('impact-2'));
    await waitFor(() => expect(col('SR4', 'score')).toBe('6'));
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(col('SR4', 'score')).toBe('15'));
    expect(screen.getByTestId('undo-status').textContent).toContain('Undone: SR4 current score');
    expect((await risk(backend, 'SR4')).impact).toBe(5);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(col('SR4', 'score')).toBe('6'));
    expect(screen.getByTestId('undo-status').textContent).toContain('Redone: SR4 current score');
    const history = await backend.call('history:list', {
      entity: 'risk',
      entityId: (await risk(backend, 'SR4')).id,
    });
    expect(history.filter((h) => h.reason?.startsWith('Undo of change #'))).toHaveLength(2);
  });

  it('inside a text field Ctrl+Z is the field’s own: the register is not touched', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR4'));
    await userEvent.click(screen.getByTestId('impact-2'));
    await waitFor(() => expect(col('SR4', 'score')).toBe('6'));
    await userEvent.click(screen.getByTestId('table-search'));
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(screen.queryByTestId('undo-status')).toBeNull();
    expect((await risk(backend, 'SR4')).impact).toBe(2);
  });

  it('undo from the menu reverts a bulk change as one step', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('check-SR1'));
    const user = userEvent.setup();
    await user.keyboard('{Shift>}');
    await user.click(screen.getByTestId('check-SR3'));
    await user.keyboard('{/Shift}');
    expect(screen.getByTestId('bulk-bar').textContent).toContain('3 risks ticked');
    await userEvent.type(screen.getByTestId('bulk-owner'), 'ZZ');
    await userEvent.click(screen.getByTestId('bulk-assign'));
    await waitFor(() => expect(col('SR2', 'owners')).toBe('ZZ'));
    expect(col('SR1', 'owners')).toBe('ZZ');
    act(() => backend.emit('menu', 'undo'));
    await waitFor(() => expect(col('SR2', 'owners')).not.toBe('ZZ'));
    expect((await risk(backend, 'SR1')).owners).not.toEqual(['ZZ']);
  });
});

describe('bulk changes', () => {
  it('are all or nothing: a risk changed elsewhere stops the whole change, and says which', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('check-SR1'));
    await userEvent.click(screen.getByTestId('check-SR2'));
    const sr2 = await risk(backend, 'SR2');
    await backend.call('risks:update', {
      id: sr2.id,
      version: sr2.version,
      changes: { description: 'Changed elsewhere' },
    });
    await userEvent.type(screen.getByTestId('bulk-category'), 'Finance');
    await userEvent.click(screen.getByTestId('bulk-category-apply'));
    const error = await screen.findByTestId('bulk-error');
    expect(error.textContent).toMatch(/^Nothing was changed\..*SR2/);
    expect((await risk(backend, 'SR1')).category).not.toBe('Finance');
  });

  it('archive the ticked risks after a confirmation', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('check-SR18'));
    await userEvent.click(screen.getByTestId('check-SR19'));
    await userEvent.click(screen.getByTestId('bulk-archive'));
    await userEvent.click(screen.getByTestId('bulk-archive-confirm'));
    await waitFor(() => expect(screen.queryByTestId('risk-row-SR19')).toBeNull());
    expect((await risk(backend, 'SR18')).archivedAt).not.toBeNull();
  });
});

describe('new risk', () => {
  it('explains each refusal next to its field and keeps the form open', async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId('new-risk'));
    await screen.findByTestId('new-risk-dialog');
    await waitFor(() => expect((screen.getByTestId('new-ref') as HTMLInputElement).value).toBe('SR20'));
    await userEvent.clear(screen.getByTestId('new-ref'));
    await userEvent.type(screen.getByTestId('new-ref'), 'SR4');
    await userEvent.selectOptions(screen.getByTestId('new-target-impact'), '2');
    await userEvent.click(screen.getByTestId('new-save'));
    expect((await screen.findByTestId('new-description-error')).textContent).toBe(
      'The description is required.',
    );
    expect(screen.getByTestId('new-impact-error').textContent).toMatch(
      /^Impact is missing: choose a whole number from 1 to 5/,
    );
    expect(screen.getByTestId('new-target-likelihood-error').textContent).toMatch(
      /^Target likelihood is missing: choose a whole number from 1 to 5/,
    );
    await userEvent.type(screen.getByTestId('new-description'), 'Cyber attack stops services');
    await userEvent.selectOptions(screen.getByTestId('new-current-impact'), '4');
    await userEvent.selectOptions(screen.getByTestId('new-current-likelihood'), '3');
    await userEvent.selectOptions(screen.getByTestId('new-target-likelihood'), '5');
    // Target 2 × 5 = 10 is not worse than 12: no warning yet; 4 × 5 is.
    expect(screen.queryByTestId('new-target-warning')).toBeNull();
    await userEvent.selectOptions(screen.getByTestId('new-target-impact'), '4');
    expect(screen.getByTestId('new-target-warning').textContent).toContain('worse than the current');
    await userEvent.click(screen.getByTestId('new-save'));
    expect((await screen.findByTestId('new-ref-error')).textContent).toMatch(/^The ref SR4 is already used/);
    expect(screen.getByTestId('new-risk-dialog')).toBeTruthy();
  });

  it('adds a risk with three scores: it opens in the panel and the table shows it', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('new-risk'));
    await waitFor(() => expect((screen.getByTestId('new-ref') as HTMLInputElement).value).toBe('SR20'));
    await userEvent.type(screen.getByTestId('new-description'), 'Cyber attack stops services');
    await userEvent.selectOptions(screen.getByTestId('new-inherent-impact'), '5');
    await userEvent.selectOptions(screen.getByTestId('new-inherent-likelihood'), '4');
    await userEvent.selectOptions(screen.getByTestId('new-current-impact'), '4');
    await userEvent.selectOptions(screen.getByTestId('new-current-likelihood'), '3');
    await userEvent.selectOptions(screen.getByTestId('new-target-impact'), '2');
    await userEvent.selectOptions(screen.getByTestId('new-target-likelihood'), '2');
    await userEvent.type(screen.getByTestId('new-owners'), 'CHo JG');
    await userEvent.click(screen.getByTestId('new-save'));
    await waitFor(() => expect(screen.queryByTestId('new-risk-dialog')).toBeNull());
    expect(screen.getByTestId('panel-ref').textContent).toBe('SR20');
    expect(col('SR20', 'score')).toBe('12');
    expect(screen.getByTestId('score-inherent').textContent).toContain('20');
    expect(screen.getByTestId('score-inherent').textContent).toContain('Red');
    expect(screen.getByTestId('score-target').textContent).toContain('4');
    expect(screen.getByTestId('score-target').textContent).toContain('Green');
    const sr20 = await risk(backend, 'SR20');
    expect(sr20).toMatchObject({
      impact: 4,
      likelihood: 3,
      inherent: { impact: 5, likelihood: 4 },
      owners: ['CHo', 'JG'],
    });
  });

  it('takes an optional title: saved, shown in the panel and in bold in the table; none when left blank', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('new-risk'));
    await waitFor(() => expect((screen.getByTestId('new-ref') as HTMLInputElement).value).toBe('SR20'));
    expect(screen.getByLabelText(/^Title/)).toBe(screen.getByTestId('new-title'));
    await userEvent.type(screen.getByTestId('new-title'), '  Cyber attack  ');
    await userEvent.type(screen.getByTestId('new-description'), 'A cyber attack stops services for days');
    await userEvent.selectOptions(screen.getByTestId('new-current-impact'), '4');
    await userEvent.selectOptions(screen.getByTestId('new-current-likelihood'), '3');
    await userEvent.click(screen.getByTestId('new-save'));
    await waitFor(() => expect(screen.queryByTestId('new-risk-dialog')).toBeNull());
    expect(screen.getByTestId('panel-title').textContent).toBe('Cyber attack');
    expect(within(screen.getByTestId('risk-row-SR20')).getByTestId('risk-title').textContent).toBe(
      'Cyber attack',
    );
    expect(await risk(backend, 'SR20')).toMatchObject({
      title: 'Cyber attack',
      description: 'A cyber attack stops services for days',
    });
    // Without a title the risk has none (null), as before.
    await userEvent.click(screen.getByTestId('new-risk'));
    await waitFor(() => expect((screen.getByTestId('new-ref') as HTMLInputElement).value).toBe('SR21'));
    await userEvent.type(screen.getByTestId('new-description'), 'Flooding of the depot');
    await userEvent.selectOptions(screen.getByTestId('new-current-impact'), '3');
    await userEvent.selectOptions(screen.getByTestId('new-current-likelihood'), '2');
    await userEvent.click(screen.getByTestId('new-save'));
    await waitFor(() => expect(screen.queryByTestId('new-risk-dialog')).toBeNull());
    expect((await risk(backend, 'SR21')).title).toBeNull();
  });
});

describe('the risk panel', () => {
  it('sets a target, warns when it is worse than the current score, and clears it', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR15'));
    const trio = screen.getByTestId('score-trio');
    expect(within(trio).getByTestId('score-current').textContent).toContain('3');
    await userEvent.selectOptions(screen.getByTestId('target-impact'), '3');
    await userEvent.selectOptions(screen.getByTestId('target-likelihood'), '3');
    await waitFor(() => expect(screen.getByTestId('score-target').textContent).toContain('Yellow'));
    expect(screen.getByTestId('target-warning').textContent).toContain('worse than the current');
    expect((await risk(backend, 'SR15')).target).toEqual({ impact: 3, likelihood: 3 });
    await userEvent.click(screen.getByTestId('target-clear'));
    await waitFor(() => expect(screen.getByTestId('score-target').textContent).toContain('Not set'));
    expect(screen.queryByTestId('target-warning')).toBeNull();
  });

  it('adds an action with an owner and a dd/mm/yyyy due date; a past date shows as overdue in words', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR4'));
    await userEvent.click(screen.getByTestId('add-action'));
    await userEvent.type(screen.getByTestId('action-text'), 'Commission the review');
    await userEvent.selectOptions(screen.getByTestId('action-owner'), 'CHo');
    await userEvent.type(screen.getByTestId('action-due'), '31/02/2027');
    await userEvent.click(screen.getByTestId('action-save'));
    expect(screen.getByTestId('action-due-error').textContent).toContain('dd/mm/yyyy');
    await userEvent.clear(screen.getByTestId('action-due'));
    await userEvent.type(screen.getByTestId('action-due'), '01/02/2020');
    await userEvent.click(screen.getByTestId('action-save'));
    const item = await screen.findByTestId('action-item');
    expect(item.textContent).toContain('Commission the review');
    expect(item.textContent).toContain('Owner: CHo');
    expect(item.textContent).toContain('Due: 01/02/2020');
    expect(within(item).getByTestId('overdue').textContent).toMatch(/Overdue by \d+ days/);
    const [action] = await backend.call('actions:list', { riskId: (await risk(backend, 'SR4')).id });
    expect(action).toMatchObject({
      text: 'Commission the review',
      owner: 'CHo',
      dueDate: '2020-02-01',
      overdue: true,
    });
    await userEvent.selectOptions(within(item).getByTestId('action-status'), 'done');
    await waitFor(() => expect(screen.queryByTestId('overdue')).toBeNull());
  });
});

describe('owners from the directory', () => {
  it('adds an owner to the open risk from the directory', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR4'));
    const picker = await screen.findByTestId('owner-picker');
    await waitFor(() => expect(within(picker).queryByRole('option', { name: /^JG/ })).not.toBeNull());
    await userEvent.selectOptions(picker, 'JG');
    await waitFor(() => expect(col('SR4', 'owners')).toBe('Cho JG'));
    expect((await risk(backend, 'SR4')).owners).toEqual(['Cho', 'JG']);
  });
});

describe('archived risks', () => {
  it('archive from the panel, restore, and delete permanently after a confirmation naming the ref', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('risk-row-SR7'));
    await userEvent.click(screen.getByTestId('panel-archive'));
    await userEvent.click(screen.getByTestId('panel-archive-confirm'));
    await waitFor(() => expect(screen.queryByTestId('risk-row-SR7')).toBeNull());
    await userEvent.click(screen.getByTestId('nav-archived'));
    await screen.findByTestId('archived-row-SR7');
    await userEvent.click(screen.getByTestId('restore-SR7'));
    await waitFor(() => expect(screen.queryByTestId('archived-row-SR7')).toBeNull());
    expect((await risk(backend, 'SR7')).archivedAt).toBeNull();

    const sr8 = await risk(backend, 'SR8');
    await backend.call('risks:archive', { id: sr8.id, version: sr8.version });
    await userEvent.click(screen.getByTestId('nav-register'));
    await userEvent.click(screen.getByTestId('nav-archived'));
    await userEvent.click(await screen.findByTestId('delete-SR8'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Delete SR8 permanently?');
    await userEvent.click(within(dialog).getByTestId('confirm-yes'));
    await waitFor(() => expect(screen.queryByTestId('archived-row-SR8')).toBeNull());
    const all = await backend.call('risks:list', { includeArchived: true });
    expect(all.some((r) => r.ref === 'SR8')).toBe(false);
  });
});

describe('owners directory and categories', () => {
  it('merges Cho into CHo after a confirmation, and refuses to delete an owner who owns risks', async () => {
    const backend = await renderApp();
    await userEvent.click(screen.getByTestId('nav-owners'));
    await screen.findByTestId('owner-row-Cho');
    await userEvent.click(screen.getByTestId('owner-delete-CHo'));
    expect((await screen.findByTestId('owners-message')).textContent).toMatch(/CHo/);
    expect(screen.getByTestId('owners-message').getAttribute('role')).toBe('alert');
    await userEvent.click(screen.getByTestId('owner-merge-Cho'));
    const into = screen.getByTestId('merge-into') as HTMLSelectElement;
    const cho = [...into.options].find((o) => o.textContent?.startsWith('CHo'));
    await userEvent.selectOptions(into, cho?.value ?? '');
    await userEvent.click(screen.getByTestId('merge-go'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Merge Cho into CHo?');
    await userEvent.click(within(dialog).getByTestId('confirm-yes'));
    await waitFor(() => expect(screen.queryByTestId('owner-row-Cho')).toBeNull());
    const owners = await backend.call('owners:list', {});
    expect(owners.some((o) => o.initials === 'Cho')).toBe(false);
    const risks = await backend.call('risks:list', {});
    expect(risks.some((r) => r.owners.includes('Cho'))).toBe(false);
  });

  it('adds an owner with details shown in the directory', async () => {
    await renderApp();
    await userEvent.click(screen.getByTestId('nav-owners'));
    await userEvent.type(await screen.findByTestId('owner-new-initials'), 'AB');
    await userEvent.type(screen.getByTestId('owner-new-name'), 'Alex Brown');
    await userEvent.click(screen.getByTestId('owner-add'));
    const row = await screen.findByTestId('owner-row-AB');
    expect(row.textContent).toContain('Alex Brown');
  });

  it('renames and reorders categories', async () => {
    const backend = await renderApp();
    const [first, second] = await backend.call('categories:list', {});
    if (!first || !second) throw new Error('categories');
    await userEvent.click(screen.getByTestId('nav-categories'));
    await userEvent.click(await screen.findByTestId(`category-down-${first.name}`));
    await waitFor(async () => expect((await backend.call('categories:list', {}))[0]?.name).toBe(second.name));
    // Undo puts the order back.
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(async () => expect((await backend.call('categories:list', {}))[0]?.name).toBe(first.name));
    expect(screen.getByTestId('undo-status').textContent).toBe('Undone: category orderDismiss');
    await userEvent.click(screen.getByTestId(`category-rename-${first.name}`));
    await userEvent.clear(screen.getByTestId('category-rename-input'));
    await userEvent.type(screen.getByTestId('category-rename-input'), 'Renamed category{Enter}');
    await screen.findByTestId('category-row-Renamed category');
    const risks = await backend.call('risks:list', {});
    expect(risks.some((r) => r.category === first.name)).toBe(false);
    expect(risks.some((r) => r.category === 'Renamed category')).toBe(true);
  });
});
