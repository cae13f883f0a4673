import { ValidationError } from '../../shared/errors';

/** One line of an import file, parsed (or not): `line` is 1-based (the NDJSON line, or the array index + 1). */
export type ParsedLine =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly error: string };

/**
 * An import file: a JSON array of command objects, or NDJSON (one JSON object per line; blank
 * lines skipped). A line that does not parse is reported as failed; the others still run.
 */
export function parseImportText(text: string): ParsedLine[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError(
        'body',
        `malformed JSON array (${(error as Error).message})`,
      );
    }
    return parseImportArray(parsed);
  }
  const out: ParsedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (error) {
      out.push({
        line: i + 1,
        error: `line: malformed JSON (${(error as Error).message})`,
      });
    }
  });
  return out;
}

export function parseImportArray(value: unknown): ParsedLine[] {
  if (!Array.isArray(value))
    throw new ValidationError(
      'body',
      'must be a JSON array of commands, or NDJSON',
    );
  return value.map((item: unknown, i) => ({ line: i + 1, value: item }));
}
