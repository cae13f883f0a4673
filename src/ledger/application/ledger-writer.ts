import { Inject, Injectable, Optional } from '@nestjs/common';
import { parseSlug, streams } from '../../shared/ids';
import { Clock, CLOCK, Instant, systemClock } from '../../shared/time';
import {
  CompanyCommand,
  CompanyState,
  decideCompany,
  evolveCompany,
  initialCompanyState,
} from '../domain/company.decider';
import {
  DealCommand,
  DealState,
  decideDeal,
  evolveDeal,
  initialDealState,
} from '../domain/deal.decider';
import { CompanyFact, DealFact, LedgerFact } from '../domain/ledger.fact';
import { WriteContext, WriteResult } from './ledger.write';
import { StreamRepository } from './stream-repository';
import { StreamWriter, WriteRequest } from './stream-writer';

export type { WriteRequest } from './stream-writer';

/** What a deal command's handler adds to the write (see deal-command.handlers.ts). */
export interface DealWriteOptions {
  /** The command with the id it was given (record-deal without one); default the command. */
  readonly withId?: DealCommand;
  /** The parties' registrations looked up by record-deal. */
  readonly registeredAt?: (companyId: string) => Instant | undefined;
  /** `If-Match` of amend-deal. */
  readonly expectedRevision?: number;
}

/** The parties' registrations of a deal command that looks none up (made once, not per write). */
const noRegistrations = (): Instant | undefined => undefined;

/**
 * The ledger's streams (companies, deals) and their writes, through the one StreamWriter shared with
 * the scenarios: load → answer a retried Idempotency-Key → check If-Match → decide → seal → append.
 */
@Injectable()
export class LedgerWriter {
  readonly companies: StreamRepository<CompanyState, CompanyFact>;
  readonly deals: StreamRepository<DealState, DealFact>;
  private readonly clock: Clock;

  constructor(
    private readonly writer: StreamWriter,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
    this.companies = new StreamRepository(
      writer.store,
      evolveCompany,
      initialCompanyState,
    );
    this.deals = new StreamRepository(
      writer.store,
      evolveDeal,
      initialDealState,
    );
  }

  /** A company command on its stream; the clock (a registration without effectiveAt) comes in here, never in decide. */
  writeCompany(
    command: CompanyCommand,
    context: WriteContext,
  ): Promise<WriteResult> {
    const id = parseSlug(command.id, 'id');
    return this.writer.write({
      repository: this.companies,
      streamId: streams.company(id),
      id,
      command,
      context,
      decide: (state) =>
        decideCompany(command, state, { now: this.clock.now().toISOString() }),
    });
  }

  /** A deal command on its stream (the deal's id already given or generated). */
  writeDeal(
    command: DealCommand,
    context: WriteContext,
    options: DealWriteOptions = {},
  ): Promise<WriteResult> {
    const withId = options.withId ?? command;
    const id = parseSlug(withId.id, 'id');
    const registeredAt = options.registeredAt ?? noRegistrations;
    return this.writer.write({
      repository: this.deals,
      streamId: streams.deal(id),
      id,
      command,
      context,
      expectedRevision: options.expectedRevision,
      decide: (state) =>
        decideDeal(withId, state, { companyRegisteredAt: registeredAt }),
    });
  }

  write<S, F extends LedgerFact>(
    request: WriteRequest<S, F>,
  ): Promise<WriteResult> {
    return this.writer.write(request);
  }
}
