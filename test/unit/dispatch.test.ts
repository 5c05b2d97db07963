import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract/index.ts';
import { CHANNELS } from '../../shared/contract/index.ts';
import { dispatch } from '../../shared/dispatch.ts';
import { AppError } from '../../shared/errors.ts';

/** A handler table that records what reached it. */
function fakeHandlers(impl: (channel: string, input: unknown) => unknown = () => 'done') {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      (input: unknown) => {
        calls.push([c, input]);
        return impl(c, input);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('dispatch', () => {
  it('refuses an unknown channel with FORBIDDEN and calls nothing', async () => {
    const { handlers, calls } = fakeHandlers();
    for (const name of ['risks:drop-all', '__proto__', 'constructor', 'toString', '']) {
      const result = await dispatch(handlers, name, {});
      expect(result).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: `Unknown channel: ${name}` },
      });
    }
    expect(calls).toEqual([]);
  });

  it('returns a VALIDATION envelope naming the field, and never calls the handler', async () => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatch(handlers, 'risks:update-score', {
      id: 'r1',
      version: 1,
      impact: 6,
      likelihood: 2,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Impact must be a whole number from 1 to 5. Got 6.',
        details: {
          issues: [{ path: ['impact'], message: 'Impact must be a whole number from 1 to 5. Got 6.' }],
        },
      },
    });
    expect(calls).toEqual([]);
  });

  it('refuses fields the channel does not know', async () => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatch(handlers, 'risks:list', {
      includeArchived: false,
      sql: 'DROP TABLE risks',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toMatch(/sql/);
    }
    expect(calls).toEqual([]);
  });

  it('passes validated input with defaults filled in, and wraps the value', async () => {
    const { handlers, calls } = fakeHandlers(() => []);
    expect(await dispatch(handlers, 'risks:list', undefined)).toEqual({ ok: true, value: [] });
    expect(calls).toEqual([['risks:list', { includeArchived: false }]]);
  });

  it('passes an AppError through with its code and details', async () => {
    const { handlers } = fakeHandlers(() => {
      throw new AppError('CONFLICT', 'SR4 was changed by someone else.', { current: { ref: 'SR4' } });
    });
    expect(await dispatch(handlers, 'risks:get', { id: 'r1' })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'SR4 was changed by someone else.',
        details: { current: { ref: 'SR4' } },
      },
    });
  });

  it('turns any other failure into INTERNAL, for sync and async handlers alike', async () => {
    const sync = fakeHandlers(() => {
      throw new Error('disk I/O error');
    });
    expect(await dispatch(sync.handlers, 'risks:get', { id: 'r1' })).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: expect.stringMatching(/^Something went wrong inside Risk Register/),
      },
    });
    const async = fakeHandlers(() => Promise.reject(new Error('locked')));
    expect(await dispatch(async.handlers, 'risks:get', { id: 'r1' })).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: expect.stringMatching(/^Something went wrong inside Risk Register/),
      },
    });
  });
});

describe('the channel name list', () => {
  it('holds exactly the contract channels, each once', async () => {
    const { contract } = await import('../../shared/contract/index.ts');
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
  });
});
