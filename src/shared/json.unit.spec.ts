import { canonicalJson } from './json';

/** The plain definition: each object rebuilt with `Object.keys(o).sort()`, then stringified. */
function byBuiltInSort(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(byBuiltInSort);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = byBuiltInSort((value as Record<string, unknown>)[key]);
  return out;
}

describe('canonicalJson', () => {
  it('given keys in any order, then each object is written with its keys in code-unit order, nested too', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, B: true }),
    ).toBe('{"B":true,"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('given integer-like, upper-case and non-ASCII keys, then integer-like keys come first (as any JS object orders them), the rest in code-unit order', () => {
    const keys = [
      '10',
      '2',
      '1',
      'é',
      'e',
      'Z',
      'a',
      '\u{1F600}',
      '\uFFFF',
      '',
    ];
    const object = Object.fromEntries(keys.map((k, i) => [k, i]));
    expect(canonicalJson(object)).toBe(
      '{"1":2,"2":1,"10":0,"":9,"Z":5,"a":6,"e":4,"é":3,"\u{1F600}":7,"\uFFFF":8}',
    );
  });

  it('given objects of a few keys and of many, then the text is the one the built-in sort gives', () => {
    const many = Array.from({ length: 40 }, (_, i) => `k${(i * 7) % 40}`);
    for (const keys of [['b', 'c', 'a'], many, [...many, 'Z', 'é']]) {
      const object = {
        ...Object.fromEntries(keys.map((k, i) => [k, i])),
        nested: Object.fromEntries(
          keys.map((k, i) => [k, [i, { y: 1, x: 2 }]]),
        ),
      };
      expect(canonicalJson(object)).toBe(JSON.stringify(byBuiltInSort(object)));
    }
  });

  it('given undefined values, then those keys are left out', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });
});
