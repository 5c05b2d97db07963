/** The grant store: a window can name a file only by a token the host issued, for the purpose it was issued. */
import { describe, expect, it } from 'vitest';
import type { FilePurpose } from '../../../db/files/grants.ts';
import { createGrantStore, GRANT_LIFETIME_MS, NOT_CHOSEN, trustedPaths } from '../../../db/files/grants.ts';
import { AppError } from '../../../shared/errors.ts';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the grant store', () => {
  it('gives an unguessable token for a chosen path and resolves it for its purpose', () => {
    const store = createGrantStore();
    const a = store.grant('/home/ann/Exports/summary.csv', 'export-write:csv');
    const b = store.grant('/home/ann/Exports/summary.csv', 'export-write:csv');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('summary');
    expect(store.resolve(a, 'export-write:csv')).toBe('/home/ann/Exports/summary.csv');
  });

  it.each(['/etc/passwd', '/home/ann/.ssh/id_ed25519', 'C:\\Windows\\win.ini', '', 'not-a-token'])(
    'refuses a raw path or unknown reference with FORBIDDEN: %j',
    (ref) => {
      const store = createGrantStore();
      store.grant('/etc/passwd-not', 'import-read');
      const e = refusal(() => store.resolve(ref, 'import-read'));
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toBe(NOT_CHOSEN);
      expect(e.message).toMatch(/not chosen in a dialog of this app\. Choose it again/);
    },
  );

  it('refuses a token used for another purpose, and the token still serves its own', () => {
    const store = createGrantStore();
    const importToken = store.grant('/home/ann/risks.csv', 'import-read');
    const e = refusal(() => store.resolve(importToken, 'export-write:csv'));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe(
      'This file was chosen for something else (an import), not for a summary export as CSV. Choose it again with the app’s own dialog.',
    );
    const csvToken = store.grant('/home/ann/out.csv', 'export-write:csv');
    expect(refusal(() => store.resolve(csvToken, 'export-write:xlsx')).message).toMatch(
      /chosen for something else \(a summary export as CSV\), not for a summary export as XLSX/,
    );
    expect(refusal(() => store.resolve(csvToken, 'audit-write:csv')).code).toBe('FORBIDDEN');
    expect(store.resolve(importToken, 'import-read')).toBe('/home/ann/risks.csv');
    expect(store.resolve(csvToken, 'export-write:csv')).toBe('/home/ann/out.csv');
  });

  it.each<FilePurpose>([
    'open-register',
    'create-register',
    'backup-write',
    'png-write',
    'export-write:pdf',
    'audit-write:xlsx',
  ])('spends a %s grant on its first use', (purpose) => {
    const store = createGrantStore();
    const token = store.grant('/tmp/x', purpose);
    expect(store.resolve(token, purpose)).toBe('/tmp/x');
    expect(refusal(() => store.resolve(token, purpose)).message).toBe(NOT_CHOSEN);
  });

  it('keeps an import grant for every preview and the commit, until it has lain unused for the lifetime', () => {
    let now = 1_000_000;
    const store = createGrantStore({ now: () => now });
    const token = store.grant('/home/ann/risks.xlsx', 'import-read');
    for (let i = 0; i < 5; i++) {
      now += GRANT_LIFETIME_MS - 1;
      expect(store.resolve(token, 'import-read')).toBe('/home/ann/risks.xlsx');
    }
    now += GRANT_LIFETIME_MS;
    const e = refusal(() => store.resolve(token, 'import-read'));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/chosen too long ago\. Choose it again/);
    expect(refusal(() => store.resolve(token, 'import-read')).message).toBe(NOT_CHOSEN);
  });

  it('lets an unused write grant expire', () => {
    let now = 0;
    const store = createGrantStore({ now: () => now, lifetimeMs: 1000 });
    const token = store.grant('/tmp/backup.riskregister', 'backup-write');
    now = 1000;
    expect(refusal(() => store.resolve(token, 'backup-write')).code).toBe('FORBIDDEN');
    expect(store.size).toBe(0);
  });

  it('holds at most 200 grants, dropping the oldest first', () => {
    const store = createGrantStore();
    const first = store.grant('/tmp/first.csv', 'import-read');
    const tokens = Array.from({ length: 250 }, (_, i) => store.grant(`/tmp/${i}.csv`, 'import-read'));
    expect(store.size).toBe(200);
    expect(refusal(() => store.resolve(first, 'import-read')).code).toBe('FORBIDDEN');
    expect(store.resolve(tokens[249] ?? '', 'import-read')).toBe('/tmp/249.csv');
  });
});

describe('the CLI’s access', () => {
  it('takes the paths the user typed as they are', () => {
    expect(trustedPaths.resolve('/home/ann/risks.csv', 'import-read')).toBe('/home/ann/risks.csv');
    expect(trustedPaths.grant('/home/ann/out.csv', 'export-write:csv')).toBe('/home/ann/out.csv');
  });
});
