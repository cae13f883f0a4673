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

/** Each line's outcome. */
export interface ImportLineResult {
  readonly line: number;
  readonly ok: boolean;
  readonly command?: string;
  readonly id?: string;
  readonly revision?: number;
  readonly position?: number;
  /** `{ code, message }` of the refusal, the message naming the field. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ImportSummary {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** The global position of the last event written (read-your-writes), 0 when nothing was written. */
  readonly position: number;
  readonly results: readonly ImportLineResult[];
}

/** The answer of an import: each line's outcome, in line order, and their count. */
export function summariseImport(
  results: readonly ImportLineResult[],
  position: number,
): ImportSummary {
  const failed = results.filter((r) => !r.ok).length;
  return {
    total: results.length,
    succeeded: results.length - failed,
    failed,
    position,
    results,
  };
}
