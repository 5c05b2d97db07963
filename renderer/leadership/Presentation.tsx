import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { formatDate } from '../format/dates.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { setPresenting } from './leadership-actions.ts';
import { useLeadershipStore } from './leadership-store.ts';

/** "Present" / "Leave presentation (Esc)" */
export function PresentButton() {
  const presenting = useLeadershipStore((s) => s.presenting);
  return (
    <button
      type="button"
      data-testid="present-toggle"
      aria-pressed={presenting}
      onClick={() => setPresenting(!presenting)}
    >
      {presenting ? 'Leave presentation (Esc)' : 'Present'}
    </button>
  );
}

/**
 * In presentation mode, the view fills the window in large type over the sidebar and panel, for
 * projecting at a meeting; Esc leaves. Otherwise the children show in place.
 */
export function Presentation({ title, children }: { title: string; children: ReactNode }) {
  const presenting = useLeadershipStore((s) => s.presenting);
  const name = useRegisterStore((s) => s.status?.settings.name ?? '');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!presenting) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // While presenting, Esc leaves the presentation and nothing else (not the panel's Esc).
      e.stopPropagation();
      e.preventDefault();
      setPresenting(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      before?.focus();
    };
  }, [presenting]);
  if (!presenting) return <>{children}</>;
  return (
    <div
      className="presentation"
      data-testid="presentation"
      ref={box}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label={`${title}, presentation`}
    >
      <header className="presentation-head">
        <h1>
          {name} · {title} <span className="view-meta">· as at {formatDate(new Date())}</span>
        </h1>
        <PresentButton />
      </header>
      <div className="presentation-body">{children}</div>
    </div>
  );
}
