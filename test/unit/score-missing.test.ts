/** A missing score is named with what to give, never "Got nothing.", and nothing is written. */
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
