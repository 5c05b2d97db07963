/** A missing score is named with what to give (never "Got nothing."); counts carry thousands separators. */
import { describe, expect, it } from 'vitest';
import { scorePair } from '../../shared/contract/define.ts';

describe('a missing impact or likelihood', () => {
  it('says which is missing and what to choose', () => {
    const r = scorePair('Target').safeParse({ impact: 3 });
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(['Target likelihood is missing: choose a whole number from 1 to 5.']);
    expect(messages.join(' ')).not.toContain('Got nothing');
  });

  it('still quotes a wrong value back', () => {
    const r = scorePair('Current').safeParse({ impact: 3, likelihood: 7 });
    expect(r.error?.issues[0]?.message).toBe('Current likelihood must be a whole number from 1 to 5. Got 7.');
  });
});

describe('counts', () => {
  it('are shown with thousands separators', async () => {
    const { formatCount, plural } = await import('../../renderer/format/text.ts');
    expect(formatCount(5000)).toBe('5,000');
    expect(plural(100019, 'risk')).toBe('100,019 risks');
    expect(plural(1, 'risk')).toBe('1 risk');
  });
});
