import type { BandKey } from '../../shared/band-key.ts';
import { BandBadge } from './BandBadge.tsx';

/** The key printed under the register: score range, band and management action. */
export function BandKeyTable({ bandKey }: { bandKey: BandKey }) {
  const bands = [...bandKey].sort((a, b) => a.min - b.min);
  return (
    <table className="band-key" data-testid="band-key">
      <caption>Key</caption>
      <thead>
        <tr>
          <th scope="col">Score</th>
          <th scope="col">Band</th>
          <th scope="col">Management action</th>
        </tr>
      </thead>
      <tbody>
        {bands.map((b) => (
          <tr key={b.name}>
            <td className="num">
              {b.min} to {b.max}
            </td>
            <td>
              <BandBadge band={b} />
            </td>
            <td>{b.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
