import { describe, expect, it } from 'vitest';
import {
  boardPackRoute,
  dayFromIso,
  isoDay,
  looksLikePdf,
  parseBoardPackRoute,
  pdfFooterTemplate,
} from '../../../shared/export/board-pack.ts';

describe('the board pack route', () => {
  it('carries the options through the hash and back, band names with spaces and commas included', () => {
    const request = {
      scores: 'target' as const,
      bands: ['Amber', 'Very high, act now'],
      sort: 'score' as const,
      asAt: '2026-03-31',
      travel: true,
      marking: 'OFFICIAL-SENSITIVE',
      exempt: true,
    };
    const route = boardPackRoute(request);
    expect(route.startsWith('#/print/board-pack?')).toBe(true);
    expect(parseBoardPackRoute(route)).toEqual(request);
  });

  it('is not the board pack for other hashes, and falls back to defaults for odd values', () => {
    expect(parseBoardPackRoute('')).toBeNull();
    expect(parseBoardPackRoute('#/print/board-packs')).toBeNull();
    expect(parseBoardPackRoute('#/print/board-pack?scores=x&sort=y&asAt=2026-02-30')).toEqual({
      scores: 'current',
      sort: 'ref',
      bands: null,
      asAt: isoDay(new Date()),
      travel: false,
      exempt: false,
    });
  });

  it('reads days as local dates and refuses impossible ones', () => {
    expect(dayFromIso('2026-11-22')?.getDate()).toBe(22);
    expect(dayFromIso('2026-02-30')).toBeNull();
    expect(dayFromIso('22/11/2026')).toBeNull();
  });
});

describe('the PDF footer', () => {
  it('has page numbers for Chromium to fill, and the title as text, never as markup', () => {
    const footer = pdfFooterTemplate('Council <b>risks</b> & more – summary as at 22/11/2026');
    expect(footer).toContain('<span class="pageNumber"></span> of <span class="totalPages"></span>');
    expect(footer).toContain('Council &#60;b&#62;risks&#60;/b&#62; &#38; more – summary as at 22/11/2026');
    expect(footer).not.toContain('<b>');
  });

  it('knows a PDF by its first bytes', () => {
    expect(looksLikePdf(new TextEncoder().encode('%PDF-1.7\n'))).toBe(true);
    expect(looksLikePdf(new TextEncoder().encode('<html>'))).toBe(false);
  });
});
