import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { validateAs } from '../../common/validation';
import { TangleError } from '../../shared/errors';
import { LedgerCommand } from '../domain/ledger.commands';
import { IMPORT_LINE_DTOS, ImportLineHead } from './dto/import-line.dto';
import {
  ImportLineResult,
  ImportSummary,
  ParsedLine,
  summariseImport,
} from './import.format';
import { LedgerCommands } from './ledger-commands.service';

// The answer's shapes and its summary live with the import format, which the CLI shares.
export type { ImportLineResult, ImportSummary } from './import.format';

export interface ImportOptions {
  /** Recorded as every event's actor. */
  readonly actor: string;
  /** Shared by every event of the import; generated when absent. */
  readonly correlationId?: string;
  /** Called after each line (progress bars). */
  readonly onLine?: (
    result: ImportLineResult,
    done: number,
    total: number,
  ) => void;
}

/**
 * Applies import lines in order through the same command handlers as HTTP: each line validated by
 * its DTO, then executed; a refused line is reported and the valid lines are kept.
 * Used by POST /import, `tangle import` and the seed loader.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger('Import');

  constructor(private readonly ledger: LedgerCommands) {}

  async run(
    lines: readonly ParsedLine[],
    options: ImportOptions,
  ): Promise<ImportSummary> {
    const correlationId = options.correlationId ?? randomUUID();
    const results: ImportLineResult[] = [];
    let position = 0;
    for (const parsed of lines) {
      const result = await this.runLine(parsed, options.actor, correlationId);
      if (result.position !== undefined)
        position = Math.max(position, result.position);
      results.push(result);
      options.onLine?.(result, results.length, lines.length);
    }
    const summary = summariseImport(results, position);
    this.logger.log(
      `imported ${summary.succeeded} of ${summary.total} lines as ${options.actor}${summary.failed ? ` (${summary.failed} refused)` : ''}`,
    );
    return summary;
  }

  /** Validates and executes one command object; never throws for a refused line. */
  async runLine(
    parsed: ParsedLine,
    actor: string,
    correlationId: string,
  ): Promise<ImportLineResult> {
    const { line } = parsed;
    if ('error' in parsed)
      return {
        line,
        ok: false,
        error: { code: 'validation_failed', message: parsed.error },
      };
    const name = (parsed.value as { command?: unknown } | null)?.command;
    try {
      await validateAs(ImportLineHead, { command: name }, 'command');
      const validated = (await validateAs(
        IMPORT_LINE_DTOS[name as ImportLineHead['command']],
        parsed.value,
      )) as LedgerCommand & {
        idempotencyKey?: string;
      };
      const { idempotencyKey, ...command } = validated;
      const written = await this.ledger.execute(command, {
        actor,
        correlationId,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      });
      return {
        line,
        ok: true,
        command: String(name),
        id: written.id,
        revision: written.revision,
        position: written.position,
      };
    } catch (error) {
      if (!(error instanceof TangleError)) throw error;
      const id = (parsed.value as { id?: unknown } | null)?.id;
      return {
        line,
        ok: false,
        ...(typeof name === 'string' ? { command: name } : {}),
        ...(typeof id === 'string' ? { id } : {}),
        error: { code: error.code, message: error.message },
      };
    }
  }
}
