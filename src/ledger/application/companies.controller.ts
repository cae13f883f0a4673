import { ApiWriteErrors } from './api-errors';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../auth/auth.decorators';
import { Caller } from '../../auth/auth.types';
import { BodyValidationPipe } from '../../common/validation';
import {
  CureDefaultDto,
  RecordDefaultDto,
  RegisterCompanyDto,
  ReportFinancialsDto,
} from './dto/company.dto';
import { WriteResultDto } from './dto/deal.dto';
import { answer, httpWriteContext } from './http-context';
import { LedgerCommands } from './ledger-commands.service';
import { WriteResult } from './ledger.write';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A retry with the same key and body gets the first answer and records nothing new',
};

/** Company writes (API.md "Companies"). The reads (GET) live with the exposure views. */
@ApiTags('companies')
@ApiWriteErrors()
@ApiBearerAuth()
@ApiHeader(IDEMPOTENCY)
@Controller('companies')
@UsePipes(BodyValidationPipe)
export class CompaniesController {
  constructor(private readonly ledger: LedgerCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: WriteResultDto })
  @ApiConflictResponse({ description: 'The id exists' })
  register(
    @Body() body: RegisterCompanyDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'register-company', ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Post(':id/financials')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: WriteResultDto })
  financials(
    @Param('id') id: string,
    @Body() body: ReportFinancialsDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'report-financials', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Post(':id/default')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: WriteResultDto })
  recordDefault(
    @Param('id') id: string,
    @Body() body: RecordDefaultDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'record-default', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }

  @Post(':id/cure')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({
    type: WriteResultDto,
    description: 'The default is cured',
  })
  cure(
    @Param('id') id: string,
    @Body() body: CureDefaultDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteResult> {
    return answer(
      res,
      this.ledger.execute(
        { command: 'cure-default', id, ...body },
        httpWriteContext(caller, key, correlationId),
      ),
    );
  }
}
