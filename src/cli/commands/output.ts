import Table from 'cli-table3';

/**
 * Exit codes scripts can rely on: 0 success, 1 a failure of the service or the store, 2 bad usage
 * or input (a flag, a file, a field the service refused), 3 something asked for does not exist,
 * 4 the audit trail is broken (verify), 5 a write conflicted with a concurrent change.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  verifyFailed: 4,
  conflict: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a command writes: injectable so tests read what a user would see. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Progress bars only on a terminal (never in tests, pipes or --json). */
  readonly interactive: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** A bad flag or argument: exit 2 with a message naming it. */
export class UsageError extends Error {
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`${option}: ${problem}`);
  }
}

/** `$300B`, `$14.2B`, `$350M`, `$0`; `—` for an unpublished amount. */
export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const a = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (a >= 1e12) return `${sign}$${trim(a / 1e12)}T`;
  if (a >= 1e9) return `${sign}$${trim(a / 1e9)}B`;
  if (a >= 1e6) return `${sign}$${trim(a / 1e6)}M`;
  if (a >= 1e3) return `${sign}$${trim(a / 1e3)}K`;
  return `${sign}$${Math.round(a)}`;
}

function trim(x: number): string {
  return x >= 100
    ? x.toFixed(0)
    : x >= 10
      ? x.toFixed(1).replace(/\.0$/, '')
      : x.toFixed(2).replace(/\.?0+$/, '');
}

/** `12.5%`, `1,430%`; `—` when unknown. */
export function pct(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share))
    return '—';
  const p = share * 100;
  return `${p >= 100 ? Math.round(p).toLocaleString('en-US') : p.toFixed(1)}%`;
}

/** `×1.84`; `—` when undefined (no initial loss). */
export function times(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `×${x.toFixed(2)}`;
}

/** A date as the user reads it (`2025-09-10`), from an ISO instant. */
export function day(instant: string | null | undefined): string {
  return instant ? instant.slice(0, 10) : '—';
}

/** A readable table with a heading row; right-aligned columns named in `right`. */
export function table(
  head: string[],
  rows: (string | number)[][],
  right: number[] = [],
): string {
  const t = new Table({
    head,
    style: { head: [], border: [] },
    // no rule between body rows: long tables stay readable
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((_, i) => (right.includes(i) ? 'right' : 'left')),
    wordWrap: true,
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
