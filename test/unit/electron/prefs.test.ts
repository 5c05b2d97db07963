import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prefsIdentity, readPrefs } from '../../../electron/prefs.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function prefsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-prefs-'));
  dirs.push(dir);
  return join(dir, 'prefs.json');
}

describe('display name preference', () => {
  it('is kept in prefs.json beside the last register, and cleared back to the OS account', () => {
    const file = prefsFile();
    writeFileSync(file, JSON.stringify({ lastRegister: '/x/register.sqlite' }));
    const identity = prefsIdentity(file, 'jsmith');
    expect(identity.displayName()).toBeNull();

    identity.setDisplayName('Chris Ho');
    expect(identity.displayName()).toBe('Chris Ho');
    expect(readPrefs(file)).toEqual({ lastRegister: '/x/register.sqlite', displayName: 'Chris Ho' });

    identity.setDisplayName(null);
    expect(identity.displayName()).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ lastRegister: '/x/register.sqlite' });
  });

  it('ignores a display name that is not text', () => {
    const file = prefsFile();
    writeFileSync(file, JSON.stringify({ displayName: 42 }));
    expect(prefsIdentity(file, 'jsmith').displayName()).toBeNull();
  });
});
