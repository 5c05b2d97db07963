import { describe, expect, it } from 'vitest';
import { LGA_KEY } from '../../shared/band-key.ts';
import { contrastRatio, luminance, textColourOn } from '../../shared/colour.ts';

describe('legible band cells', () => {
  it.each(LGA_KEY.map((b) => [b.name, b.colour] as const))(
    'text on the LGA %s cell (%s) has a WCAG contrast of at least 4.5:1',
    (_name, colour) => {
      expect(contrastRatio(colour, textColourOn(colour))).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('writes black on the light bands and white on Red', () => {
    expect(LGA_KEY.map((b) => `${b.name}:${textColourOn(b.colour)}`)).toEqual([
      'Green:#000000',
      'Yellow:#000000',
      'Amber:#000000',
      'Red:#ffffff',
    ]);
  });

  it('matches the WCAG reference values', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 10);
    // #777777 on white is the well-known 4.48:1 near miss.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('refuses something that is not a #rrggbb colour', () => {
    expect(() => luminance('red')).toThrow('Not a #rrggbb colour: red');
  });
});
