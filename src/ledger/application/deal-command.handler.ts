import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { parseSlug, SLUG, streams } from '../../shared/ids';
import { Instant } from '../../shared/time';
import { DEAL_ROLES, decideDeal, DealCommand } from '../domain/deal.decider';
import { nameBasedUuid } from './idempotency';
import { LedgerWriter } from './ledger-writer';
import { ExecuteDealCommand, WriteResult } from './ledger.write';

/**
 * Deal commands. Recording a deal looks up its parties' registrations first (a registration is
 * never undone, so a company once seen registered stays so), then decides with them.
 */
@CommandHandler(ExecuteDealCommand)
export class DealCommandHandler implements ICommandHandler<
  ExecuteDealCommand,
  WriteResult
> {
  constructor(private readonly writer: LedgerWriter) {}

  async execute({
    command,
    context,
  }: ExecuteDealCommand): Promise<WriteResult> {
    const id = parseSlug(
      command.id ?? this.newDealId(context.actor, context.idempotencyKey),
      'id',
    );
    const withId: DealCommand = { ...command, id };
    const registeredAt = new Map<string, Instant>();
    if (withId.command === 'record-deal') {
      const roles: readonly string[] = DEAL_ROLES[withId.kind] ?? [];
      for (const role of roles) {
        const companyId = (withId as unknown as Record<string, unknown>)[role];
        if (typeof companyId !== 'string' || !SLUG.test(companyId)) continue;
        const company = await this.writer.companies
          .load(streams.company(companyId), false)
          .then((cached) =>
            cached.revision === undefined
              ? this.writer.companies.load(streams.company(companyId), true)
              : cached,
          );
        if (company.state.status !== 'unregistered')
          registeredAt.set(companyId, company.state.registeredAt);
      }
    }
    return this.writer.write({
      repository: this.writer.deals,
      streamId: streams.deal(id),
      id,
      command,
      context,
      expectedRevision:
        withId.command === 'amend-deal' ? withId.expectedRevision : undefined,
      decide: (state) =>
        decideDeal(withId, state, {
          companyRegisteredAt: (companyId) => registeredAt.get(companyId),
        }),
    });
  }

  /** A deal recorded without an id gets one: derived from the Idempotency-Key (so a retry finds it), else random. */
  private newDealId(actor: string, key: string | undefined): string {
    return key === undefined ? randomUUID() : nameBasedUuid('deal', actor, key);
  }
}
