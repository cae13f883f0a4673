import { ApiWriteErrors } from './api-errors';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../../auth/auth.decorators';
import { Caller } from '../../auth/auth.types';
import { ValidationError } from '../../shared/errors';
import { httpWriteContext } from './http-context';
import { parseImportArray, parseImportText } from './import.format';
import { ImportService, ImportSummary } from './import.service';

/**
 * POST /import: a JSON array (application/json) or NDJSON (application/x-ndjson) of command lines,
 * applied in order; each line's outcome is reported and valid lines are kept when others fail.
 * Bodies above the body limit are refused: larger files go in several requests (`tangle import --url` does so).
 */
@ApiTags('import')
@ApiWriteErrors()
@ApiBearerAuth()
@Controller('import')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({
    description:
      'Lines `{ "command": "register-company" | "report-financials" | "record-default" | "cure-default" | "record-deal" | "amend-deal" | "terminate-deal" | "record-payment" | "write-down-deal" | "retract-deal", ...the HTTP body, id?, idempotencyKey? }`',
    schema: {
      type: 'array',
      items: {
        type: 'object',
        properties: { command: { type: 'string' } },
        required: ['command'],
      },
    },
  })
  @ApiOkResponse({
    description:
      '{ total, succeeded, failed, position, results: [{ line, ok, command, id, revision, position, error? }] }',
  })
  run(
    @Body() body: unknown,
    @Actor() caller: Caller,
    @Headers('x-correlation-id') correlationId: string | undefined,
  ): Promise<ImportSummary> {
    const context = httpWriteContext(caller, undefined, correlationId);
    const lines =
      typeof body === 'string'
        ? parseImportText(body)
        : Array.isArray(body)
          ? parseImportArray(body)
          : undefined;
    if (!lines)
      throw new ValidationError(
        'body',
        'must be a JSON array of commands (application/json) or NDJSON (application/x-ndjson)',
      );
    return this.imports.run(lines, {
      actor: context.actor,
      ...(context.correlationId
        ? { correlationId: context.correlationId }
        : {}),
    });
  }
}
