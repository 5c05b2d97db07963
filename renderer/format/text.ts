/** A count as people read it: thousands separated ("5,000"), everywhere a number of things is shown. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The file name of a path, whichever separator the platform uses. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
