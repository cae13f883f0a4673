import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

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
        'Writes answer `{ id, revision, position }`; pass `position` as `?minPosition=` to read your write.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A TANGLE_TOKENS token; its name is recorded as the actor',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
