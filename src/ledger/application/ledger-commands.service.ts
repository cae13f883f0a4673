import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CompanyCommand } from '../domain/company.decider';
import { DealCommand } from '../domain/deal.decider';
import { assertNever } from '../domain/ledger.events';
import { LedgerCommand } from '../domain/ledger.commands';
import {
  ExecuteCompanyCommand,
  ExecuteDealCommand,
  WriteContext,
  WriteResult,
} from './ledger.write';

/** One entry for every ledger command (HTTP, import, seed): through the CommandBus to its handler. */
@Injectable()
export class LedgerCommands {
  constructor(private readonly bus: CommandBus) {}

  execute(command: LedgerCommand, context: WriteContext): Promise<WriteResult> {
    switch (command.command) {
      case 'register-company':
      case 'report-financials':
      case 'record-default':
      case 'cure-default':
        return this.bus.execute(
          new ExecuteCompanyCommand(command satisfies CompanyCommand, context),
        );
      case 'record-deal':
      case 'amend-deal':
      case 'terminate-deal':
      case 'record-payment':
      case 'write-down-deal':
      case 'retract-deal':
        return this.bus.execute(
          new ExecuteDealCommand(command satisfies DealCommand, context),
        );
      default:
        return assertNever(command);
    }
  }
}
