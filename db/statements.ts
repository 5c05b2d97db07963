/**
 * Prepared statements cached per connection. better-sqlite3 keeps every statement alive until its database
 * closes, so preparing the same SQL on every call grows memory without bound (7 GB for a 100,000-risk import).
 * A cached statement is handed back in its default mode (objects, not plucked or raw), whatever the last caller set.
 * Do not use this for `.iterate()` loops that may run the same SQL re-entrantly.
 */
import type { Database, Statement } from 'better-sqlite3';

const caches = new WeakMap<Database, Map<string, Statement>>();

export function stmt(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  } else if (s.reader) {
    s.pluck(false);
    s.raw(false);
    s.expand(false);
  }
  return s;
}
