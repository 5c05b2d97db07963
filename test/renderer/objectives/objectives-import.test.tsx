/**
 * Importing objectives in the app (issue 13): the main process's own open dialog chooses the file (here the
 * Dialogs the shell would pass, answering with a real CSV), then the CLI's import code reads it, all or nothing.
 * jsdom over the real handler table on a real SQLite file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { renderApp } from '../render-app.tsx';

describe('importing objectives from the Objectives view', () => {
  it('asks for the file through the open dialog, imports it, and refuses a bad one changing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-objectives-'));
    const good = join(dir, 'business plan.csv');
    writeFileSync(
      good,
      'Ref,Title,Lead,RAG\nF1,Local authorities receive adequate funding,CEx,Amber\nF2,Councils are trusted,CHo,G\n',
    );
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Ref,Title,Lead,Status\nF3,,CEx,purple\n');
    let answer: string | null = good;
    const backend = await renderApp({
      start: 'sample',
      dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(answer) },
    });
    fireEvent.click(screen.getByTestId('nav-objectives'));
    await screen.findByTestId('objectives-view');

    fireEvent.click(screen.getByTestId('import-objectives'));
    expect((await screen.findByTestId('objectives-import-outcome')).textContent).toBe(
      'Imported business plan.csv: 2 added, 0 updated, 0 unchanged.',
    );
    await screen.findByTestId('objective-F1');
    expect(screen.getByTestId('objective-F2')).toBeTruthy();
    const listed = await backend.call('objectives:list', {});
    expect(listed.map((o) => [o.ref, o.title, o.lead, o.status])).toEqual([
      ['F1', 'Local authorities receive adequate funding', 'CEx', 'amber'],
      ['F2', 'Councils are trusted', 'CHo', 'green'],
    ]);

    answer = bad;
    fireEvent.click(screen.getByTestId('import-objectives'));
    await waitFor(() =>
      expect(screen.getByTestId('objectives-import-outcome').textContent).toContain(
        'bad.csv was not imported: nothing was changed.',
      ),
    );
    expect(screen.getByTestId('objectives-import-outcome').getAttribute('role')).toBe('alert');
    expect(await backend.call('objectives:list', {})).toHaveLength(2);

    // Cancelled: nothing happens, nothing is said.
    answer = null;
    const before = screen.getByTestId('objectives-import-outcome').textContent;
    fireEvent.click(screen.getByTestId('import-objectives'));
    await new Promise((ok) => setTimeout(ok, 100));
    expect(screen.getByTestId('objectives-import-outcome').textContent).toBe(before);
  });
});
