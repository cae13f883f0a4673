import { ChunkedRows } from './chunked-list';

/**
 * The JSON text of a plain object, some of whose values are rows made a chunk at a time
 * (`ChunkedRows`), as pieces whose concatenation is exactly what `JSON.stringify` gives for the
 * object with each such value joined into one array (keys in their order, a value
 * `JSON.stringify` leaves out — undefined, a function — left out). Lazy: a chunk of rows is made
 * and written as text only when its piece is asked for, so whoever takes the pieces as a socket
 * drains holds one chunk's rows and one piece of text (about a MB) at a time, not an answer of
 * tens of MB as objects, one string and one buffer. Pure.
 */
export function* jsonPieces(
  object: Readonly<Record<string, unknown>>,
): Generator<string, void, undefined> {
  let pending = '{';
  let separator = '';
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value instanceof ChunkedRows) {
      pending += `${separator}${JSON.stringify(key)}:[`;
      let between = '';
      // a chunk holds a row at least
      for (const chunk of value.chunks()) {
        // the chunk's rows without its brackets (a slice: no copy of the text)
        yield pending + between + JSON.stringify(chunk).slice(1, -1);
        pending = '';
        between = ',';
      }
      pending += ']';
    } else {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) continue;
      pending += `${separator}${JSON.stringify(key)}:${text}`;
    }
    separator = ',';
  }
  yield `${pending}}`;
}
