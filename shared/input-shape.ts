/**
 * The first check at the door, before any schema: is the raw value something a request can be made of?
 *
 * Electron's IPC carries anything the structured-clone algorithm can copy (BigInt, Maps, Sets, Dates, typed
 * arrays, cyclic objects, sparse arrays, strings of hundreds of megabytes), and an in-process host can pass even
 * more (functions, getters, prototype tricks). A request is plain data: objects, arrays, text, numbers, true/false
 * and null, a few levels deep. Anything else is refused here with a VALIDATION error that names the field, so no
 * schema, handler or SQLite call ever sees it (and nothing surfaces as an untyped INTERNAL error).
 *
 * Text must be well-formed UTF-16: an unpaired surrogate cannot be stored (SQLite would keep U+FFFD instead), so
 * what was asked and what was recorded would differ. It is refused rather than repaired, because silently changing
 * someone's words in an audited register is worse than asking them to retype one character.
 */
import { AppError } from './errors.ts';

export const INPUT_LIMITS = {
  /** Nesting of objects and arrays; the deepest request in the contract is 4 levels. */
  depth: 32,
  /** Objects, arrays and values in one request; a bulk change of 100,000 risks is about 300,000. */
  nodes: 1_000_000,
  /** One text value; the largest the contract accepts is a heatmap picture of 28,000,000 characters. */
  stringChars: 30_000_000,
  /** All text in one request together. */
  totalChars: 40_000_000,
} as const;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True when the text holds an unpaired UTF-16 surrogate (which no file or database can store as it is). */
export function hasUnpairedSurrogate(s: string): boolean {
  return UNPAIRED_SURROGATE.test(s);
}

/** Lone surrogates replaced by U+FFFD: exactly what UTF-8 encoders (and so SQLite) store for them. */
export function wellFormed(s: string): string {
  return hasUnpairedSurrogate(s) ? s.replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\uFFFD') : s;
}

function where(path: readonly (string | number)[]): string {
  return path.length ? path.map(String).join('.') : 'The request';
}

function refuse(path: readonly (string | number)[], problem: string, next: string): never {
  const field = where(path);
  throw new AppError('VALIDATION', `${field}: ${problem} ${next}`, {
    issues: [{ path: path.map(String), message: `${problem} ${next}` }],
  });
}

function kindOf(v: object): string {
  if (v instanceof Map) return 'a Map';
  if (v instanceof Set) return 'a Set';
  if (v instanceof Date) return 'a date object';
  if (v instanceof RegExp) return 'a regular expression';
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return 'binary data';
  if (v instanceof Error) return 'an error object';
  return 'an object of an unsupported kind';
}

const SEND_PLAIN = 'Send plain text, numbers, true/false, lists and fields only.';

/**
 * Refuse anything but plain, bounded, acyclic data with well-formed text, naming the first offending field.
 * Throws AppError('VALIDATION'); returns nothing when the value is acceptable.
 */
export function checkInputShape(raw: unknown): void {
  let nodes = 0;
  let chars = 0;
  const ancestors = new Set<object>();
  const path: (string | number)[] = [];

  const visit = (v: unknown): void => {
    nodes += 1;
    if (nodes > INPUT_LIMITS.nodes) {
      refuse(
        [],
        `holds more than ${INPUT_LIMITS.nodes.toLocaleString('en-GB')} values.`,
        'Send less at a time.',
      );
    }
    switch (typeof v) {
      case 'undefined':
      case 'boolean':
        return;
      case 'number':
        return;
      case 'string':
        if (v.length > INPUT_LIMITS.stringChars) {
          refuse(
            path,
            `is too long (${v.length.toLocaleString('en-GB')} characters; at most ${INPUT_LIMITS.stringChars.toLocaleString('en-GB')}).`,
            'Shorten it.',
          );
        }
        chars += v.length;
        if (chars > INPUT_LIMITS.totalChars) {
          refuse([], 'holds too much text altogether.', 'Send less at a time.');
        }
        if (hasUnpairedSurrogate(v)) {
          refuse(
            path,
            'holds a broken character (half of a UTF-16 surrogate pair) that cannot be stored.',
            'Retype the text or paste it again from its source.',
          );
        }
        return;
      case 'bigint':
        return refuse(path, 'is a BigInt, which is not accepted.', 'Send an ordinary number.');
      case 'symbol':
        return refuse(path, 'is a symbol, which is not accepted.', SEND_PLAIN);
      case 'function':
        return refuse(path, 'is a function, which is not accepted.', SEND_PLAIN);
      case 'object':
        break;
    }
    if (v === null) return;
    const obj = v as object;
    if (ancestors.has(obj)) refuse(path, 'refers back to itself (a cycle).', SEND_PLAIN);
    if (path.length >= INPUT_LIMITS.depth) {
      refuse(path, `is nested more than ${INPUT_LIMITS.depth} levels deep.`, SEND_PLAIN);
    }
    const proto = Object.getPrototypeOf(obj) as unknown;
    const isArray = Array.isArray(obj) && proto === Array.prototype;
    if (!isArray && proto !== Object.prototype && proto !== null) {
      refuse(path, `is ${kindOf(obj)}, which is not accepted.`, SEND_PLAIN);
    }
    if (Object.getOwnPropertySymbols(obj).length) {
      refuse(path, 'has symbol-named fields, which are not accepted.', SEND_PLAIN);
    }
    ancestors.add(obj);
    if (isArray) {
      const list = obj as unknown[];
      const keys = Object.keys(list);
      if (keys.length !== list.length) {
        refuse(
          path,
          'is a list with gaps or extra named fields.',
          'Send a list with a value in every place.',
        );
      }
      for (let i = 0; i < list.length; i += 1) {
        path.push(i);
        visit(list[i]);
        path.pop();
      }
    } else {
      for (const key of Object.keys(obj)) {
        if (FORBIDDEN_KEYS.has(key)) {
          refuse([...path, key], 'is a reserved name that is not accepted as a field.', 'Remove it.');
        }
        const desc = Object.getOwnPropertyDescriptor(obj, key);
        if (desc && !('value' in desc)) {
          refuse([...path, key], 'is computed by a getter, which is not accepted.', SEND_PLAIN);
        }
        path.push(key);
        visit(desc?.value);
        path.pop();
      }
    }
    ancestors.delete(obj);
  };

  try {
    visit(raw);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A proxy or exotic object that throws while being read.
    refuse(path.slice(), 'could not be read.', SEND_PLAIN);
  }
}
