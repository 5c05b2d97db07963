/**
 * The audit trail says every recorded value in words: a real register's history after a band key change, a
 * category appetite, an action and a score change, read back through the handler table, has no raw JSON.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../../shared/band-key.ts';
import type { Backend } from '../backend.ts';
import { createBackend } from '../backend.ts';
import { describeEntry, valueInWords } from '../../../renderer/history/words.ts';

let backend: Backend | undefined;
afterEach(() => backend?.close());

describe('audit values in words', () => {
  it('shows band keys, appetites, actions and scores without JSON', async () => {
    backend = await createBackend({ start: 'sample' });
    const risks = await backend.call('risks:list', {});
    const sr4 = risks.find((r) => r.ref === 'SR4');
    if (!sr4) throw new Error('SR4 missing');
    const key = LGA_KEY.map((b) => (b.name === 'Amber' ? { ...b, action: 'Escalate to SMT' } : b));
    await backend.call('key:set', { key, reason: 'SMT asked for escalation wording' });
    await backend.call('actions:create', {
      riskId: sr4.id,
      text: 'Agree the transition plan',
      owner: 'Cho',
      dueDate: '2027-01-31',
    });
    await backend.call('risks:update-score', {
      id: sr4.id,
      version: sr4.version,
      which: 'current',
      impact: 4,
      likelihood: 3,
    });
    const page = await backend.call('audit:list', { limit: 200, offset: 0 });
    const words = page.entries.map((e) => describeEntry(e, key));
    expect(words.length).toBeGreaterThan(20);
    for (const w of words) {
      expect(w.old).not.toMatch(/[{}[\]"]/);
      expect(w.new).not.toMatch(/[{}[\]"]/);
    }
    const keyChange = words.find((w) => w.what === 'Band key');
    expect(keyChange?.old).toBe('Green 1–5, Yellow 6–10, Amber 11–15, Red 16–25');
    expect(words.some((w) => w.new === '4 × 3 = 12 Amber')).toBe(true);
  });

  it('says records as label and value pairs, numbers with thousands separators', () => {
    expect(valueInWords({ file: 'heatmap.png', format: 'png', bytes: 48213 }, LGA_KEY)).toBe(
      'File: heatmap.png; Format: png; Bytes: 48,213',
    );
    expect(valueInWords({ riskId: 'x', text: 'Call the auditors', dueDate: '2027-01-31' }, LGA_KEY)).toBe(
      'Text: Call the auditors; Due Date: 31/01/2027',
    );
  });
});
