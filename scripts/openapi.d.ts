/** Types of scripts/openapi.js, for the spec that checks the committed document and client. */
export const DOCUMENT: string;
export const SCHEMA: string;
export function typesOf(documentPath: string): string;
export function lint(
  documentPath: string,
  stdio?: 'inherit' | 'pipe',
): { ok: boolean; output: string };
