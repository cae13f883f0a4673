import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ANSWER_SCHEMAS } from './openapi-answers';
import { BODY_LIMITS } from './validation';

/** The error answers the service gives (src/common/http-exception.filter.ts is where they are made). */
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 503;

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400:
    'Bad input or a broken rule; `message` names the field. Nothing is recorded. ' +
    'A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route.',
  401: 'No token, or an unknown one (when TANGLE_TOKENS is set)',
  403: 'The token’s role is too low, or a non-loopback caller without tokens configured',
  404: 'The company, deal or scenario does not exist (then)',
  409: 'The id exists, or If-Match names a revision that is no longer current (`currentRevision`)',
  422: 'The Idempotency-Key was already used for a different request',
  503: 'The event store does not answer; nothing is recorded',
};

/**
 * What the controllers do not say about a route, in one place so that the document is complete
 * without touching every controller: a summary (when the controller gave none), whether it is
 * served without a token, which errors it may answer besides those every route may give (400,
 * 401/403 when it needs a token, 503), and the schema of its answer (a name from
 * openapi-answers.ts) when the controller declares none.
 */
interface RouteDoc {
  readonly summary?: string;
  readonly public?: true;
  readonly errors: readonly ErrorStatus[];
  readonly answer?: keyof typeof ANSWER_SCHEMAS;
  /** The 503 answer when it is not an error body. */
  readonly unavailable?: keyof typeof ANSWER_SCHEMAS;
}

/** A recorded write: an unknown company or deal, a reused Idempotency-Key. */
const WRITE: readonly ErrorStatus[] = [404, 422];

