import 'reflect-metadata';
import {
  Body,
  Controller,
  Global,
  HttpCode,
  INestApplicationContext,
  Module,
  Post,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'node:path';
import { AuthModule } from '../../src/auth/auth.module';
import { AppConfig, APP_CONFIG } from '../../src/config/app-config';
import { EventStoreModule } from '../../src/event-store/event-store.module';
import { HealthModule } from '../../src/health/health.module';
import { LedgerModule } from '../../src/ledger/ledger.module';
import { CLOCK, systemClock } from '../../src/shared/time';

/** The ledger benchmark's applications: the ledger alone, the hello-world baseline, and their config. */

export const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);

export const seconds = (from: bigint): number =>
  Number(process.hrtime.bigint() - from) / 1e9;
export const fmt = (n: number): string => Math.round(n).toLocaleString('en');

export function config(dir: string, name: string): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    eventStoreUrl: `sqlite:${join(dir, `${name}.db`)}`,
    seed: 'none',
    tokens: [],
    projectionsPath: join(dir, `${name}.projections.db`),
  };
}

export function ledgerOnlyModule(appConfig: AppConfig): Type<unknown> {
  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: appConfig },
      { provide: CLOCK, useValue: systemClock },
    ],
    exports: [APP_CONFIG, CLOCK],
  })
  class BenchConfigModule {}

  @Module({
    imports: [
      BenchConfigModule,
      CqrsModule.forRoot(),
      EventStoreModule,
      HealthModule,
      AuthModule,
      LedgerModule,
    ],
  })
  class BenchLedgerModule {}
  return BenchLedgerModule;
}

export async function ledgerContext(
  appConfig: AppConfig,
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(ledgerOnlyModule(appConfig), {
    logger: false,
  });
}

/**
 * The in-run baseline: a NestJS hello-world on the same platform (Fastify, its default JSON
 * parser), answering the same POST body with a small JSON object. What the framework alone
 * costs per request on this machine, in this run.
 */
@Controller('hello')
class HelloController {
  @Post()
  @HttpCode(201)
  hello(@Body() body: unknown): { ok: boolean } {
    return { ok: body !== undefined };
  }
}

@Module({ controllers: [HelloController] })
export class HelloModule {}
