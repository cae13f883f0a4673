import { Module } from '@nestjs/common';
import { CompaniesController } from './application/companies.controller';
import { COMPANY_COMMAND_HANDLERS } from './application/company-command.handlers';
import { DEAL_COMMAND_HANDLERS } from './application/deal-command.handlers';
import { DealsController } from './application/deals.controller';
import { ImportController } from './application/import.controller';
import { ImportService } from './application/import.service';
import { LedgerCommands } from './application/ledger-commands.service';
import { LedgerWriter } from './application/ledger-writer';
import { StreamWriter } from './application/stream-writer';

/**
 * The write side of companies and deals: one command class and one handler per command on the
 * CommandBus, pure deciders, appends
 * with expected revisions. Exports LedgerCommands (execute any ledger command) and ImportService
 * (apply parsed import lines) for the seed loader and the CLI, and StreamWriter (the one write path
 * of every event-sourced stream) for the scenarios.
 */
@Module({
  controllers: [CompaniesController, DealsController, ImportController],
  providers: [
    StreamWriter,
    LedgerWriter,
    ...COMPANY_COMMAND_HANDLERS,
    ...DEAL_COMMAND_HANDLERS,
    LedgerCommands,
    ImportService,
  ],
  exports: [LedgerCommands, ImportService, LedgerWriter, StreamWriter],
})
export class LedgerModule {}
