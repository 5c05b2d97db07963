/** How a band looks: its own colour from the register's key, with black or white text from `textColourOn`. */
import type { CSSProperties } from 'react';
import type { Band } from '../../shared/band-key.ts';
import { textColourOn } from '../../shared/colour.ts';

export function bandStyle(band: Band): CSSProperties {
  return { backgroundColor: band.colour, color: textColourOn(band.colour) };
}
