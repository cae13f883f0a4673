import { Command } from '@nestjs/cqrs';
import type {
  AmendDeal,
  CureDefault,
  LedgerCommand,
  LedgerCommandName,
  RecordDeal,
  RecordDefault,
  RecordPayment,
  RegisterCompany,
  ReportFinancials,
  RetractDeal,
  TerminateDeal,
  WriteDownDeal,
} from '../domain/ledger.commands';

/** Who asks, and how the write is identified: from the HTTP request, the import file or the CLI. */
export interface WriteContext {
  /** The bearer token's name, `local` for loopback callers without tokens, `import`, `seed`… */
  readonly actor: string;
  /** `Idempotency-Key`: the same key with the same command records nothing new and gets the first answer. */
  readonly idempotencyKey?: string;
  /** Ties the events of one request (or one import file) together; generated when absent. */
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

/** Every write's answer: the stream's revision after the write (0-based) and the global position of its last event. */
export interface WriteResult {
  readonly id: string;
  readonly revision: number;
  /** Read-your-writes: queries accept `?minPosition=` with this. */
  readonly position: number;
}

/**
 * A ledger command on Nest's CommandBus: the command as the caller gave it (checked at the edge)
 * and who asks. One class per command, each with its own @CommandHandler
 * (company-command.handlers.ts, deal-command.handlers.ts).
 */
export abstract class LedgerWrite<
  C extends LedgerCommand = LedgerCommand,
> extends Command<WriteResult> {
  constructor(
    readonly command: C,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class RegisterCompanyCommand extends LedgerWrite<RegisterCompany> {}
export class ReportFinancialsCommand extends LedgerWrite<ReportFinancials> {}
export class RecordDefaultCommand extends LedgerWrite<RecordDefault> {}
export class CureDefaultCommand extends LedgerWrite<CureDefault> {}
export class RecordDealCommand extends LedgerWrite<RecordDeal> {}
export class AmendDealCommand extends LedgerWrite<AmendDeal> {}
export class TerminateDealCommand extends LedgerWrite<TerminateDeal> {}
export class RecordPaymentCommand extends LedgerWrite<RecordPayment> {}
export class WriteDownDealCommand extends LedgerWrite<WriteDownDeal> {}
export class RetractDealCommand extends LedgerWrite<RetractDeal> {}

type CommandNamed<K extends LedgerCommandName> = Extract<
  LedgerCommand,
  { command: K }
>;

/**
 * Each command name's class: how a command given as data (an HTTP body with its name, an import
 * line, the seed) becomes the bus's command. A new command is one entry here (the compiler asks).
 */
const LEDGER_WRITES: {
  readonly [K in LedgerCommandName]: new (
    command: CommandNamed<K>,
    context: WriteContext,
  ) => LedgerWrite<CommandNamed<K>>;
} = {
  'register-company': RegisterCompanyCommand,
  'report-financials': ReportFinancialsCommand,
  'record-default': RecordDefaultCommand,
  'cure-default': CureDefaultCommand,
  'record-deal': RecordDealCommand,
  'amend-deal': AmendDealCommand,
  'terminate-deal': TerminateDealCommand,
  'record-payment': RecordPaymentCommand,
  'write-down-deal': WriteDownDealCommand,
  'retract-deal': RetractDealCommand,
};

/** The bus command of a ledger command given as data. */
export function ledgerWrite(
  command: LedgerCommand,
  context: WriteContext,
): LedgerWrite {
  // The table's entry for `command.command` takes exactly this command (see its type).
  const Write = LEDGER_WRITES[command.command] as unknown as new (
    command: LedgerCommand,
    context: WriteContext,
  ) => LedgerWrite;
  return new Write(command, context);
}
