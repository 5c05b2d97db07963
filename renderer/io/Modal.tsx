import type { KeyboardEvent, ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';

const FOCUSABLE =
  'button:not(:disabled), select:not(:disabled), input:not(:disabled), [href], [tabindex="0"]';

/** Keep Tab inside the dialog: from the last control to the first, and back. */
function trapTab(e: KeyboardEvent<HTMLDivElement>): void {
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !e.currentTarget.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog over the workspace: labelled by its title, Escape closes it, focus starts on the title,
 * stays inside while it is open and goes back where it was when it closes, without scrolling anything.
 */
export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  wide?: boolean;
  testId: string;
}) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    // Without preventScroll Chromium scrolls the opener into view: Import… at the sidebar's foot, out of view when
    // the user had scrolled the sidebar back up, pulled it down to its foot (1280×720). The focus still goes back.
    return () => before?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="io-backdrop">
      <div
        className={wide ? 'io-modal io-modal-wide' : 'io-modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
          trapTab(e);
        }}
      >
        <header className="io-modal-header">
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {title}
          </h2>
          <button type="button" className="io-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="io-modal-body">{children}</div>
        <footer className="io-modal-footer">{footer}</footer>
      </div>
    </div>
  );
}
