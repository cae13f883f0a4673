import { Module } from '@nestjs/common';
import { CompaniesController } from './application/companies.controller';
import { CompanyCommandHandler } from './application/company-command.handler';
import { DealCommandHandler } from './application/deal-command.handler';
import { DealsController } from './application/deals.controller';
import { ImportController } from './application/import.controller';
import { ImportService } from './application/import.service';
import { LedgerCommands } from './application/ledger-commands.service';
import { LedgerWriter } from './application/ledger-writer';
import { StreamWriter } from './application/stream-writer';

/**
 * The write side of companies and deals: commands through the CommandBus, pure deciders, appends
 * with expected revisions. Exports LedgerCommands (execute any ledger command) and ImportService
 * (apply parsed import lines) for the seed loader and the CLI, and StreamWriter (the one write path
 * of every event-sourced stream) for the scenarios.
 */
@Module({
  controllers: [CompaniesController, DealsController, ImportController],
  providers: [
    StreamWriter,
    LedgerWriter,
    CompanyCommandHandler,
    DealCommandHandler,
    LedgerCommands,
    ImportService,
  ],
  exports: [LedgerCommands, ImportService, LedgerWriter, StreamWriter],
})
export class LedgerModule {}
