import { Module } from '@nestjs/common';
import { ExposureModule } from '../exposure/exposure.module';
import { ScenarioProgress } from './scenario-progress';
import {
  AnalysisController,
  ScenariosController,
} from './scenarios.controller';
import { ScenariosService } from './scenarios.service';

/**
 * Scenarios and systemic analysis. Exports `ScenarioProgress` (`messages$`: scenario.progress and
 * scenario.completed) for the live channel, and `ScenariosService`.
 */
@Module({
  imports: [ExposureModule],
  controllers: [ScenariosController, AnalysisController],
  providers: [ScenariosService, ScenarioProgress],
  exports: [ScenariosService, ScenarioProgress],
})
export class ScenariosModule {}
