/**
 * The one loopback rule (shared/team-url.ts) as both sides use it: the main process refuses an unencrypted
 * connection to another host (checkTls), and the Share and Join dialogs (one shared component) offer the encryption
 * choice for exactly those addresses, including one a risk manager sent with sslmode=disable.
 */
import { describe, expect, it } from 'vitest';
import { checkTls } from '../../db/team/connect.ts';
import { needsTlsChoice } from '../../renderer/team/ServerLoginFields.tsx';
import { appServerUrl } from '../../db/team/join-app.ts';
import { choseWithoutEncryption, isLoopback, sslmodeWithoutEncryption } from '../../shared/team-url.ts';

describe('this computer or another host', () => {
  it('knows this computer', () => {
    for (const h of [
      '',
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.4.5.6',
      '::1',
      '[::1]',
      '/var/run/postgresql',
    ]) {
      expect(isLoopback(h), h).toBe(true);
    }
    for (const h of ['db.council.gov.uk', '10.0.0.5', '128.0.0.1', 'localhost.example.org']) {
      expect(isLoopback(h), h).toBe(false);
    }
  });

  it('the dialog offers the choice exactly where the main process would refuse without it', () => {
    const cases = [
      'postgresql://rm@db.council.gov.uk:5432/risks',
      'postgresql://rm@10.0.0.5/risks',
      'postgresql://rm@localhost:5432/risks',
      'postgresql://rm@127.0.0.1:5432/risks',
      'postgresql://rm@[::1]:5432/risks',
      'postgresql:///risks?host=/var/run/postgresql',
      'postgresql://rm@db.council.gov.uk/risks?sslmode=verify-full',
      'postgresql://rm@db.council.gov.uk/risks?sslmode=require',
      'postgresql://rm@db.council.gov.uk/risks?sslmode=disable',
      'postgresql://rm@db.council.gov.uk/risks?sslmode=prefer',
      'postgresql://rm@127.0.0.1/risks?sslmode=disable',
    ];
    for (const url of cases) {
      let refused = false;
      try {
        checkTls(url);
      } catch (e) {
        expect((e as { code?: string }).code, url).toBe('FORBIDDEN');
        refused = true;
      }
      expect(needsTlsChoice(url), url).toBe(refused);
    }
  });
});

describe('the sslmode kept when the person chose "Connect without encryption"', () => {
  it('keeps prefer (TLS when offered) and turns everything else into disable', () => {
    expect(sslmodeWithoutEncryption('prefer')).toBe('prefer');
    for (const m of [null, '', 'disable', 'allow', 'no-verify', 'Prefer']) {
      expect(sslmodeWithoutEncryption(m), String(m)).toBe('disable');
    }
    expect(choseWithoutEncryption('prefer')).toBe(true);
    expect(choseWithoutEncryption('disable')).toBe(true);
    for (const m of [null, 'allow', 'require', 'verify-full'])
      expect(choseWithoutEncryption(m), String(m)).toBe(false);
  });

  it('Join, Share and Team settings store prefer as prefer, not as disable', () => {
    const login = { user: 'rita', password: 'p@ss/word', insecureTls: true };
    const stored = (server: string, insecureTls = true) =>
      new URL(appServerUrl({ ...login, server, insecureTls })).searchParams.get('sslmode');
    expect(stored('postgresql://db.council.gov.uk/risks?sslmode=prefer')).toBe('prefer');
    expect(stored('postgresql://db.council.gov.uk/risks?sslmode=disable')).toBe('disable');
    expect(stored('postgresql://db.council.gov.uk/risks')).toBe('disable');
    expect(stored('postgresql://db.council.gov.uk/risks?sslmode=allow')).toBe('disable');
    // Encrypting addresses and this computer need no choice: the address is kept as sent.
    expect(stored('postgresql://db.council.gov.uk/risks?sslmode=verify-full')).toBe('verify-full');
    expect(stored('postgresql://127.0.0.1/risks?sslmode=prefer')).toBe('prefer');
    expect(stored('postgresql://127.0.0.1/risks')).toBeNull();
    // Not ticked: nothing is written (the main process then refuses the address).
    expect(stored('postgresql://db.council.gov.uk/risks', false)).toBeNull();
    // The stored prefer address passes the main process's rule only with the choice, as disable does.
    const url = appServerUrl({ ...login, server: 'postgresql://db.council.gov.uk/risks?sslmode=prefer' });
    expect(() => checkTls(url)).toThrow(/is not this computer/);
    expect(() => checkTls(url, { insecureTls: true })).not.toThrow();
  });
});
