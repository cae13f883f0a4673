import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { AppModule, AppModuleOptions } from './app.module';
import { HttpErrorFilter } from './common/http-exception.filter';
import { setupOpenApi } from './common/openapi';

/** Largest JSON body accepted (import files go through POST /import in chunks of this). */
export const BODY_LIMIT = '2mb';

/**
 * Builds the whole application as `main.ts` serves it; e2e tests call this with a temporary store.
 * Owners of a concern add their wiring here (OpenAPI, WebSocket adapter, static dashboard).
 */
export async function createApp(
  options: AppModuleOptions & { logger?: false | undefined },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(options),
    {
      bodyParser: false,
      logger: options.logger === false ? false : undefined,
      // A provider that fails at start (a locked store, an unreadable projections file) rejects
      // here, for the caller to say why in one line, instead of Nest exiting the process silently.
      abortOnError: false,
    },
  );
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('text', {
    type: ['application/x-ndjson', 'application/jsonl'],
    limit: BODY_LIMIT,
  });
  app.useGlobalFilters(new HttpErrorFilter());
  app.useWebSocketAdapter(new WsAdapter(app));
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

export const bootstrapLogger = new Logger('Tangle');
