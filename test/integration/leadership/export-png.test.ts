import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { noDialogs } from '../../../db/handlers/deps.ts';
import { closeBackends, createBackend } from '../../renderer/backend.ts';

// A 1 × 1 PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const DATA_URL = `data:image/png;base64,${PNG}`;

afterEach(() => closeBackends());

describe('export:png', () => {
  it('writes the picture where asked and records the export in history', async () => {
    const asked: [string, string][] = [];
    let target = '';
    const backend = await createBackend({
      dialogs: {
        ...noDialogs,
        chooseExportPath: (name, format) => {
          asked.push([name, format]);
          return Promise.resolve(target);
        },
      },
    });
    target = join(backend.dir, 'board heatmap.png');
    const outcome = await backend.call('export:png', {
      dataUrl: DATA_URL,
      name: 'Heatmap current 2026-11-22',
    });
    expect(asked).toEqual([['Heatmap current 2026-11-22.png', 'png']]);
    expect(outcome).toEqual({ path: target, bytes: Buffer.from(PNG, 'base64').length });
    expect(readFileSync(target).equals(Buffer.from(PNG, 'base64'))).toBe(true);
    // No temp file is left beside it.
    expect(readdirSync(backend.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const history = await backend.call('audit:list', { action: 'export' });
    expect(history.entries[0]).toMatchObject({
      action: 'export',
      newValue: { file: 'board heatmap.png', format: 'png' },
      reason: 'Exported the heatmap to board heatmap.png',
    });
  });

  it('writes nothing and records nothing when the save dialog is cancelled', async () => {
    const backend = await createBackend();
    expect(await backend.call('export:png', { dataUrl: DATA_URL })).toBeNull();
    expect((await backend.call('audit:list', { action: 'export' })).entries).toEqual([]);
  });

  it('refuses what is not a PNG, in words', async () => {
    const backend = await createBackend();
    const path = join(backend.dir, 'x.png');
    const notPng = await backend.dispatch('export:png', {
      dataUrl: `data:image/png;base64,${Buffer.from('hello').toString('base64')}`,
      path,
    });
    expect(notPng).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'The picture is not a PNG image: export it again from the heatmap.',
      },
    });
    const jpeg = await backend.dispatch('export:png', { dataUrl: 'data:image/jpeg;base64,AAAA', path });
    expect(jpeg).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(jpeg)).toContain('Only PNG pictures can be saved this way.');
    expect(existsSync(path)).toBe(false);
  });
});
