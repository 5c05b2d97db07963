/** UK dates and times: dd/mm/yyyy and 14:32. */
const pad = (n: number) => String(n).padStart(2, '0');

export function formatDate(d: Date): string {
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

export function formatTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
