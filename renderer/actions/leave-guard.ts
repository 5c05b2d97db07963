/**
 * The unsaved-changes guard: a view with a draft that is not saved yet registers a guard; `showView` asks it
 * before it leaves. The guard says no (and shows its own "Leave without saving?" notice) or yes.
 */
import type { View } from '../stores/ui-store.ts';

type Guard = (to: View) => boolean;
let guard: Guard | null = null;

/** Set (or, with null, clear) the guard. Returns a function that clears it if it is still this one. */
export function setLeaveGuard(next: Guard | null): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/** May the window leave the current view for `to`? */
export function mayLeave(to: View): boolean {
  return guard ? guard(to) : true;
}
