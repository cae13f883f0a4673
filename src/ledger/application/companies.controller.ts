import { Body, Controller, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import {
  CureDefaultDto,
  RecordDefaultDto,
  RegisterCompanyDto,
  ReportFinancialsDto,
} from './dto/company.dto';
import {
  dispatchWrite,
  HttpWrite,
  LedgerWriteController,
  Write,
  WriteAnswer,
} from './http-write';
import { LedgerCommands } from './ledger-commands.service';
import { WriteResult } from './ledger.write';

/** Company writes (API.md "Companies"). The reads (GET) live with the exposure views. */
@ApiTags('companies')
@LedgerWriteController()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly ledger: LedgerCommands) {}

  @Post()
  @WriteAnswer(HttpStatus.CREATED)
  @ApiConflictResponse({ description: 'The id exists' })
  register(
    @Body() body: RegisterCompanyDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'register-company',
      ...body,
    });
  }

  @Post(':id/financials')
  @WriteAnswer(HttpStatus.CREATED)
  financials(
    @Param('id') id: string,
    @Body() body: ReportFinancialsDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'report-financials',
      id,
      ...body,
    });
  }

  @Post(':id/default')
  @WriteAnswer(HttpStatus.CREATED)
  recordDefault(
    @Param('id') id: string,
    @Body() body: RecordDefaultDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'record-default',
      id,
      ...body,
    });
  }

  @Post(':id/cure')
  @WriteAnswer(HttpStatus.CREATED, 'The default is cured')
  cure(
    @Param('id') id: string,
    @Body() body: CureDefaultDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'cure-default',
      id,
      ...body,
    });
  }
}