export const ROUTES: Readonly<Record<string, RouteDoc>> = {
  'POST /companies': {
    summary: 'Register a company',
    errors: [...WRITE, 409],
  },
  'GET /companies': { errors: [] },
  'POST /companies/{id}/financials': {
    summary: 'Report a company’s financials for a period end',
    errors: WRITE,
  },
  'POST /companies/{id}/default': {
    summary: 'Record a company’s default',
    errors: WRITE,
  },
  'POST /companies/{id}/cure': {
    summary: 'Record that a company’s default was cured',
    errors: WRITE,
  },
  'GET /companies/{id}': { errors: [404] },
  'GET /companies/{id}/financials': { errors: [404], answer: 'Financials' },
  'GET /companies/{id}/exposure': {
    errors: [404],
    answer: 'CompanyExposure',
  },
  'GET /companies/{id}/exposure/timeline': { errors: [404] },
  'GET /companies/{id}/history': { errors: [404], answer: 'History' },
  'POST /deals': { summary: 'Record a deal', errors: [...WRITE, 409] },
  'PATCH /deals/{id}': {
    summary: 'Amend a deal (optionally checked with If-Match)',
    errors: [...WRITE, 409],
  },
  'GET /deals/{id}': { errors: [404], answer: 'Deal' },
  'POST /deals/{id}/terminate': {
    summary: 'Terminate a deal',
    errors: WRITE,
  },
  'POST /deals/{id}/payments': {
    summary: 'Record a payment on a deal',
    errors: WRITE,
  },
  'POST /deals/{id}/write-downs': {
    summary: 'Write a deal down',
    errors: WRITE,
  },
  'POST /deals/{id}/retract': {
    summary: 'Retract a deal recorded in error',
    errors: WRITE,
  },
  'GET /deals/{id}/history': { errors: [404], answer: 'History' },
  'POST /import': {
    summary: 'Apply an import file (NDJSON or a JSON array of commands)',
    errors: [422],
  },
  'GET /exposures': {
    summary: 'The whole exposure network as of (at, knownAt)',
    errors: [],
    answer: 'ExposureNetwork',
  },
  'GET /exposures/cycles': { errors: [], answer: 'Cycles' },
  'GET /exposures/dates': { errors: [] },
  'POST /admin/projections/exposure/rebuild': {
    summary: 'Rebuild the exposure projection while the current version serves',
    errors: [],
  },
  'GET /admin/projections/exposure': { errors: [] },
  'POST /scenarios': {
    summary: 'Run a what-if scenario and save it',
    errors: [404, 422],
    answer: 'ScenarioRun',
  },
  'GET /scenarios': { summary: 'Saved scenarios, newest first', errors: [] },
  'POST /scenarios/sweep': {
    summary: 'A Monte Carlo sweep of a scenario over random shocks',
    errors: [404],
  },
  'GET /scenarios/{id}': {
    summary: 'A saved scenario: its definition and result',
    errors: [404],
  },
  'POST /scenarios/{id}/rerun': {
    summary: 'Run a saved scenario again on the ledger as it is now',
    errors: [404],
  },
  'GET /scenarios/{id}/exposures': {
    summary: 'The exposure network with the scenario’s overlay applied',
    errors: [404],
    answer: 'ExposureNetwork',
  },
  'GET /scenarios/{id}/compare': {
    summary: 'The scenario’s network against the real one, edge by edge',
    errors: [404],
  },
  'GET /analysis/systemic': {
    summary: 'Each company fails alone in turn: ranked by the loss it spreads',
    errors: [],
    answer: 'Systemic',
  },
  'GET /live': { errors: [] },
  'GET /audit': { errors: [] },
  'GET /audit/verify': { errors: [], answer: 'ChainReport' },
  'GET /health': {
    summary: 'Liveness and readiness, with the event store’s state',
    public: true,
    errors: [],
    answer: 'Health',
    unavailable: 'Health',
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const TAGS: readonly (readonly [string, string])[] = [
  ['companies', 'Companies: registration, financials, defaults, reads'],
  ['deals', 'Deals: recording, amendments, payments, reads'],
  ['import', 'Bulk import of ledger commands'],
  ['exposures', 'Point-in-time exposures (bitemporal)'],
  ['scenarios', 'What-if contagion scenarios and systemic analysis'],
  ['live', 'Server-Sent Events of projection updates'],
  ['audit', 'Recorded changes and the hash chain check'],
  ['admin', 'Projection maintenance'],
  ['health', 'Liveness and readiness'],
];

/** Builds the OpenAPI document of an application (not listening: nothing is served). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const { host, port } = app.get<AppConfig>(APP_CONFIG);
  const builder = new DocumentBuilder()
    .setTitle('Tangle')
    .setDescription(
      'Event-sourced exposures, what-if contagion and audit for a tightly interlocked market. ' +
        'Errors are `{ statusCode, error, message }`, `message` naming the offending field. ' +
        'Writes answer `{ id, revision, position }`; pass `position` as `?minPosition=` to read your write. ' +
        `Every JSON body: nested at most ${BODY_LIMITS.depth} levels; every string at most ${BODY_LIMITS.stringLength} characters ` +
        `(less where a field says so); every array at most ${BODY_LIMITS.arrayItems} items; every money field (a name ending in \`Usd\`, ` +
        'and the figures inside one) at most 1e15 (USD 1,000 trillion) in size, so that no sum overflows; `__proto__`, ' +
        '`constructor`, `prototype`, `toString`, `hasOwnProperty` and the like are refused as unknown fields. ' +
        'Dates cover ISO 8601 years 0000-9999 as written.',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer(
      `http://${serverHost(host)}:${port}`,
      'This server, as configured by HOST and PORT',
    )
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A TANGLE_TOKENS token; its name is recorded as the actor',
    });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return withBodyLimits(
    completeDocument(SwaggerModule.createDocument(app, builder.build())),
  );
}

/** A wildcard listening address is not an address a client can call. */
function serverHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * What ROUTES and the application disagree on: routes the table does not describe (documented
 * with the defaults: a token needed, the errors every route may give) and entries naming no route.
 * Never fatal to the server (a route added on another branch must not stop it from starting);
 * `npm run openapi` and src/common/openapi.e2e.spec.ts refuse a document with any.
 */
export const OPENAPI_PROBLEMS = Symbol('openapi-problems');

export function openApiProblems(document: OpenAPIObject): readonly string[] {
  return (
    (document as OpenAPIObject & { [OPENAPI_PROBLEMS]?: string[] })[
      OPENAPI_PROBLEMS
    ] ?? []
  );
}

/** Applies ROUTES to the generated document, noting any disagreement (openApiProblems). */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = { ...schemas, ...ANSWER_SCHEMAS };
  fixErrorSchema(document.components.schemas.ErrorDto as SchemaObject);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path}`;
      seen.add(key);
      const route = ROUTES[key];
      if (!route)
        problems.push(
          `${key} is not described in ROUTES (src/common/openapi.ts)`,
        );
      completeOperation(operation, route ?? { errors: [] });
      if (!operation.summary) problems.push(`${key} has no summary`);
    }
  }
  for (const key of Object.keys(ROUTES))
    if (!seen.has(key)) problems.push(`ROUTES names ${key}, which is no route`);
  // A symbol: JSON.stringify (the served and committed document) leaves it out.
  Object.defineProperty(document, OPENAPI_PROBLEMS, { value: problems });
  return document;
}

function jsonOf(schema: string): ResponseObject['content'] {
  return {
    'application/json': { schema: { $ref: `#/components/schemas/${schema}` } },
  };
}

