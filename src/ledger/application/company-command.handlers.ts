import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LedgerWriter } from './ledger-writer';
import {
  CureDefaultCommand,
  RecordDefaultCommand,
  RegisterCompanyCommand,
  ReportFinancialsCommand,
  WriteResult,
} from './ledger.write';

/*
 * The company commands' handlers: each decides on the company's stream through the ledger's
 * StreamWriter (LedgerWriter.writeCompany: load, idempotency, decide, seal, append).
 */

/** Registers a company; without effectiveAt it is registered as of the writer's clock. */
@CommandHandler(RegisterCompanyCommand)
export class RegisterCompanyHandler implements ICommandHandler<
  RegisterCompanyCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: RegisterCompanyCommand): Promise<WriteResult> {
    return this.ledger.writeCompany(command, context);
  }
}

@CommandHandler(ReportFinancialsCommand)
export class ReportFinancialsHandler implements ICommandHandler<
  ReportFinancialsCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: ReportFinancialsCommand): Promise<WriteResult> {
    return this.ledger.writeCompany(command, context);
  }
}

@CommandHandler(RecordDefaultCommand)
export class RecordDefaultHandler implements ICommandHandler<
  RecordDefaultCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: RecordDefaultCommand): Promise<WriteResult> {
    return this.ledger.writeCompany(command, context);
  }
}

@CommandHandler(CureDefaultCommand)
export class CureDefaultHandler implements ICommandHandler<
  CureDefaultCommand,
  WriteResult
> {
  constructor(private readonly ledger: LedgerWriter) {}

  execute({ command, context }: CureDefaultCommand): Promise<WriteResult> {
    return this.ledger.writeCompany(command, context);
  }
}

export const COMPANY_COMMAND_HANDLERS = [
  RegisterCompanyHandler,
  ReportFinancialsHandler,
  RecordDefaultHandler,
  CureDefaultHandler,
];
