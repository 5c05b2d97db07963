import { describe, expect, it } from 'vitest';
import { findHeaderRow, recogniseHeader, resolveColumns } from '../../../shared/import/headers.ts';

describe('header recognition', () => {
  it.each([
    ['Ref', 'ref'],
    ['Risk ID', 'ref'],
    ['Risk No.', 'ref'],
    ['Description of risk', 'description'],
    ['RISK', 'description'],
    ['Title', 'title'],
    ['Risk title', 'title'],
    ['Risk description / causes and consequences', 'description'],
    ['Action Owner', 'actionOwner'],
    ['Target Date', 'actionDue'],
    ['Further actions', 'actionText'],
    ['Category', 'category'],
    ['I', 'impact'],
    ['Impact (1-5)', 'impact'],
    ['L', 'likelihood'],
    ['Probability', 'likelihood'],
    ['  likelihood  ', 'likelihood'],
    ['Score', 'score'],
    ['I x L', 'score'],
    ['RAG', 'rag'],
    ['Mitigation', 'mitigation'],
    ['Controls in place', 'mitigation'],
    ['Actions', 'mitigation'],
    ['Risk owner(s)', 'owner'],
    ['Owner', 'owner'],
    ['Review date', 'reviewDate'],
    ['Target score', 'targetScore'],
    ['Target impact', 'targetImpact'],
  ])('“%s” is %s', (header, field) => {
    expect(recogniseHeader(header)?.field).toBe(field);
  });

  it('does not recognise unrelated headers', () => {
    expect(recogniseHeader('Notes')).toBeNull();
    expect(recogniseHeader('')).toBeNull();
  });

  it('prefers the better name when two columns name the same field, and says why the other is unused', () => {
    const r = resolveColumns(['Ref', 'Risk description', 'Description of risk', 'I', 'L']);
    expect(r.mapping.description).toBe('Description of risk');
    expect(r.columns[1]?.field).toBeNull();
    expect(r.columns[1]?.note).toMatch(/comes from “Description of risk”/);
  });

  it('reads Risk beside a description as the title, and a lone Title as the description', () => {
    const r = resolveColumns(['Ref', 'Risk', 'Description of risk', 'I', 'L']);
    expect(r.mapping).toMatchObject({ title: 'Risk', description: 'Description of risk' });
    expect(r.columns[1]).toMatchObject({ field: 'title', placed: true });
    const t = resolveColumns(['Ref', 'Title', 'I', 'L']);
    expect(t.mapping).toMatchObject({ description: 'Title' });
    expect(t.mapping.title).toBeUndefined();
    const both = resolveColumns(['Ref', 'Risk', 'Risk description / causes and consequences', 'I', 'L']);
    expect(both.mapping).toMatchObject({
      title: 'Risk',
      description: 'Risk description / causes and consequences',
    });
  });

  it('reads a Description beside the action columns as the action’s, and Status there as its status', () => {
    const r = resolveColumns([
      'Ref',
      'Risk',
      'I',
      'L',
      'Existing controls',
      'Description',
      'Action Owner',
      'Target Date',
      'Status',
    ]);
    expect(r.mapping).toEqual({
      ref: 'Ref',
      description: 'Risk',
      impact: 'I',
      likelihood: 'L',
      mitigation: 'Existing controls',
      actionText: 'Description',
      actionOwner: 'Action Owner',
      actionDue: 'Target Date',
      actionStatus: 'Status',
    });
    // Without an action column, an owner / date / status column is not an action list.
    const lone = resolveColumns(['Ref', 'Description', 'I', 'L', 'Target Date', 'Status']);
    expect(lone.mapping).toEqual({ ref: 'Ref', description: 'Description', impact: 'I', likelihood: 'L' });
    expect(lone.columns[4]?.note).toMatch(/no action column/);
  });

  it('applies a supplied mapping first, and null leaves a field out', () => {
    const r = resolveColumns(['Risk ID', 'Ref', 'Risk', 'Score'], { ref: 'risk id', score: null });
    expect(r.mapping).toEqual({ ref: 'Risk ID', description: 'Risk' });
    expect(r.columns[0]?.source).toBe('supplied');
  });

  it('uses a remembered mapping only where the file has that header', () => {
    const r = resolveColumns(['Code', 'Risk'], {}, { ref: 'Code', owner: 'Lead person' });
    expect(r.mapping).toEqual({ ref: 'Code', description: 'Risk' });
    expect(r.columns[0]?.source).toBe('remembered');
  });

  it('refuses a supplied mapping that names a column the file lacks, listing the columns found', () => {
    expect(() => resolveColumns(['Ref', 'Risk'], { owner: 'Risk owner' })).toThrow(
      /column “Risk owner”, but the file has no such column\. Columns found: “Ref”, “Risk”/,
    );
  });

  it('finds the header row under a title', () => {
    const rows = [
      { row: 1, cells: [{ text: 'LGA Strategic Risk Register – summary as at 01/04/2026' }] },
      { row: 2, cells: [{ text: 'Current scores' }] },
      { row: 4, cells: ['Ref', 'Category', 'Description of risk', 'I', 'L'].map((text) => ({ text })) },
      { row: 5, cells: ['SR1', 'X', 'Y', '4', '2'].map((text) => ({ text })) },
    ];
    expect(findHeaderRow(rows)).toBe(2);
  });
});
