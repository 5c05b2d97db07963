/**
 * This session's undo and redo stacks. Each entry is one user action: the history seqs it wrote and a
 * label in words ("SR4 current score"). Undo reverts the seqs; the revert's own seqs become the redo entry.
 */
import { create } from 'zustand';

export interface UndoEntry {
  seqs: number[];
  label: string;
}

export interface UndoState {
  undo: UndoEntry[];
  redo: UndoEntry[];
  /** The quiet status line: "Undone: SR4 current score", or why it could not be. */
  status: { text: string; error: boolean } | null;
  busy: boolean;
}

export const initialUndoState: UndoState = { undo: [], redo: [], status: null, busy: false };

export const useUndoStore = create<UndoState>()(() => ({ ...initialUndoState }));
