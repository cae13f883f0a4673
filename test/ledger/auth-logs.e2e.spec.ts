import { Logger, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { parseTokens } from '../../src/config/app-config';

jest.setTimeout(30_000);

/** Everything the application logs while tokens are used, right and wrong: no token ever appears. */
describe('tokens never appear in logs', () => {
  it('logs the actor’s name, never a token', async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) =>
      lines.push(
        args
          .map((a) =>
            a instanceof Error ? `${a.message} ${a.stack}` : String(a),
          )
          .join(' '),
      );
    const logger: LoggerService = {
      log: capture,
      error: capture,
      warn: capture,
      debug: capture,
      verbose: capture,
      fatal: capture,
    };
    Logger.overrideLogger(logger);
    const tokens = parseTokens(
      'wally:writer:tok-WRITER-s3cret,rita:reader:tok-READER-s3cret',
    );
    const app = await createApp({
      config: {
        port: 0,
        host: '127.0.0.1',
        eventStoreUrl: 'sqlite::memory:',
        seed: 'none',
        tokens,
        projectionsPath: ':memory:',
      },
    });
    app.useLogger(logger);
    await app.init();
    try {
      const http = () => request(app.getHttpServer() as Server);
      await http()
        .post('/companies')
        .set('Authorization', 'Bearer tok-READER-s3cret')
        .send({ id: 'a', name: 'A' })
        .expect(403);
      await http()
        .post('/companies')
        .set('Authorization', 'Bearer tok-WRONG-s3cret')
        .send({ id: 'a', name: 'A' })
        .expect(401);
      await http()
        .post('/import')
        .set('Authorization', 'Bearer tok-WRITER-s3cret')
        .send([{ command: 'register-company', id: 'a', name: 'A' }])
        .expect(200);
    } finally {
      await app.close();
      Logger.overrideLogger(false);
    }
    // The capture works (the import reports its actor), and holds no token.
    expect(lines.join('\n')).toMatch(/imported 1 of 1 lines as wally/);
    expect(lines.join('\n')).not.toMatch(/s3cret/);
  });
});
