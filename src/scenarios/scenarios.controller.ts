import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, RequireRole } from '../auth/auth.decorators';
import { Caller } from '../auth/auth.types';
import { HttpReply, HttpRequest } from '../common/http-platform';
import { jsonStream } from '../common/json-stream';
import { BodyValidationPipe } from '../common/validation';
import {
  CONTAGION_MODELS,
  DEAL_CERTAINTIES as CERTAINTIES,
  DEAL_CONFIDENCES as CONFIDENCES,
  ESTIMATE_CHOICES,
  SCENARIO_BASES as BASES,
} from '../contracts';
import { AnalysisService, SystemicQuery } from './analysis.service';
import { scenarioDefinition } from './domain/scenario.definition';
import { CreateScenarioDto, SweepDto } from './dto/scenario.dto';
import { ScenarioQueries } from './scenario-queries.service';
import { ScenariosService } from './scenarios.service';

/** What-if scenarios (API.md "Scenarios"). Writing one needs role analyst; reading, reader. */
@ApiTags('scenarios')
@ApiBearerAuth()
@Controller('scenarios')
@UsePipes(BodyValidationPipe)
export class ScenariosController {
  constructor(
    private readonly scenarios: ScenariosService,
    private readonly queries: ScenarioQueries,
    private readonly analysis: AnalysisService,
  ) {}

  @Post()
  @RequireRole('analyst')
  @HttpCode(HttpStatus.CREATED)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A retry with the same key and body gets the first answer and records nothing new',
  })
  @ApiCreatedResponse({
    description:
      '`{ id, result, digest, knownAt, position }`: the run, recorded in stream scenario-<id>',
  })
  @ApiBadRequestResponse({
    description:
      'The scenario cannot run (the message names the field); nothing is recorded',
  })
  create(
    @Body() body: CreateScenarioDto,
    @Actor() caller: Caller,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.scenarios.create(scenarioDefinition(body), caller.name, key);
  }

  @Post('sweep')
  @RequireRole('analyst')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    description:
      'Distribution of system loss: mean, VaR and expected shortfall at 95 % and 99 %, histogram',
  })
  sweep(@Body() body: SweepDto) {
    return this.analysis.sweep(body);
  }

  @Get()
  @ApiOkResponse({ description: 'Saved scenarios, newest first' })
  list() {
    return this.queries.list();
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      'The definition, the knownAt it ran at, its runs and its `result`',
  })
  @ApiNotFoundResponse()
  get(@Param('id') id: string) {
    return this.queries.get(id);
  }

  @Post(':id/rerun')
  @RequireRole('analyst')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({
    description:
      'Runs the scenario again at its recorded knownAt: `reproduced` is true when the digest matches the first run',
  })
  rerun(@Param('id') id: string, @Actor() caller: Caller) {
    return this.scenarios.rerun(id, caller.name);
  }

  @Get(':id/exposures')
  @ApiQuery({
    name: 'at',
    required: false,
    description: 'Default: the scenario date',
  })
  @ApiOkResponse({
    description:
      'The scenario timeline (real history with the overlay) at `at`, as GET /exposures answers it',
  })
  async exposures(
    @Param('id') id: string,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
    @Query('at') at?: string,
  ): Promise<StreamableFile> {
    return jsonStream(await this.queries.exposures(id, at), request, reply);
  }

  @Get(':id/compare')
  @ApiQuery({
    name: 'at',
    required: false,
    description: 'Default: the scenario date',
  })
  @ApiOkResponse({
    description: 'Per company and per edge: baseline, scenario and difference',
  })
  async compare(
    @Param('id') id: string,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
    @Query('at') at?: string,
  ): Promise<StreamableFile> {
    return jsonStream(await this.queries.compare(id, at), request, reply);
  }
}

/** Who is too interconnected to fail. */
@ApiTags('scenarios')
@ApiBearerAuth()
@Controller('analysis')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Get('systemic')
  @ApiQuery({ name: 'at', required: false })
  @ApiQuery({ name: 'knownAt', required: false })
  @ApiQuery({
    name: 'model',
    required: false,
    enum: CONTAGION_MODELS,
    description: 'Default debtrank',
  })
  @ApiQuery({
    name: 'recoveryRate',
    required: false,
    description: 'Recovery of the failing company, default 0',
  })
  @ApiQuery({
    name: 'basis',
    required: false,
    enum: BASES,
    description: 'How deals are read (default balance-sheet)',
  })
  @ApiQuery({
    name: 'horizonDays',
    required: false,
    description: 'Default 365',
  })
  @ApiQuery({
    name: 'damagesRate',
    required: false,
    description: 'Default 0.25',
  })
  @ApiQuery({
    name: 'equityRecoveryRate',
    required: false,
    description:
      "Shareholders' recovery on a failing company's stakes, default 0",
  })
  @ApiQuery({ name: 'alpha', required: false, description: 'Rogers–Veraart α' })
  @ApiQuery({ name: 'beta', required: false, description: 'Rogers–Veraart β' })
  @ApiQuery({
    name: 'minCertainty',
    required: false,
    enum: CERTAINTIES,
    description: 'Default binding',
  })
  @ApiQuery({
    name: 'minConfidence',
    required: false,
    enum: CONFIDENCES,
    description: 'Default low',
  })
  @ApiQuery({
    name: 'estimates',
    required: false,
    enum: ESTIMATE_CHOICES,
    description: 'Default central',
  })
  @ApiOkResponse({
    description:
      'Every company fails alone in turn, against the run with no shock (companies failing anyway are never counted as caused); ranked by total loss, then failures caused',
  })
  systemic(@Query() query: Record<string, string | undefined>) {
    const pick = (k: keyof SystemicQuery): string | undefined => query[k];
    return this.analysis.systemic({
      at: pick('at'),
      knownAt: pick('knownAt'),
      model: pick('model'),
      recoveryRate: pick('recoveryRate'),
      basis: pick('basis'),
      horizonDays: pick('horizonDays'),
      damagesRate: pick('damagesRate'),
      equityRecoveryRate: pick('equityRecoveryRate'),
      alpha: pick('alpha'),
      beta: pick('beta'),
      minCertainty: pick('minCertainty'),
      minConfidence: pick('minConfidence'),
      estimates: pick('estimates'),
    });
  }
}
