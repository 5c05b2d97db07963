/**
 * The chain's format, pinned: an entry's hash is SHA-256 of the previous hash, a newline and the JSON array of the
 * row's stored values in column order (unpaired surrogates as U+FFFD), as hex. Computed here independently (a Hash
 * fed piece by piece), so a change in how db/history.ts builds the bytes — it now hashes them in one call — shows.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../../db/history.ts';

const reference = (prev: string, values: unknown[]) =>
  createHash('sha256').update(prev).update('\n').update(JSON.stringify(values)).digest('hex');

describe('entryHash', () => {
  it('is SHA-256 of the previous hash, a newline and the stored values as JSON', () => {
    const row = {
      seq: 7,
      entity: 'risk',
      entity_id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      label: 'SR7 — Pay “Café” suppliers £',
      action: 'create',
      field: null,
      old_value: null,
      new_value: JSON.stringify({ ref: 'SR7', description: 'Line one\nline two "quoted" \\ 😀' }),
      reason: 'Imported from r.csv',
      at: '2026-11-30T12:00:00.000Z',
      by: 'Benchmark',
    };
    const values = [
      row.seq,
      row.entity,
      row.entity_id,
      row.label,
      row.action,
      row.field,
      row.old_value,
      row.new_value,
      row.reason,
      row.at,
      row.by,
    ];
    expect(entryHash(GENESIS_HASH, row)).toBe(reference(GENESIS_HASH, values));
    const prev = entryHash(GENESIS_HASH, row);
    // An unpaired surrogate is hashed as SQLite stores it: U+FFFD.
    const odd = { ...row, seq: 8, label: 'broken \uD800 text' };
    expect(entryHash(prev, odd)).toBe(
      reference(
        prev,
        [...values.slice(0, 3), 'broken \uFFFD text', ...values.slice(4)].map((v, i) => (i === 0 ? 8 : v)),
      ),
    );
  });
});
