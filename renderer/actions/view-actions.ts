import type { View } from '../stores/ui-store.ts';
import { useUiStore } from '../stores/ui-store.ts';
import { mayLeave } from './leave-guard.ts';

export function showView(view: View): void {
  if (view !== useUiStore.getState().view && !mayLeave(view)) return;
  useUiStore.setState({ view });
}

export function markSaved(at: Date = new Date()): void {
  useUiStore.setState({ lastSavedAt: at.toISOString() });
}
