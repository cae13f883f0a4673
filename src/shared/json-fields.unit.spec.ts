import fc from 'fast-check';
import { JsonPrimitive } from './json';
import { detachedString, jsonFieldReader } from './json-fields';

const NAMES = ['effectiveAt', 'announcedAt', 'schemaVersion'];
const reader = jsonFieldReader(NAMES);

function read(text: string): (JsonPrimitive | undefined)[] | false {
  const out: (JsonPrimitive | undefined)[] = [];
  return reader(text, out) ? out : false;
}

describe('jsonFieldReader', () => {
  it('reads the chosen fields of a ledger metadata text and skips the rest', () => {
    const text = JSON.stringify({
      effectiveAt: '2025-09-10T00:00:00.000Z',
      actor: 'analyst@example.com',
      reason: null,
      correlationId: 'f19e4499-b5fb-4395-9394-349b3c269a3f',
      causationId: null,
      schemaVersion: 2,
      announcedAt: '2025-09-12T00:00:00.000Z',
      confirmed: true,
      hash: 'ab12',
    });
    expect(read(text)).toEqual([
      '2025-09-10T00:00:00.000Z',
      '2025-09-12T00:00:00.000Z',
      2,
    ]);
  });

  it('gives undefined for a field the object does not have, and reads an empty object', () => {
    expect(read('{"effectiveAt":"x"}')).toEqual(['x', undefined, undefined]);
    expect(read('{}')).toEqual([undefined, undefined, undefined]);
    expect(read(' { } ')).toEqual([undefined, undefined, undefined]);
  });

  it('takes the last of a repeated field, as JSON.parse does', () => {
    expect(read('{"schemaVersion":1,"schemaVersion":3}')).toEqual([
      undefined,
      undefined,
      3,
    ]);
  });

  it('decodes a chosen string with escapes, and skips strings holding quotes and braces', () => {
    expect(
      read(
        JSON.stringify({
          reason: 'said "}," and \\ left',
          effectiveAt: 'a"b\\c\u00e9',
        }),
      ),
    ).toEqual(['a"b\\c\u00e9', undefined, undefined]);
  });

  it('reads numbers, booleans and null as JSON.parse does, across whitespace', () => {
    expect(
      read(
        '{ "schemaVersion" : -1.5e3 ,\n "effectiveAt": null,\t"announcedAt": false }',
      ),
    ).toEqual([null, false, -1500]);
  });

  it('steps over the objects and arrays of fields it does not read, brackets in strings and all', () => {
    expect(read('{"actor":{"name":"x"},"schemaVersion":1}')).toEqual([
      undefined,
      undefined,
      1,
    ]);
    expect(read('{"tags":[1,[2,{"a":"]}"}]],"schemaVersion":1}')).toEqual([
      undefined,
      undefined,
      1,
    ]);
    expect(read('{"changes":{"amountUsd":5},"effectiveAt":"x"}')).toEqual([
      'x',
      undefined,
      undefined,
    ]);
  });

  it('leaves to the full parse what it does not read: a chosen field nested, escaped keys, a non-object', () => {
    expect(read('{"effectiveAt":{"at":"x"}}')).toBe(false);
    expect(read('{"schemaVersion":[1]}')).toBe(false);
    expect(read('{"actor":{"name":"x"')).toBe(false);
    expect(read('{"effective\\u0041t":"x"}')).toBe(false);
    expect(read('[1]')).toBe(false);
    expect(read('"text"')).toBe(false);
    expect(read('{"schemaVersion":0x10}')).toBe(false);
    expect(read('{"effectiveAt":"unclosed}')).toBe(false);
  });

  it('does not take a value that repeats a field name for the field', () => {
    expect(
      read('{"reason":"effectiveAt","effectiveAt":"x","note":"schemaVersion"}'),
    ).toEqual(['x', undefined, undefined]);
    expect(read('{"effectiveAt" : "x", "reason": "announcedAt"}')).toEqual([
      'x',
      undefined,
      undefined,
    ]);
  });

  it('reads past braces and brackets inside strings', () => {
    expect(
      read('{"reason":"see {draft} [2]","schemaVersion":2,"x":"}"}'),
    ).toEqual([undefined, undefined, 2]);
  });

  it('agrees with JSON.parse on every object it reads (property)', () => {
    const key = fc.oneof(
      fc.constantFrom(...NAMES),
      fc.string({ maxLength: 8 }),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(
      { weight: 8, arbitrary: scalar },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, value), { maxLength: 10 }),
        fc.constantFrom('', ' ', '\n '),
        (entries, space) => {
          // written out by hand, so a field may repeat (the last one counts) and space may sit
          // on either side of a colon or comma
          const text = `{${space}${entries
            .map(
              ([k, v]) =>
                `${JSON.stringify(k)}${space}:${space}${JSON.stringify(v)}`,
            )
            .join(`${space},${space}`)}${space}}`;
          const out = read(text);
          const parsed = JSON.parse(text) as Record<string, unknown>;
          if (out === false) {
            // only a chosen field's nesting, or an escaped key, sends a text to the full parse
            const nested = entries.some(
              ([k, v]) =>
                NAMES.includes(k) && v !== null && typeof v === 'object',
            );
            const escapedKey = entries.some(([k]) =>
              JSON.stringify(k).includes('\\'),
            );
            expect(nested || escapedKey).toBe(true);
            return;
          }
          expect(out).toEqual(
            NAMES.map((name) =>
              Object.prototype.hasOwnProperty.call(parsed, name)
                ? parsed[name]
                : undefined,
            ),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('detachedString', () => {
  it('gives back an equal string for any string, lone surrogates and control characters included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string()),
        (value) => {
          // given a string, when it is detached, then it is the same string
          expect(detachedString(value)).toBe(value);
        },
      ),
    );
  });

  it('copies a value the reader sliced out of a metadata text', () => {
    // given: a hash read from a metadata text (a slice of it)
    const read = jsonFieldReader(['hash']);
    const out: (JsonPrimitive | undefined)[] = [];
    const hash = 'ab'.repeat(32);
    expect(read(`{"actor":"local","hash":"${hash}"}`, out)).toBe(true);
    // when / then: the copy is the value
    expect(detachedString(out[0] as string)).toBe(hash);
  });
});
