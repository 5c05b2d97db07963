import type { View } from '../stores/ui-store.ts';
import { useUiStore } from '../stores/ui-store.ts';

export function showView(view: View): void {
  useUiStore.setState({ view });
}

export function markSaved(at: Date = new Date()): void {
  useUiStore.setState({ lastSavedAt: at.toISOString() });
}
