import {
  applyDecorators,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators';
import { HttpReply, HttpRequest } from '../common/http-platform';
import { jsonStream } from '../common/json-stream';
import {
  DEAL_CERTAINTIES,
  DEAL_CONFIDENCES,
  ESTIMATE_CHOICES,
} from '../contracts';
import { ExposureProjection } from './exposure.projection';
import {
  ExposureQueries,
  PointQuery,
  ValuationQuery,
} from './exposure.query-service';

const AT = {
  name: 'at',
  required: false,
  description: 'Effective (valid) time, ISO 8601; default now',
};
const KNOWN_AT = {
  name: 'knownAt',
  required: false,
  description: 'Recorded (system) time, ISO 8601; default now',
};
const MIN_POSITION = {
  name: 'minPosition',
  required: false,
  description:
    'Wait (up to 5 s, then 504) until the projection has reached this global position',
};
const EXPLAIN = {
  name: 'explain',
  required: false,
  description:
    'true: every amount lists its deals and the event positions it came from',
};

/** The valuation parameters of both exposure calls (API.md "Exposures"). */
function ValuationQueries(): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'minCertainty',
      required: false,
      enum: DEAL_CERTAINTIES,
      description: 'Deals at or above this certainty count (default binding)',
    }),
    ApiQuery({
      name: 'minConfidence',
      required: false,
      enum: DEAL_CONFIDENCES,
      description:
        'Deals at or above this source confidence count (default low)',
    }),
    ApiQuery({
      name: 'estimates',
      required: false,
      enum: ESTIMATE_CHOICES,
      description:
        'Which estimate stands for a missing amount (default central)',
    }),
    ApiQuery({
      name: 'horizonDays',
      required: false,
      description:
        'H: installments due within it count in full in lossGivenDefaultUsd (default 365)',
    }),
    ApiQuery({
      name: 'damagesRate',
      required: false,
      description:
        "d, 0–1: the share of supply installments beyond H a failing buyer owes (default 0.25; a deal's own damagesRate overrides it)",
    }),
  );
}

/** The company reads of API.md "Companies" (the writes live with the ledger). */
@ApiTags('companies')
@ApiBearerAuth()
@ApiQuery(AT)
@ApiQuery(KNOWN_AT)
@ApiQuery(MIN_POSITION)
@Controller('companies')
export class CompanyReadsController {
  constructor(private readonly queries: ExposureQueries) {}

  @Get()
  @ApiOperation({ summary: 'Every company as of (at, knownAt)' })
  list(@Query() q: PointQuery) {
    return this.queries.companies(q);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The company as of (at, knownAt); 404 if unknown then',
  })
  get(@Param('id') id: string, @Query() q: PointQuery) {
    return this.queries.company(id, q);
  }

  @Get(':id/exposure')
  @ValuationQueries()
  @ApiQuery(EXPLAIN)
  @ApiQuery({
    name: 'top',
    required: false,
    description: 'How many top counterparties (default 10)',
  })
  @ApiOperation({
    summary:
      'Totals by kind, top counterparties, concentration (Herfindahl, largest exposure / equity)',
  })
  exposure(
    @Param('id') id: string,
    @Query() q: PointQuery & ValuationQuery & { top?: string },
  ) {
    return this.queries.companyExposure(id, q);
  }

  @Get(':id/financials')
  @ApiOperation({
    summary:
      'The report in force at `at` (periodEnd, source, figures) and the flows moved onto it since (funded tranches, payments), with caveats',
  })
  financials(@Param('id') id: string, @Query() q: PointQuery) {
    return this.queries.financials(id, q);
  }

  @Get(':id/exposure/timeline')
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'Default: a year before `to`',
  })
  @ApiQuery({ name: 'to', required: false, description: 'Default: `at` (now)' })
  @ApiQuery({
    name: 'step',
    required: false,
    description: 'day, week, month (default), quarter, year, or P<n>D/W/M/Y',
  })
  @ApiOperation({
    summary:
      'The company’s exposure at each step from `from` to `to`, as known at `knownAt`',
  })
  timeline(
    @Param('id') id: string,
    @Query() q: PointQuery & { from?: string; to?: string; step?: string },
  ) {
    return this.queries.timeline(id, q);
  }
}

/** GET /deals/:id (the writes live with the ledger). */
@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class DealReadsController {
  constructor(private readonly queries: ExposureQueries) {}

  @Get(':id')
  @ApiQuery(AT)
  @ApiQuery(KNOWN_AT)
  @ApiQuery(MIN_POSITION)
  @ApiQuery(EXPLAIN)
  @ApiOperation({
    summary:
      'The deal as of (at, knownAt), with outstandingUsd, status and flags; 404 if unknown then',
  })
  get(@Param('id') id: string, @Query() q: PointQuery) {
    return this.queries.deal(id, q);
  }
}

/** API.md "Exposures". */
@ApiTags('exposures')
@ApiBearerAuth()
@Controller('exposures')
export class ExposuresController {
  constructor(private readonly queries: ExposureQueries) {}

  @Get()
  @ValuationQueries()
  @ApiQuery(AT)
  @ApiQuery(KNOWN_AT)
  @ApiQuery(MIN_POSITION)
  @ApiQuery(EXPLAIN)
  @ApiOkResponse({
    description:
      '{ at, knownAt, companies: [{ id, equityUsd, externalAssetsUsd, exposureOutUsd, exposureInUsd, defaulted }], edges: [{ holder, counterparty, kind, amountUsd, deals }] }',
  })
  async network(
    @Query() q: PointQuery & ValuationQuery,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<StreamableFile> {
    return jsonStream(await this.queries.networkJson(q), request, reply);
  }

  @Get('cycles')
  @ApiQuery(AT)
  @ApiQuery(KNOWN_AT)
  @ApiQuery(MIN_POSITION)
  @ApiQuery({
    name: 'maxLength',
    required: false,
    description: 'Longest ring searched (2–8, default 4)',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'Most cycles reported (default 100)',
  })
  @ApiQuery({
    name: 'minCertainty',
    required: false,
    enum: DEAL_CERTAINTIES,
    description:
      'Deals at or above this certainty count (default intent: every deal; each ring and leg says its weakest certainty)',
  })
  @ApiOperation({
    summary:
      'Money flowing in rings (round-tripping, vendor financing), with flagged deals',
  })
  cycles(
    @Query()
    q: PointQuery & {
      maxLength?: string;
      limit?: string;
      minCertainty?: string;
    },
  ) {
    return this.queries.cycles(q);
  }
}

/** Rebuild of the exposure projection from zero into a new version; the old one serves meanwhile. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/projections/exposure')
@RequireRole('admin')
export class ExposureAdminController {
  constructor(private readonly projection: ExposureProjection) {}

  @Post('rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    description:
      '{ version, progress } — follow it in GET /health or GET /admin/projections/exposure',
  })
  async rebuild() {
    const { version } = await this.projection.rebuild();
    return { version, progress: this.projection.rebuildProgress() ?? null };
  }

  @Get()
  @ApiOperation({
    summary:
      'The projection’s state: version, position, rebuild progress, error',
  })
  status() {
    return this.projection.healthReport();
  }
}
