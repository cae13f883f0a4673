import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
} from 'class-validator';
import { IsSlug } from '../../../common/validation';
import {
  LedgerCommandName,
  LEDGER_COMMAND_NAMES,
} from '../../domain/ledger.commands';
import {
  CureDefaultDto,
  RecordDefaultDto,
  RegisterCompanyDto,
  ReportFinancialsDto,
} from './company.dto';
import {
  AmendDealDto,
  RecordDealDto,
  RecordPaymentDto,
  RetractDealDto,
  TerminateDealDto,
  WriteDownDealDto,
} from './deal.dto';

/**
 * Import lines: `{ "command": <name>, ...the HTTP body..., <path id> }` (format in ledger.commands.ts),
 * validated by the very DTOs of the HTTP bodies, plus `command`, the path `id` and an optional
 * `idempotencyKey` (and `expectedRevision` for amend-deal, as If-Match).
 */
const KEY = /^[\x21-\x7e]{1,200}$/;
const KEY_MESSAGE = {
  message: 'must be 1-200 printable characters without spaces',
};
const COMMAND = {
  message: `must be one of ${LEDGER_COMMAND_NAMES.join(', ')}`,
};
const ID_MESSAGE =
  'must be a slug (lowercase letters, digits and hyphens, 1-63 characters, starting with a letter or digit)';

/** Only `command` is read first, to choose the line's DTO. */
export class ImportLineHead {
  @IsIn(LEDGER_COMMAND_NAMES, COMMAND)
  command!: LedgerCommandName;
}

export class RegisterCompanyLine extends RegisterCompanyDto {
  @IsIn(['register-company'], COMMAND) command!: 'register-company';
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class ReportFinancialsLine extends ReportFinancialsDto {
  @IsIn(['report-financials'], COMMAND) command!: 'report-financials';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class RecordDefaultLine extends RecordDefaultDto {
  @IsIn(['record-default'], COMMAND) command!: 'record-default';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class CureDefaultLine extends CureDefaultDto {
  @IsIn(['cure-default'], COMMAND) command!: 'cure-default';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class RecordDealLine extends RecordDealDto {
  @IsIn(['record-deal'], COMMAND) command!: 'record-deal';
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class AmendDealLine extends AmendDealDto {
  @IsIn(['amend-deal'], COMMAND) command!: 'amend-deal';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional()
  @IsInt({ message: 'must be a revision (an integer ≥ 0)' })
  @Min(0, { message: 'must be a revision (an integer ≥ 0)' })
  expectedRevision?: number;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class TerminateDealLine extends TerminateDealDto {
  @IsIn(['terminate-deal'], COMMAND) command!: 'terminate-deal';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class RecordPaymentLine extends RecordPaymentDto {
  @IsIn(['record-payment'], COMMAND) command!: 'record-payment';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class WriteDownDealLine extends WriteDownDealDto {
  @IsIn(['write-down-deal'], COMMAND) command!: 'write-down-deal';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}
export class RetractDealLine extends RetractDealDto {
  @IsIn(['retract-deal'], COMMAND) command!: 'retract-deal';
  @IsSlug({ message: ID_MESSAGE }) id!: string;
  @IsOptional() @IsString() @Matches(KEY, KEY_MESSAGE) idempotencyKey?: string;
}

export const IMPORT_LINE_DTOS: Record<LedgerCommandName, new () => object> = {
  'register-company': RegisterCompanyLine,
  'report-financials': ReportFinancialsLine,
  'record-default': RecordDefaultLine,
  'cure-default': CureDefaultLine,
  'record-deal': RecordDealLine,
  'amend-deal': AmendDealLine,
  'terminate-deal': TerminateDealLine,
  'record-payment': RecordPaymentLine,
  'write-down-deal': WriteDownDealLine,
  'retract-deal': RetractDealLine,
};
