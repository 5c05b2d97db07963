import type { KeyboardEvent } from 'react';
import { useId, useState } from 'react';

export interface TextFieldProps {
  label: string;
  /** The value in the register now. */
  value: string;
  /** The version of the risk that `value` belongs to. */
  version: number;
  /** A refusal of the user's last attempt, with the text they tried (shown again so it is not lost). */
  failure?: { message: string; draft: string } | undefined;
  multiline?: boolean;
  rows?: number;
  list?: string;
  hint?: string;
  disabled?: boolean;
  testId: string;
  /** True when the draft says the same as the value (so there is nothing to save). */
  same?: (draft: string, value: string) => boolean;
  /** Save the draft, as an edit of the risk at `fromVersion`. */
  onCommit: (draft: string, fromVersion: number) => void;
  /** The user put the field back as it was: forget any refusal. */
  onRevert: () => void;
}

const trimmedEqual = (a: string, b: string) => a.trim() === b.trim();

/** A field that saves on blur or Enter (Shift+Enter for a new line); Escape puts it back. */
export function TextField(p: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(p.failure?.draft ?? p.value);
  const [shownValue, setShownValue] = useState(p.value);
  // The version the user started editing from, so a change made elsewhere meanwhile shows as a conflict.
  const [fromVersion, setFromVersion] = useState<number | null>(null);

  // The text last sent, to tell our own save coming back from someone else's change.
  const [sent, setSent] = useState<string | null>(null);
  const same = p.same ?? trimmedEqual;

  if (p.value !== shownValue) {
    setShownValue(p.value);
    if (fromVersion === null) {
      setDraft(p.value);
    } else if (sent !== null && same(sent, p.value)) {
      // Our own save landed while the user kept typing: their next save builds on it.
      setFromVersion(p.version);
    }
    // Otherwise someone else changed it mid-edit: keep the typing; saving it will show the conflict.
  }

  const commit = () => {
    const from = fromVersion ?? p.version;
    setFromVersion(null);
    if (same(draft, p.value)) {
      setDraft(p.value);
      if (p.failure) p.onRevert();
      return;
    }
    setSent(draft);
    p.onCommit(draft, from);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      setDraft(p.value);
      setFromVersion(null);
      if (p.failure) p.onRevert();
    }
  };

  const common = {
    id,
    className: 'input',
    value: draft,
    disabled: p.disabled,
    'data-testid': p.testId,
    'aria-invalid': p.failure ? true : undefined,
    'aria-describedby': p.failure ? `${id}-error` : p.hint ? `${id}-hint` : undefined,
    onChange: (e: { target: { value: string } }) => {
      if (fromVersion === null) setFromVersion(p.version);
      setDraft(e.target.value);
    },
    onBlur: commit,
    onKeyDown,
  };

  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {p.label}
      </label>
      {p.multiline ? (
        <textarea rows={p.rows ?? 3} {...common} />
      ) : (
        <input type="text" list={p.list} {...common} />
      )}
      {p.failure ? (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${p.testId}-error`}>
          {p.failure.message}
        </p>
      ) : (
        p.hint && (
          <p className="hint" id={`${id}-hint`}>
            {p.hint}
          </p>
        )
      )}
    </div>
  );
}
