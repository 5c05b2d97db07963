/**
 * The one loopback rule (shared/team-url.ts) as both sides use it: the main process refuses an unencrypted
 * connection to another host (checkTls), and the Share and Join dialogs (one shared component) offer the encryption
 * choice for exactly those addresses, including one a risk manager sent with sslmode=disable.
 */
import { describe, expect, it } from 'vitest';
import { checkTls } from '../../db/team/connect.ts';
import { needsTlsChoice } from '../../renderer/team/ServerLoginFields.tsx';
import { isLoopback } from '../../shared/team-url.ts';

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
