import type { ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';

/** A modal dialog over the workspace: labelled by its title, Escape closes it, focus starts on the title. */
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
  useEffect(() => heading.current?.focus(), []);
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
