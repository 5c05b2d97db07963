import { describe, expect, it } from 'vitest';
import { isIsoDate, isOverdue, localIsoDate, ukDate } from '../../../shared/actions.ts';
import { LAYOUT_MAX_BYTES, utf8Length } from '../../../shared/contract/layout.ts';
import { parseInput } from '../../../shared/dispatch.ts';

describe('due dates', () => {
  it('accepts real calendar dates written as yyyy-mm-dd only', () => {
    for (const ok of ['2026-03-31', '2028-02-29', '2000-02-29', '2026-12-01'])
      expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '31/03/2026',
      '2026-3-31',
      '',
    ])
      expect(isIsoDate(bad), bad).toBe(false);
  });

  it('shows a date the UK way', () => {
    expect(ukDate('2026-03-31')).toBe('31/03/2026');
  });

  it("takes today from the clock in the user's own day", () => {
    expect(localIsoDate(new Date(2026, 4, 1, 23, 59))).toBe('2026-05-01');
    expect(localIsoDate(new Date(2026, 4, 2, 0, 0))).toBe('2026-05-02');
  });
});

describe('the overdue rule', () => {
  const today = '2026-05-01';
  it('is overdue when the due date is before today and it is not done', () => {
    expect(isOverdue({ dueDate: '2026-04-30', status: 'planned' }, today)).toBe(true);
    expect(isOverdue({ dueDate: '2025-12-31', status: 'in_progress' }, today)).toBe(true);
  });
  it('is not overdue on the day itself, after it, when done, or with no due date', () => {
    expect(isOverdue({ dueDate: '2026-05-01', status: 'planned' }, today)).toBe(false);
    expect(isOverdue({ dueDate: '2026-05-02', status: 'planned' }, today)).toBe(false);
    expect(isOverdue({ dueDate: '2026-04-30', status: 'done' }, today)).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'planned' }, today)).toBe(false);
  });
});

describe('validation at the door', () => {
  const message = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('checks owner emails and initials', () => {
    expect(
      message(() => parseInput('owners:create', { initials: 'CHo', email: 'c.ho@example.gov.uk' })),
    ).toBe('accepted');
    expect(message(() => parseInput('owners:create', { initials: 'CHo', email: 'c.ho@example' }))).toBe(
      'The email address is not valid: write it as name@example.gov.uk, or leave it empty.',
    );
    expect(message(() => parseInput('owners:create', { initials: 'SP/VV' }))).toBe(
      'Initials cannot contain spaces or / , ; & + (these separate owners), such as CHo.',
    );
    expect(message(() => parseInput('owners:create', { initials: '  ' }))).toBe(
      'Initials are required, such as CHo.',
    );
  });

  it('gives bulk changes one of three operations', () => {
    expect(message(() => parseInput('risks:bulk', { op: 'delete', risks: [{ id: 'x', version: 1 }] }))).toBe(
      'The bulk change must be assign-owner, change-category or archive.',
    );
    expect(message(() => parseInput('risks:bulk', { op: 'archive', risks: [] }))).toBe(
      'Select at least one risk.',
    );
  });

  it('measures a layout in UTF-8 bytes and refuses one over 16 KB', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    const fits = { notes: 'x'.repeat(LAYOUT_MAX_BYTES - 20) };
    expect(message(() => parseInput('layout:set', { layout: fits }))).toBe('accepted');
    const tooBig = { notes: '€'.repeat(6000) };
    expect(message(() => parseInput('layout:set', { layout: tooBig }))).toMatch(
      /^The table layout is too large to save/,
    );
  });
});
