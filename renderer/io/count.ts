/** Counts as written in the UK: "2,000 risks", "1 row". */
export function n(value: number): string {
  return value.toLocaleString('en-GB');
}

export function count(value: number, one: string, many = `${one}s`): string {
  return `${n(value)} ${value === 1 ? one : many}`;
}
