/** A handler clock the test can move on, to make reviews fall due. */
export function movableClock(start: string) {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set(iso: string) {
      t = new Date(iso);
    },
  };
}
