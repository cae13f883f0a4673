import { Module } from '@nestjs/common';
import { ExposureModule } from '../exposure/exposure.module';
import { LedgerModule } from '../ledger/ledger.module';
import { AnalysisService } from './analysis.service';
import { ScenarioProgress } from './scenario-progress';
import { ScenarioQueries } from './scenario-queries.service';
import { ScenarioTimelines } from './scenario-timelines';
import {
  AnalysisController,
  ScenariosController,
} from './scenarios.controller';
import { ScenariosService } from './scenarios.service';

/**
 * Scenarios and systemic analysis: the write path (ScenariosService, through the ledger's
 * StreamWriter), the read side (ScenarioQueries) and the analyses that record nothing
 * (AnalysisService). Exports `ScenarioProgress` (`messages$`: scenario.progress and
 * scenario.completed) for the live channel, and `ScenariosService`.
 */
@Module({
  imports: [ExposureModule, LedgerModule],
  controllers: [ScenariosController, AnalysisController],
  providers: [
    ScenariosService,
    ScenarioQueries,
    AnalysisService,
    ScenarioTimelines,
    ScenarioProgress,
  ],
  exports: [ScenariosService, ScenarioProgress],
})
export class ScenariosModule {}
