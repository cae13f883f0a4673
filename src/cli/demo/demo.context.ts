import type { Io } from '../commands/output';
import type { Target } from '../commands/target';

export interface DemoOptions {
  /** A running server that holds the data set; default: a temporary embedded store, seeded here. */
  url?: string;
  token?: string;
  /** "Today" for the story (default: the API's now). */
  today?: string;
  /** Recovery on OpenAI's obligations when it slips (default 0.4). */
  recoveryRate?: number;
}

/**
 * What each part of the story reads with: the API, the options, where it writes, and the position
 * the seed reached (every read waits for it, so an in-process run reads what it just loaded).
 */
export interface Story {
  readonly target: Target;
  readonly options: DemoOptions;
  readonly io: Io;
  readonly minPosition?: number;
}

/** The date the story reads the market at once the 2025 mega-deals are signed. */
export const AFTER_MEGA_DEALS = '2025-12-31';

/** Recovery on OpenAI's obligations when it slips: the option, 0.4 when not given. */
export function recoveryOf(options: DemoOptions): number {
  return options.recoveryRate ?? 0.4;
}

export function heading(io: Io, text: string): void {
  io.out(`\n== ${text} ${'='.repeat(Math.max(0, 76 - text.length))}`);
}
