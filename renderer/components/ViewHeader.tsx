import type { ReactNode } from 'react';
import { formatDate } from '../format/dates.ts';
import { plural } from '../format/text.ts';
import { useRisksStore } from '../stores/risks-store.ts';

/** "Register · 19 risks · as at 22/11/2026"; "Register · 2,200 risks so far · as at …" while the list arrives. */
export function ViewHeader({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children?: ReactNode;
}) {
  const loading = useRisksStore((s) => s.progress !== null);
  return (
    <header className="view-header">
      <h1 data-testid="view-title">
        <span className="view-name">{title}</span>
        <span className="view-meta">
          {' · '}
          {plural(count, 'risk')}
          {loading && ' so far'}
          {' · as at '}
          {formatDate(new Date())}
        </span>
      </h1>
      {children}
    </header>
  );
}
