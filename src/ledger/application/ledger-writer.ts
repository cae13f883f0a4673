import { Injectable } from '@nestjs/common';
import {
  CompanyState,
  evolveCompany,
  initialCompanyState,
} from '../domain/company.decider';
import {
  DealState,
  evolveDeal,
  initialDealState,
} from '../domain/deal.decider';
import { CompanyFact, DealFact, LedgerFact } from '../domain/ledger.fact';
import { WriteResult } from './ledger.write';
import { StreamRepository } from './stream-repository';
import { StreamWriter, WriteRequest } from './stream-writer';

export type { WriteRequest } from './stream-writer';

/**
 * The ledger's streams (companies, deals) and their writes, through the one StreamWriter shared with
 * the scenarios: load → answer a retried Idempotency-Key → check If-Match → decide → seal → append.
 */
@Injectable()
export class LedgerWriter {
  readonly companies: StreamRepository<CompanyState, CompanyFact>;
  readonly deals: StreamRepository<DealState, DealFact>;

  constructor(private readonly writer: StreamWriter) {
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

  write<S, F extends LedgerFact>(
    request: WriteRequest<S, F>,
  ): Promise<WriteResult> {
    return this.writer.write(request);
  }
}
