/**
 * Window-wide keys and the menu commands of the workspace.
 *
 * Scheme: Alt+1…Alt+5 sets the IMPACT of the open risk (or, with none open, the focused row);
 * Alt+Shift+1…Alt+Shift+5 sets its LIKELIHOOD. Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z (or Ctrl+Y) redoes — but
 * inside a text field those keys are the field's own undo. Ctrl/⌘+F finds, Ctrl/⌘+N adds a risk,
 * Esc closes the panel.
 */
import type { ScoreValue } from '../../shared/scoring.ts';
import { selectRisk, updateScore } from '../actions/risk-actions.ts';
import { useRegisterStore } from '../stores/register-store.ts';
import { useRisksStore } from '../stores/risks-store.ts';
import { useTableStore } from './table-store.ts';
import { redo, undo } from './undo-actions.ts';
import { focusSearch, openNewRisk } from './workspace-actions.ts';
import { useWorkspaceStore } from './workspace-store.ts';

export function isTextField(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type);
}

// The menu's accelerator and the window's keydown may both report one key press: act once.
let last = { source: '', at: 0 };
function once(source: 'key' | 'menu', run: () => unknown): void {
  const now = Date.now();
  if (last.source !== source && now - last.at < 150) return;
  last = { source, at: now };
  run();
}

export function runUndo(source: 'key' | 'menu' = 'key'): void {
  once(source, () => void undo());
}

export function runRedo(source: 'key' | 'menu' = 'key'): void {
  once(source, () => void redo());
}

/** Menu Edit › Undo: inside a text field, that field's own undo; elsewhere, undo the last change. */
export function menuUndo(redoing: boolean): void {
  if (isTextField(document.activeElement)) {
    document.execCommand(redoing ? 'redo' : 'undo');
    return;
  }
  if (redoing) runRedo('menu');
  else runUndo('menu');
}

/** The risk the score keys act on: the open one, else the focused row. */
function target() {
  const { risks, selectedId } = useRisksStore.getState();
  const id = selectedId ?? useTableStore.getState().cursorId;
  return id ? (risks.find((r) => r.id === id) ?? null) : null;
}

function digit(e: KeyboardEvent): ScoreValue | null {
  const m = /^(?:Digit|Numpad)([1-5])$/.exec(e.code);
  if (m) return Number(m[1]) as ScoreValue;
  return /^[1-5]$/.test(e.key) ? (Number(e.key) as ScoreValue) : null;
}

export function onWindowKey(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  const inField = isTextField(e.target);
  const dialogOpen =
    useWorkspaceStore.getState().newRisk !== null ||
    document.querySelector('dialog[open], [aria-modal="true"]') !== null;

  if (mod && !e.altKey && (key === 'z' || key === 'y')) {
    if (inField) return;
    e.preventDefault();
    if (key === 'y' || e.shiftKey) runRedo();
    else runUndo();
    return;
  }
  if (mod && !e.altKey && !e.shiftKey && key === 'f') {
    e.preventDefault();
    focusSearch();
    return;
  }
  if (mod && !e.altKey && !e.shiftKey && key === 'n' && !dialogOpen) {
    e.preventDefault();
    void openNewRisk();
    return;
  }
  if (e.altKey && !mod) {
    const v = digit(e);
    if (v === null || dialogOpen) return;
    const risk = target();
    if (!risk || useRegisterStore.getState().status?.readOnly) return;
    e.preventDefault();
    const impact = e.shiftKey ? risk.impact : v;
    const likelihood = e.shiftKey ? v : risk.likelihood;
    // A risk not yet assessed takes its first score from the panel's pickers (both values), not one key.
    if (impact === null || likelihood === null) return;
    if (impact !== risk.impact || likelihood !== risk.likelihood)
      void updateScore(risk, impact, likelihood, '');
    return;
  }
  if (e.key === 'Escape' && !inField && !dialogOpen && useRisksStore.getState().selectedId !== null) {
    const id = useRisksStore.getState().selectedId;
    selectRisk(null);
    // Back to the row that was open, so the keyboard carries on from there.
    const row = id ? document.querySelector<HTMLElement>(`tr[data-risk-id="${CSS.escape(id)}"]`) : null;
    row?.focus();
  }
}
