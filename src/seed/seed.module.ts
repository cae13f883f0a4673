import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { SeedService } from './seed.service';

/**
 * Loads the AI build-out data set into an empty store on start (`TANGLE_SEED=ai-buildout`, the
 * default), and offers `SeedService.load()` to `tangle seed` / `npm run seed`.
 */
@Module({
  imports: [LedgerModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
