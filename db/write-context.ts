/** Who and when, for every write and its history rows. */
export interface WriteContext {
  /** ISO timestamp. */
  now: string;
  /** Display name of the person making the change. */
  by: string;
}
