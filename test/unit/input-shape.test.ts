import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract/index.ts';
import { CHANNELS } from '../../shared/contract/index.ts';
import { dispatch, setInternalErrorLog } from '../../shared/dispatch.ts';
import { hasUnpairedSurrogate, wellFormed } from '../../shared/input-shape.ts';

/** A handler table that records what reached it. */
function recorder(impl: () => unknown = () => 'done') {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      () => {
        calls.push(c);
        return impl();
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { id: 'r1', version: 1, impact: 3, likelihood: 3 };
  o.self = o;
  return o;
}

function sparse(): unknown[] {
  const list: unknown[] = [];
  list[1] = 'SP';
  return list;
}

function deep(levels: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) v = { d: v };
  return v;
}

const hostile: [string, unknown, string][] = [
  ['a BigInt', { id: 'r1', version: 1n }, 'version: is a BigInt'],
  ['a cyclic object', cyclic(), 'self: refers back to itself'],
  ['a deeply nested value', { id: 'r1', changes: deep(5000) }, 'is nested more than 32 levels deep'],
  ['a Map', { id: 'r1', changes: new Map([['description', 'x']]) }, 'changes: is a Map'],
  ['a Set', { ids: new Set(['a']) }, 'ids: is a Set'],
  ['a typed array', { path: new Uint8Array(4) }, 'path: is binary data'],
  ['a Date', { from: new Date() }, 'from: is a date object'],
  ['a sparse array', { owners: sparse() }, 'owners: is a list with gaps'],
  ['a huge string', { id: 'x'.repeat(31_000_000) }, 'id: is too long (31,000,000 characters'],
  [
    'an own __proto__ key',
    JSON.parse('{"id":"r1","__proto__":{"admin":true}}'),
    '__proto__: is a reserved name',
  ],
  ['a constructor key', { id: 'r1', constructor: { prototype: {} } }, 'constructor: is a reserved name'],
  [
    'a class instance',
    {
      id: new (class Thing {
        readonly kind = 'thing';
      })(),
    },
    'id: is an object of an unsupported kind',
  ],
  ['a function', { id: () => 'r1' }, 'id: is a function'],
  ['a symbol', { id: Symbol('r1') }, 'id: is a symbol'],
  [
    'a getter',
    Object.defineProperty({}, 'id', { get: () => 'r1', enumerable: true }),
    'id: is computed by a getter',
  ],
  [
    'an unpaired surrogate',
    { id: 'r1', version: 1, impact: 3, likelihood: 3, reason: 'Rates \uD83D rise' },
    'reason: holds a broken character',
  ],
  [
    'a lone low surrogate deep down',
    { id: 'r1', version: 1, changes: { owners: ['SP', '\uDC00'] } },
    'changes.owners.1: holds a broken character',
  ],
];

describe('the door refuses what a request cannot be made of', () => {
  for (const [what, raw, message] of hostile) {
    it(`${what}: VALIDATION naming the field, handler never called`, async () => {
      const { handlers, calls } = recorder();
      for (const channel of ['risks:update-score', 'risks:update', 'risks:list'] as const) {
        const result = await dispatch(handlers, channel, raw);
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message).toContain(message);
        expect(result.error.message).toMatch(/\.$/);
      }
      expect(calls).toEqual([]);
    });
  }

  it('still lets plain data through, including paired surrogates (emoji) and null-prototype objects', async () => {
    const { handlers, calls } = recorder();
    const input = Object.assign(Object.create(null) as object, {
      id: 'r1',
      version: 1,
      impact: 3,
      likelihood: 2,
      reason: 'Flood 🌊 warning',
    });
    const result = await dispatch(handlers, 'risks:update-score', input);
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual(['risks:update-score']);
  });
});

describe('unexpected errors', () => {
  let restore: ReturnType<typeof setInternalErrorLog> | undefined;
  afterEach(() => {
    if (restore) setInternalErrorLog(restore);
  });

  it('reach the window as INTERNAL with a generic message; the detail goes to the log only', async () => {
    const logged: [string, unknown][] = [];
    restore = setInternalErrorLog((ref, e) => logged.push([ref, e]));
    const secret = new Error('SQLITE_CORRUPT: no such column risks.secret at /home/alice/council.riskreg');
    const { handlers } = recorder(() => {
      throw secret;
    });
    const result = await dispatch(handlers, 'risks:list', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(result.error.message).not.toMatch(/SQLITE|column|alice|\.riskreg|at \w+ \(/);
    expect(result.error.message).toMatch(/^Something went wrong inside Risk Register/);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.[1]).toBe(secret);
    expect(result.error.message).toContain(logged[0]?.[0]);
  });
});

describe('well-formed text', () => {
  it('finds unpaired surrogates, high or low, and leaves pairs alone', () => {
    expect(hasUnpairedSurrogate('a\uD83Db')).toBe(true);
    expect(hasUnpairedSurrogate('a\uDE00b')).toBe(true);
    expect(hasUnpairedSurrogate('end\uD83D')).toBe(true);
    expect(hasUnpairedSurrogate('😀 fine')).toBe(false);
    expect(wellFormed('a\uD83Db\uDE00😀')).toBe('a\uFFFDb\uFFFD😀');
  });
});
