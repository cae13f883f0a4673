import { ApiWriteErrors } from './api-errors';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Res,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../auth/auth.decorators';
import { Caller } from '../../auth/auth.types';
import { BodyValidationPipe } from '../../common/validation';
import {
  AmendDealDto,
  RecordDealDto,
  RecordPaymentDto,
  RetractDealDto,
  TerminateDealDto,
  WriteDownDealDto,
  WriteResultDto,
} from './dto/deal.dto';
import { answer, httpWriteContext, parseIfMatch } from './http-context';
import { LedgerCommands } from './ledger-commands.service';
import { WriteResult } from './ledger.write';

/** Deal writes (API.md "Deals"). Reads and history live with the exposure views and the audit. */
@ApiTags('deals')
@ApiWriteErrors()
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    'A retry with the same key and body gets the first answer and records nothing new',
})
@Controller('deals')
@UsePipes(BodyValidationPipe)
export class DealsController {
  constructor(private readonly ledger: LedgerCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: WriteResultDto })
  @ApiConflictResponse({ description: 'The id exists' })
  record(
    @Body() body: RecordDealDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'record-deal', ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Patch(':id')
  @HttpCode(HttpStatus.OK)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The revision the change is based on; 409 with currentRevision when it moved on',
  })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiConflictResponse({
    description:
      'If-Match names a revision that is no longer current: the body carries currentRevision',
  })
  amend(
    @Param('id') id: string,
    @Body() body: AmendDealDto,
    @Actor() caller: Caller,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    const expectedRevision = parseIfMatch(ifMatch);
    const context = httpWriteContext(caller, key, correlationId);
    return answer(
      res,
      this.ledger.execute(
        {
          command: 'amend-deal',
          id,
          ...body,
          ...(expectedRevision === undefined ? {} : { expectedRevision }),
        },
        context,
      ),
    );
  }

  @Post(':id/terminate')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WriteResultDto })
  terminate(
    @Param('id') id: string,
    @Body() body: TerminateDealDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'terminate-deal', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Post(':id/payments')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: WriteResultDto })
  pay(
    @Param('id') id: string,
    @Body() body: RecordPaymentDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'record-payment', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Post(':id/write-downs')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: WriteResultDto })
  writeDown(
    @Param('id') id: string,
    @Body() body: WriteDownDealDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'write-down-deal', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Post(':id/retract')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: WriteResultDto,
    description:
      'Recorded in error: the deal never existed, though the audit keeps it',
  })
  retract(
    @Param('id') id: string,
    @Body() body: RetractDealDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'retract-deal', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }
}
