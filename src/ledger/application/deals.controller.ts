import {
  Body,
  Controller,
  HttpStatus,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import {
  AmendDealDto,
  RecordDealDto,
  RecordPaymentDto,
  RetractDealDto,
  TerminateDealDto,
  WriteDownDealDto,
} from './dto/deal.dto';
import {
  dispatchWrite,
  expectedRevision,
  HttpWrite,
  LedgerWriteController,
  Write,
  WriteAnswer,
} from './http-write';
import { LedgerCommands } from './ledger-commands.service';
import { WriteResult } from './ledger.write';

/** Deal writes (API.md "Deals"). Reads and history live with the exposure views and the audit. */
@ApiTags('deals')
@LedgerWriteController()
@Controller('deals')
export class DealsController {
  constructor(private readonly ledger: LedgerCommands) {}

  @Post()
  @WriteAnswer(HttpStatus.CREATED)
  @ApiConflictResponse({ description: 'The id exists' })
  record(
    @Body() body: RecordDealDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'record-deal',
      ...body,
    });
  }

  @Patch(':id')
  @WriteAnswer(HttpStatus.OK)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The revision the change is based on; 409 with currentRevision when it moved on',
  })
  @ApiConflictResponse({
    description:
      'If-Match names a revision that is no longer current: the body carries currentRevision',
  })
  amend(
    @Param('id') id: string,
    @Body() body: AmendDealDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'amend-deal',
      id,
      ...body,
      ...expectedRevision(write),
    });
  }

  @Post(':id/terminate')
  @WriteAnswer(HttpStatus.OK)
  terminate(
    @Param('id') id: string,
    @Body() body: TerminateDealDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'terminate-deal',
      id,
      ...body,
    });
  }

  @Post(':id/payments')
  @WriteAnswer(HttpStatus.CREATED)
  pay(
    @Param('id') id: string,
    @Body() body: RecordPaymentDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'record-payment',
      id,
      ...body,
    });
  }

  @Post(':id/write-downs')
  @WriteAnswer(HttpStatus.CREATED)
  writeDown(
    @Param('id') id: string,
    @Body() body: WriteDownDealDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'write-down-deal',
      id,
      ...body,
    });
  }

  @Post(':id/retract')
  @WriteAnswer(
    HttpStatus.OK,
    'Recorded in error: the deal never existed, though the audit keeps it',
  )
  retract(
    @Param('id') id: string,
    @Body() body: RetractDealDto,
    @Write() write: HttpWrite,
  ): Promise<WriteResult> {
    return dispatchWrite(this.ledger, write, {
      command: 'retract-deal',
      id,
      ...body,
    });
  }
}
