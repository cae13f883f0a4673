import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LedgerCommand } from '../domain/ledger.commands';
import { ledgerWrite, WriteContext, WriteResult } from './ledger.write';

/**
 * One entry for a ledger command given as data (HTTP, import, seed): its command class on the
 * CommandBus, which hands it to that command's handler.
 */
@Injectable()
export class LedgerCommands {
  constructor(private readonly bus: CommandBus) {}

  execute(command: LedgerCommand, context: WriteContext): Promise<WriteResult> {
    return this.bus.execute(ledgerWrite(command, context));
  }
}
