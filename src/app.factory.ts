import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule, AppModuleOptions } from './app.module';
import { HttpErrorFilter, toHttp } from './common/http-exception.filter';
import {
  BODY_LIMIT_BYTES,
  parseJsonBody,
  requestPath,
  TEXT_BODY_TYPES,
} from './common/http-platform';
import { setupOpenApi } from './common/openapi';
import { API_PREFIXES } from './dashboard/dashboard.paths';
import { ValidationError } from './shared/errors';

export { BODY_LIMIT_BYTES } from './common/http-platform';

/**
 * The HTTP platform every application of ours runs on (Fastify): the body limit, the parsers of
 * {@link useBodyParsers}, and undecodable addresses answered in our error shape.
 */
export function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Ids are at most 63 characters; a longer path segment reaches the handler, which names the
    // field, instead of the router's 414. Paths match as they did on Express: `/deals/` as
    // `/deals`, `/Deals` as `/deals` (path parameters keep their case).
    routerOptions: {
      maxParamLength: 2_000,
      ignoreTrailingSlash: true,
      caseSensitive: false,
    },
    // Clients are never trusted about where they are (X-Forwarded-For is not read: auth.service).
    trustProxy: false,
    frameworkErrors: (
      error: FastifyError,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => answerFrameworkError(error, request, reply),
  });
}

/**
 * A path the router cannot percent-decode (`/deals/%FF`): a 400 naming the path parameter (every
 * route's is `id`) or, outside the API, the path.
 */
function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const path = requestPath(request);
  const segments = path.split('/').filter((s) => s !== '');
  const bad =
    segments.find((s) => {
      try {
        decodeURIComponent(s);
        return false;
      } catch {
        return true;
      }
    }) ?? path;
  const field = API_PREFIXES.has(segments[0] ?? '') ? 'id' : 'path';
  const { status, body } = toHttp(
    error.code === 'FST_ERR_BAD_URL'
      ? new ValidationError(
          field,
          `"${bad}" is not valid percent-encoded UTF-8`,
        )
      : error,
  );
  void reply.code(status).send(body);
}

/**
 * JSON (empty is `{}`, malformed a 400 naming `body`), NDJSON as text for POST /import, and any
 * other type read and dropped so the route's validation says what it needed, all within
 * {@link BODY_LIMIT_BYTES} (beyond it: a 400 naming `body`).
 */
export function useBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_req, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  fastify.addContentTypeParser(
    TEXT_BODY_TYPES,
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (_req, _body, done) => done(null, undefined),
  );
}

/**
 * Builds the whole application as `main.ts` serves it; e2e tests call this with a temporary store.
 * Owners of a concern add their wiring here (OpenAPI, WebSocket adapter, static dashboard).
 */
export async function createApp(
  options: AppModuleOptions & { logger?: false | undefined },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    httpAdapter(),
    {
      bodyParser: false,
      logger: options.logger === false ? false : undefined,
      // A provider that fails at start (a locked store, an unreadable projections file) rejects
      // here, for the caller to say why in one line, instead of Nest exiting the process silently.
      abortOnError: false,
    },
  );
  useBodyParsers(app);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useWebSocketAdapter(new WsAdapter(app));
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

export const bootstrapLogger = new Logger('Tangle');
