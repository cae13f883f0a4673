import type { JsonPrimitive } from './json';

/** Reads chosen top-level fields of a JSON object's text: see {@link jsonFieldReader}. */
export type JsonFieldReader = (
  text: string,
  out: (JsonPrimitive | undefined)[],
) => boolean;

/**
 * A reader of a few top-level fields of a JSON object's text that does not parse the rest of it:
 * the values of `names` (strings, numbers, booleans, null) go into `out` at the same index
 * (`undefined` where the object has no such field; the last occurrence wins, as in `JSON.parse`).
 * The other fields' values are stepped over, not built: an event's metadata is twice the size of
 * its data or more, and a reader that needs three of its fields (the exposure rebuild: a million
 * events) saves the parse and the strings of the rest — about half of `JSON.parse`'s time on the
 * ledger's metadata, and its garbage.
 *
 * A string value may be a slice of `text` that keeps all of it alive: a caller that keeps the value
 * takes a {@link detachedString} of it.
 *
 * The reader returns false, with `out` partly written, for text it leaves to a full parse: a
 * chosen field holding an object or an array, a key with an escape, or text that is not an
 * object. Other fields' objects and arrays are stepped over by their brackets. It expects JSON
 * (the text a store wrote with `JSON.stringify`); it does not validate what it steps over.
 */
export function jsonFieldReader(names: readonly string[]): JsonFieldReader {
  const firstCodes = names.map((name) => name.charCodeAt(0));
  return (text, out) => readFields(text, names, firstCodes, out);
}

/** Below this length V8 copies a substring rather than making it a view of the longer string. */
const SLICE_MIN_LENGTH = 13;

/**
 * A copy of a string value the reader gave that does not keep the text it was read from alive:
 * V8 makes a string sliced out of a longer one (13 characters or more) a view that holds the whole
 * text, so a reader that keeps the value (a hash kept per stream, a valid time kept per event)
 * would keep every metadata text it read. `JSON.parse` of the value's JSON text gives an equal
 * string of its own; a shorter value is already a copy of its own, and is given as it is.
 */
export function detachedString(value: string): string {
  return value.length < SLICE_MIN_LENGTH
    ? value
    : (JSON.parse(JSON.stringify(value)) as string);
}

function readFields(
  text: string,
  names: readonly string[],
  firstCodes: readonly number[],
  out: (JsonPrimitive | undefined)[],
): boolean {
  for (let k = 0; k < names.length; k++) out[k] = undefined;
  // keys are compared as written, so a key with an escape sends the text to the full parse
  const firstSlash = text.indexOf('\\');
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return false;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return true;
  while (i < text.length) {
    if (text.charCodeAt(i) !== QUOTE) return false;
    const keyStart = i + 1;
    const keyEnd = stringEnd(text, keyStart);
    if (keyEnd < 0) return false;
    if (
      firstSlash >= 0 &&
      firstSlash < keyEnd &&
      text.slice(keyStart, keyEnd).includes('\\')
    )
      return false;
    const wanted = nameAt(text, keyStart, keyEnd, names, firstCodes);
    i = skipSpace(text, keyEnd + 1);
    if (text.charCodeAt(i) !== COLON) return false;
    i = skipSpace(text, i + 1);
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = stringEnd(text, i + 1);
      if (close < 0) return false;
      if (wanted >= 0)
        out[wanted] =
          firstSlash >= 0 && firstSlash < close
            ? // an escape inside: JSON.parse of the one string decodes it exactly
              (JSON.parse(text.slice(i, close + 1)) as string)
            : text.slice(i + 1, close);
      i = close + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      // a nested value: stepped over when not wanted (a chosen field holds a scalar or a string)
      if (wanted >= 0) return false;
      const end = nestedEnd(text, i);
      if (end < 0) return false;
      i = end;
    } else {
      const end = scalarEnd(text, i);
      if (end === i) return false;
      if (wanted >= 0) {
        const literal = scalar(text.slice(i, end));
        if (literal === undefined) return false;
        out[wanted] = literal;
      }
      i = end;
    }
    i = skipSpace(text, i);
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACE) return true;
    if (next !== COMMA) return false;
    i = skipSpace(text, i + 1);
  }
  return false;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index of the quote that closes the string opened just before `from`, or -1. */
function stringEnd(text: string, from: number): number {
  let close = text.indexOf('"', from);
  while (close >= 0 && text.charCodeAt(close - 1) === BACKSLASH) {
    // escaped only if an odd number of backslashes precede it
    let slashes = 1;
    while (text.charCodeAt(close - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return close;
}

/**
 * Just past the object or array opened at `from` (brackets inside strings not counted), or -1
 * when the text ends first. It counts brackets, it does not validate what lies between them.
 */
function nestedEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i + 1);
      if (i < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Which of `names` the key text[from, to) is, or -1. */
function nameAt(
  text: string,
  from: number,
  to: number,
  names: readonly string[],
  firstCodes: readonly number[],
): number {
  const first = text.charCodeAt(from);
  for (let k = 0; k < names.length; k++) {
    if (firstCodes[k] !== first) continue;
    const name = names[k];
    if (name.length === to - from && text.startsWith(name, from)) return k;
  }
  return -1;
}

/** Where a number, boolean or null starting at `from` ends. */
function scalarEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || isSpace(c)) break;
  }
  return i;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function scalar(token: string): JsonPrimitive | undefined {
  if (token.length === 1) {
    // a single digit (a schema version): no pattern to run
    const digit = token.charCodeAt(0) - 48;
    if (digit >= 0 && digit <= 9) return digit;
  }
  if (token === 'null') return null;
  if (token === 'true') return true;
  if (token === 'false') return false;
  return JSON_NUMBER.test(token) ? Number(token) : undefined;
}
