import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../db/ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant UUID carrying its millisecond timestamp', () => {
    const at = Date.UTC(2019, 3, 1, 9, 30);
    const id = uuidv7(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids in the order they were made when time moves on', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 1000 }, (_, k) => uuidv7(start + k * 7));
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts ids made now after ids made earlier', () => {
    const earlier = uuidv7(Date.now() - 1000);
    const now = uuidv7();
    expect(now > earlier).toBe(true);
  });

  it('never repeats, even within one millisecond', () => {
    const at = Date.now();
    const ids = Array.from({ length: 20_000 }, () => uuidv7(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it('keeps ids made in one millisecond in the order they were made (an import makes many at once)', () => {
    const at = Date.now() + 60_000;
    const ids = Array.from({ length: 10_000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
    // The first ids carry the millisecond asked for; the counter's overflow moves later ones on, never back.
    expect(parseInt((ids[0] ?? '').replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('never goes back when the clock does', () => {
    const at = Date.now() + 120_000;
    const a = uuidv7(at);
    const b = uuidv7(at - 5_000);
    expect(b > a).toBe(true);
  });
});
