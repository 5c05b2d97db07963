/**
 * A queue of one: each piece of work starts when the previous one has settled (fulfilled or rejected), so two
 * callers never run it at once. The print hosts (db/pdf/chromium.ts, electron/pdf.ts) use it for their one warm page.
 */
export function takingTurns(): <T>(work: () => Promise<T>) => Promise<T> {
  let turn: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };
}
