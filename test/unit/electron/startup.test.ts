import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegisterSession } from '../../../db/session.ts';
import { readSettings, writeSetting } from '../../../db/settings.ts';
import { readPrefs, updatePrefs, writePrefs } from '../../../electron/prefs.ts';
import { openInitialRegister, registerPathFromArgv } from '../../../electron/startup.ts';

let dir: string;
let session: RegisterSession;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rr-startup-'));
  session = new RegisterSession();
});
afterEach(() => {
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

function makeRegister(path: string, name: string): void {
  const s = new RegisterSession();
  s.create(path);
  writeSetting(s.db, 'name', name);
  s.close();
}

describe('opening a register on launch', () => {
  it('creates the default register on first launch, not yet set up, so the first-run choice shows', () => {
    const defaultRegister = join(dir, 'user-data', 'register.sqlite');
    const result = openInitialRegister(session, { defaultRegister });
    expect(result).toEqual({ opened: defaultRegister, notice: null });
    expect(session.path).toBe(defaultRegister);
    expect(readSettings(session.db).onboarded).toBe(false);
  });

  it('opens the register used last', () => {
    const last = join(dir, 'council.riskregister');
    makeRegister(last, 'Council risks');
    const result = openInitialRegister(session, {
      lastRegister: last,
      defaultRegister: join(dir, 'register.sqlite'),
    });
    expect(result.opened).toBe(last);
    expect(readSettings(session.db).name).toBe('Council risks');
  });

  it('falls back to the default register, and says why, when the last one has gone', () => {
    const defaultRegister = join(dir, 'register.sqlite');
    makeRegister(defaultRegister, 'My default');
    const result = openInitialRegister(session, {
      lastRegister: join(dir, 'moved.riskregister'),
      defaultRegister,
    });
    expect(result.opened).toBe(defaultRegister);
    expect(readSettings(session.db).name).toBe('My default');
    expect(result.notice).toMatch(
      /^The register you used last could not be opened: There is no file at .*moved/,
    );
    expect(result.notice).toMatch(/default register is open instead/);
  });

  it('prefers a register named on the command line', () => {
    const asked = join(dir, 'asked.riskregister');
    const last = join(dir, 'last.riskregister');
    makeRegister(asked, 'Asked');
    makeRegister(last, 'Last');
    const result = openInitialRegister(session, {
      requested: asked,
      lastRegister: last,
      defaultRegister: join(dir, 'register.sqlite'),
    });
    expect(result).toEqual({ opened: asked, notice: null });
  });

  it('refuses a file that is not a register and opens none when the default is not one either', () => {
    const defaultRegister = join(dir, 'register.sqlite');
    writeFileSync(defaultRegister, 'not a database');
    const result = openInitialRegister(session, { defaultRegister });
    expect(result.opened).toBeNull();
    expect(session.isOpen).toBe(false);
    expect(result.notice).toMatch(/could not be opened: .*not a risk register file/);
  });

  it('finds a register file passed on the command line', () => {
    expect(registerPathFromArgv(['/opt/Risk Register/risk-register', '/home/a/x.riskregister'])).toBe(
      '/home/a/x.riskregister',
    );
    expect(registerPathFromArgv(['electron', '.'])).toBeNull();
    expect(registerPathFromArgv(['app', '--inspect=x.sqlite', '/srv/Risks/b.SQLITE'])).toBe(
      '/srv/Risks/b.SQLITE',
    );
    expect(registerPathFromArgv(['/home/a/x.riskregister'])).toBeNull();
  });

  it('resolves a relative path against the working directory of the launch that named it', () => {
    expect(registerPathFromArgv(['risk-register', 'risks/x.riskregister'], '/home/ann')).toBe(
      '/home/ann/risks/x.riskregister',
    );
    expect(registerPathFromArgv(['risk-register', '../b.sqlite'], '/home/ann/work')).toBe(
      '/home/ann/b.sqlite',
    );
    expect(registerPathFromArgv(['risk-register', 'x.riskregister'])).toBe(
      join(process.cwd(), 'x.riskregister'),
    );
  });
});

describe('the prefs file', () => {
  it('remembers the last register across launches', () => {
    const file = join(dir, 'nested', 'prefs.json');
    expect(readPrefs(file)).toEqual({});
    updatePrefs(file, { lastRegister: '/home/a/x.riskregister' });
    expect(readPrefs(file)).toEqual({ lastRegister: '/home/a/x.riskregister' });
  });

  it('ignores a damaged or odd file', () => {
    const file = join(dir, 'prefs.json');
    writeFileSync(file, '{ half');
    expect(readPrefs(file)).toEqual({});
    writePrefs(file, { lastRegister: 42 } as never);
    expect(readPrefs(file)).toEqual({});
  });
});
