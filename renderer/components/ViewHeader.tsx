import type { ReactNode } from 'react';
import { formatDate } from '../format/dates.ts';
import { plural } from '../format/text.ts';

/** "Register · 19 risks · as at 22/11/2026" */
export function ViewHeader({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children?: ReactNode;
}) {
  return (
    <header className="view-header">
      <h1 data-testid="view-title">
        <span className="view-name">{title}</span>
        <span className="view-meta">
          {' · '}
          {plural(count, 'risk')}
          {' · as at '}
          {formatDate(new Date())}
        </span>
      </h1>
      {children}
    </header>
  );
}
