import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BODY_LIMITS } from './validation';

/**
 * OpenAPI at /docs (JSON at /docs-json), generated from the controllers and the very DTOs that
 * validate. Served outside the router, so no token is needed to read it.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
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
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A TANGLE_TOKENS token; its name is recorded as the actor',
    })
    .build();
  const document = withBodyLimits(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
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
