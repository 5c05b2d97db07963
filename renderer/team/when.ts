/** "Last synced" as People and the dashboard's Team panel word it: dd/mm/yyyy hh:mm, or "never". */
import { formatDate, formatTime } from '../format/dates.ts';

export function lastSyncedText(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return `${formatDate(d)} ${formatTime(d)}`;
}