function completeOperation(operation: OperationObject, route: RouteDoc): void {
  operation.summary ??= route.summary;
  operation.tags = (operation.tags ?? []).map((t) => t.toLowerCase());
  operation.security = route.public ? [] : [{ bearer: [] }];
  // Every route may answer 400 (the body parser runs before any route) and 503 (the store).
  const errors = new Set<ErrorStatus>([
    400,
    ...route.errors,
    ...(route.public ? [] : ([401, 403] as const)),
    503,
  ]);
  for (const status of errors) {
    if (status === 503 && route.unavailable) continue;
    const existing = operation.responses[status] as ResponseObject | undefined;
    operation.responses[status] = {
      description: existing?.description || ERROR_TEXT[status],
      content: jsonOf('ErrorDto'),
    };
  }
  if (route.unavailable) {
    operation.responses[503] = {
      description: 'Not ready: the same body, saying which part is not',
      content: jsonOf(route.unavailable),
    };
  }
  if (route.answer) {
    const ok = Object.keys(operation.responses).find((s) => /^2/.test(s));
    if (!ok) throw new Error(`OpenAPI: ${operation.operationId} has no 2xx`);
    const response = operation.responses[ok] as ResponseObject;
    const answer: SchemaObject = ANSWER_SCHEMAS[route.answer];
    response.description ||= answer.description ?? '';
    response.content = jsonOf(route.answer);
  }
}

/** `currentRevision?: number | null` reflects as an object; say what it is. */
function fixErrorSchema(schema: SchemaObject | undefined): void {
  const revision = schema?.properties?.currentRevision as
    SchemaObject | undefined;
  if (revision) {
    revision.type = 'integer';
    revision.nullable = true;
  }
}

/**
 * OpenAPI at /docs (JSON at /docs-json), generated from the controllers and the very DTOs that
 * validate, completed by ROUTES. Served outside the router, so no token is needed to read it.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
}

type Schema = {
  type?: string;
  maximum?: number;
  minimum?: number;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
};

/**
 * States on every schema property the limits the validation pipe enforces on every body
 * ({@link BODY_LIMITS}), unless the DTO states a tighter one.
 */
export function withBodyLimits(document: OpenAPIObject): OpenAPIObject {
  const visit = (schema: Schema, usd: boolean): void => {
    // A money field declared without a type (`number | null`) is still a number when present.
    // (`number | null` reflects as an untyped or `object` schema with no properties).
    if (
      usd &&
      (schema.type === undefined || schema.type === 'object') &&
      !schema.properties
    )
      schema.type = 'number';
    const numeric = schema.type === 'number' || schema.type === 'integer';
    if (numeric) {
      if (usd) {
        schema.maximum = Math.min(
          schema.maximum ?? Infinity,
          BODY_LIMITS.maxUsd,
        );
        schema.minimum = Math.max(
          schema.minimum ?? -Infinity,
          -BODY_LIMITS.maxUsd,
        );
      }
    } else if (schema.type === 'string') {
      schema.maxLength = Math.min(
        schema.maxLength ?? Infinity,
        BODY_LIMITS.stringLength,
      );
    } else if (schema.type === 'array') {
      schema.maxItems = Math.min(
        schema.maxItems ?? Infinity,
        BODY_LIMITS.arrayItems,
      );
      if (schema.items) visit(schema.items, usd);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {}))
      visit(property, usd || name.endsWith('Usd'));
  };
  for (const schema of Object.values(document.components?.schemas ?? {}))
    visit(schema as Schema, false);
  return document;
}
