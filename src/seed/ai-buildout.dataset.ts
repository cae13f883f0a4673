import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folder of the AI build-out data set (the same from `src/seed` and `dist/seed`). */
export const AI_BUILDOUT_DIR = resolve(
  __dirname,
  '..',
  '..',
  'data',
  'ai-buildout',
);

/** One command line of an import file, with where it came from (for error messages). */
export interface DatasetLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly command: Record<string, unknown> & { readonly command: string };
}

/** The import files of a data set folder, in name order (`01-…`, `02-…`, …). */
export function datasetFiles(dir: string = AI_BUILDOUT_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ndjson'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Every command line of the data set, in import order. Blank lines are skipped; a line that is
 * not a JSON object with a `command` raises an error naming the file and line.
 */
export function readDataset(dir: string = AI_BUILDOUT_DIR): DatasetLine[] {
  const out: DatasetLine[] = [];
  for (const path of datasetFiles(dir)) {
    const file = path.slice(dir.length + 1);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (text.trim() === '') return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new Error(
            `${file}:${i + 1}: not JSON (${(error as Error).message})`,
          );
        }
        if (
          parsed === null ||
          typeof parsed !== 'object' ||
          Array.isArray(parsed) ||
          typeof (parsed as { command?: unknown }).command !== 'string'
        ) {
          throw new Error(
            `${file}:${i + 1}: must be a JSON object with a "command"`,
          );
        }
        out.push({
          file,
          line: i + 1,
          text,
          command: parsed as DatasetLine['command'],
        });
      });
  }
  return out;
}

/** The data set as one NDJSON text (what `POST /import` and the import service take). */
export function datasetText(dir: string = AI_BUILDOUT_DIR): string {
  return readDataset(dir)
    .map((l) => l.text)
    .join('\n')
    .concat('\n');
}
