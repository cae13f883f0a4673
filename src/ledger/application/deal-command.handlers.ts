import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { parseSlug, SLUG, streams } from '../../shared/ids';
import { Instant } from '../../shared/time';
import { DEAL_ROLES } from '../domain/deal.decider';
import { RecordDeal } from '../domain/ledger.commands';
import { nameBasedUuid } from './idempotency';
import { LedgerWriter } from './ledger-writer';
import {
  AmendDealCommand,
  RecordDealCommand,
  RecordPaymentCommand,
  RetractDealCommand,
  TerminateDealCommand,
  WriteContext,
  WriteDownDealCommand,
  WriteResult,
} from './ledger.write';

/*
 * The deal commands' handlers: each decides on the deal's stream through the ledger's StreamWriter
 * (LedgerWriter.writeDeal: load, idempotency, If-Match, decide, seal, append).
 */

/**
 * Records a deal: gives it an id when it has none, and looks up its parties' registrations first
 * (a registration is never undone, so a company once seen registered stays so).
 */
@CommandHandler(RecordDealCommand)
export class RecordDealHandler implements ICommandHandler<
  RecordDealCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  async execute({ command, context }: RecordDealCommand): Promise<WriteResult> {
    const id = parseSlug(command.id ?? newDealId(context), 'id');
    const withId: RecordDeal = { ...command, id };
    const registeredAt = new Map<string, Instant>();
    const roles: readonly string[] = DEAL_ROLES[withId.kind] ?? [];
    for (const role of roles) {
      const companyId = (withId as unknown as Record<string, unknown>)[role];
      if (typeof companyId !== 'string' || !SLUG.test(companyId)) continue;
      const companies = this.ledger.companies;
      const company = await companies
        .load(streams.company(companyId), false)
        .then((cached) =>
          cached.revision === undefined
            ? companies.load(streams.company(companyId), true)
            : cached,
        );
      if (company.state.status !== 'unregistered')
        registeredAt.set(companyId, company.state.registeredAt);
    }
    return this.ledger.writeDeal(command, context, {
      withId,
      registeredAt: (companyId) => registeredAt.get(companyId),
    });
  }
}

/** A deal recorded without an id gets one: derived from the Idempotency-Key (so a retry finds it), else random. */
function newDealId({ actor, idempotencyKey }: WriteContext): string {
  return idempotencyKey === undefined
    ? randomUUID()
    : nameBasedUuid('deal', actor, idempotencyKey);
}

/** Amends a deal's terms; `If-Match` (the command's expectedRevision) must name its current revision. */
@CommandHandler(AmendDealCommand)
export class AmendDealHandler implements ICommandHandler<
  AmendDealCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: AmendDealCommand): Promise<WriteResult> {
    return this.ledger.writeDeal(command, context, {
      expectedRevision: command.expectedRevision,
    });
  }
}

@CommandHandler(TerminateDealCommand)
export class TerminateDealHandler implements ICommandHandler<
  TerminateDealCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: TerminateDealCommand): Promise<WriteResult> {
    return this.ledger.writeDeal(command, context);
  }
}

@CommandHandler(RecordPaymentCommand)
export class RecordPaymentHandler implements ICommandHandler<
  RecordPaymentCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: RecordPaymentCommand): Promise<WriteResult> {
    return this.ledger.writeDeal(command, context);
  }
}

@CommandHandler(WriteDownDealCommand)
export class WriteDownDealHandler implements ICommandHandler<
  WriteDownDealCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: WriteDownDealCommand): Promise<WriteResult> {
    return this.ledger.writeDeal(command, context);
  }
}

@CommandHandler(RetractDealCommand)
export class RetractDealHandler implements ICommandHandler<
  RetractDealCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: RetractDealCommand): Promise<WriteResult> {
    return this.ledger.writeDeal(command, context);
  }
}

export const DEAL_COMMAND_HANDLERS = [
  RecordDealHandler,
  AmendDealHandler,
  TerminateDealHandler,
  RecordPaymentHandler,
  WriteDownDealHandler,
  RetractDealHandler,
];
