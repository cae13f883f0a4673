import { Command } from '@nestjs/cqrs';
import { CompanyCommand } from '../domain/company.decider';
import { DealCommand } from '../domain/deal.decider';

/** Who asks, and how the write is identified: from the HTTP request, the import file or the CLI. */
export interface WriteContext {
  /** The bearer token's name, `local` for loopback callers without tokens, `import`, `seed`… */
  readonly actor: string;
  /** `Idempotency-Key`: the same key with the same command records nothing new and gets the first answer. */
  readonly idempotencyKey?: string;
  /** Ties the events of one request (or one import file) together; generated when absent. */
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

/** Every write's answer: the stream's revision after the write (0-based) and the global position of its last event. */
export interface WriteResult {
  readonly id: string;
  readonly revision: number;
  /** Read-your-writes: queries accept `?minPosition=` with this. */
  readonly position: number;
}

export class ExecuteCompanyCommand extends Command<WriteResult> {
  constructor(
    readonly command: CompanyCommand,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class ExecuteDealCommand extends Command<WriteResult> {
  constructor(
    readonly command: DealCommand,
    readonly context: WriteContext,
  ) {
    super();
  }
}
