import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { parseSlug, streams } from '../../shared/ids';
import { Clock, CLOCK } from '../../shared/time';
import { decideCompany } from '../domain/company.decider';
import { LedgerWriter } from './ledger-writer';
import { ExecuteCompanyCommand, WriteResult } from './ledger.write';

/** Company commands: the clock (for a registration without effectiveAt) comes in here, never in decide. */
@CommandHandler(ExecuteCompanyCommand)
export class CompanyCommandHandler implements ICommandHandler<
  ExecuteCompanyCommand,
  WriteResult
> {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ command, context }: ExecuteCompanyCommand): Promise<WriteResult> {
    const id = parseSlug(command.id, 'id');
    return this.writer.write({
      repository: this.writer.companies,
      streamId: streams.company(id),
      id,
      command,
      context,
      decide: (state) =>
        decideCompany(command, state, { now: this.clock.now().toISOString() }),
    });
  }
}
