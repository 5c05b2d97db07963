/** Reading what the leadership views need, and changing what they show. */
import type { AppetiteLevel } from '../../shared/appetite.ts';
import type { BandKey } from '../../shared/band-key.ts';
import type { ScoreKind } from '../../shared/domain.ts';
import { messageOf } from '../api/api-error.ts';
import { call } from '../api/client.ts';
import { selectBandKey, useRegisterStore } from '../stores/register-store.ts';
import { markSaved } from '../actions/view-actions.ts';
import { fileName } from '../format/text.ts';
import type { PngInput } from './heatmap-png.ts';
import { heatmapPng, pngName } from './heatmap-png.ts';
import type { Against } from './leadership-store.ts';
import { useLeadershipStore } from './leadership-store.ts';
import { leadershipTravel } from './model.ts';

let seq = 0;

/**
 * Categories (with appetites), snapshots, travel since the last review, reviews and actions overdue, and for the
 * Orange Book figures the controls, the controls' flags and the escalation rules firing.
 */
export async function loadLeadership(): Promise<void> {
  const mine = ++seq;
  try {
    // Only what the views draw: the travel of the risks that moved or sit long in a top band (never the whole
    // register's), and the day reviews fall overdue before (the dashboard reads each risk's next review itself);
    // the flags of the risks with an assurance or a treatment recorded (the others have `UNRECORDED_FLAGS`).
    const key = selectBandKey(useRegisterStore.getState());
    const [categories, snapshots, travel, reviewsDue, overdueActions, controls, flags, fired] =
      await Promise.all([
        call('categories:list', {}),
        call('snapshots:list', {}),
        call('risks:travel', leadershipTravel(key)),
        call('reviews:due', { limit: 0 }),
        call('actions:list', { overdueOnly: true }),
        call('controls:list', {}),
        call('controls:flags', { omitUnrecorded: true }),
        call('escalation:list', {}),
      ]);
    if (mine !== seq) return;
    const { against } = useLeadershipStore.getState();
    const stillThere = against === 'none' || against === 'review' || snapshots.some((s) => s.id === against);
    useLeadershipStore.setState({
      categories,
      snapshots,
      travel,
      reviewsAsOf: reviewsDue.asOf,
      overdueActions,
      controls,
      flags,
      fired,
      error: null,
      ...(stillThere ? {} : { against: 'none', comparison: null }),
    });
    if (stillThere && against !== 'none' && against !== 'review') await loadComparison(against);
  } catch (e) {
    if (mine === seq) useLeadershipStore.setState({ error: messageOf(e) });
  }
}

async function loadComparison(snapshotId: string): Promise<void> {
  try {
    const comparison = await call('snapshots:compare', { from: snapshotId, to: 'now' });
    if (useLeadershipStore.getState().against === snapshotId) useLeadershipStore.setState({ comparison });
  } catch (e) {
    useLeadershipStore.setState({ error: messageOf(e) });
  }
}

export function setKind(kind: ScoreKind): void {
  useLeadershipStore.setState({ kind, openCell: null });
}

export function setCategoryFilter(category: string | null): void {
  useLeadershipStore.setState({ category, openCell: null, openFigure: null });
}

export function setOwnerFilter(owner: string | null): void {
  useLeadershipStore.setState({ owner, openCell: null, openFigure: null });
}

export async function setAgainst(against: Against): Promise<void> {
  useLeadershipStore.setState({ against, comparison: null });
  if (against !== 'none' && against !== 'review') await loadComparison(against);
}

export function openCell(impact: number, likelihood: number): void {
  const now = useLeadershipStore.getState().openCell;
  const same = now?.impact === impact && now.likelihood === likelihood;
  useLeadershipStore.setState({ openCell: same ? null : { impact, likelihood } });
}

/** Open a cell's list (without toggling it shut). */
export function showCell(impact: number, likelihood: number): void {
  useLeadershipStore.setState({ openCell: { impact, likelihood } });
}

export function closeCell(): void {
  useLeadershipStore.setState({ openCell: null });
}

export function openFigure(id: string | null): void {
  const now = useLeadershipStore.getState().openFigure;
  useLeadershipStore.setState({ openFigure: now === id ? null : id });
}

export function setPresenting(presenting: boolean): void {
  useLeadershipStore.setState({ presenting });
}

/** Replace the register's key; every view re-bands at once. Returns the refusal in the handler's words, or null. */
export async function saveKey(key: BandKey, reason: string): Promise<string | null> {
  try {
    const why = reason.trim();
    const status = await call('key:set', { key: [...key], ...(why ? { reason: why } : {}) });
    useRegisterStore.setState({ status });
    markSaved();
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** Set (or clear, with null) a category's appetite. Returns the refusal, or null. */
export async function saveAppetite(id: string, appetite: number | null): Promise<string | null> {
  try {
    const updated = await call('categories:set-appetite', { id, appetite });
    const { categories } = useLeadershipStore.getState();
    useLeadershipStore.setState({ categories: categories.map((c) => (c.id === id ? updated : c)) });
    markSaved();
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** Set (or clear, with null) a category's appetite level. Returns the refusal, or null. */
export async function saveAppetiteLevel(id: string, level: AppetiteLevel | null): Promise<string | null> {
  try {
    const updated = await call('appetite:set-level', { categoryId: id, level });
    const { categories } = useLeadershipStore.getState();
    useLeadershipStore.setState({ categories: categories.map((c) => (c.id === id ? updated : c)) });
    markSaved();
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** Draw the heatmap as a PNG and save it where the user chooses (the main process asks and writes it). */
export async function exportPng(input: PngInput): Promise<void> {
  const dataUrl = heatmapPng(input);
  if (!dataUrl) {
    useLeadershipStore.setState({ exportNote: { ok: false, text: 'This window cannot draw the picture.' } });
    return;
  }
  try {
    const outcome = await call('export:png', { dataUrl, name: pngName(input.kind) });
    useLeadershipStore.setState({
      exportNote: outcome ? { ok: true, text: `Saved the heatmap to ${fileName(outcome.path)}.` } : null,
    });
  } catch (e) {
    useLeadershipStore.setState({ exportNote: { ok: false, text: messageOf(e) } });
  }
}
