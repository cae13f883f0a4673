import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpAdapter } from '../../src/app.factory';
import type { Server } from 'node:http';
import {
  Controller,
  Get,
  Global,
  INestApplication,
  Module,
  Post,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  Actor,
  AuthModule,
  AuthService,
  Caller,
  RequireRole,
} from '../../src/auth';
import {
  APP_CONFIG,
  AppConfig,
  parseTokens,
} from '../../src/config/app-config';
import { HttpErrorFilter } from '../../src/common/http-exception.filter';
import { LedgerTestApp, startLedgerApp } from './ledger-test-app';

// The application starts per suite; on a loaded machine that takes longer than jest's default.
jest.setTimeout(30_000);

const TOKENS = parseTokens(
  'rita:reader:r-secret-1,anna:analyst:a-secret-2,wally:writer:w-secret-3,adam:admin:x-secret-4',
);

describe('auth with TANGLE_TOKENS', () => {
  let t: LedgerTestApp;
  beforeAll(async () => {
    t = await startLedgerApp({ tokens: TOKENS });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 without a token and with an unknown one, appending nothing', async () => {
    const before = await t.store.headPosition();
    const none = await t
      .http()
      .post('/companies')
      .send({ id: 'a', name: 'A' })
      .expect(401);
    expect(none.body).toMatchObject({
      statusCode: 401,
      message: expect.stringMatching(
        /^authorization: a bearer token is required/,
      ),
    });
    const unknown = await t
      .http()
      .post('/companies')
      .set('Authorization', 'Bearer nope')
      .send({ id: 'a', name: 'A' })
      .expect(401);
    expect(unknown.body.message).toBe('authorization: unknown token');
    expect(unknown.headers['www-authenticate']).toBe('Bearer');
    await t
      .http()
      .post('/companies')
      .set('Authorization', 'Basic abc')
      .send({ id: 'a', name: 'A' })
      .expect(401);
    expect(await t.store.headPosition()).toBe(before);
  });

  it('answers 403 to a role too low for a write, and never echoes the token', async () => {
    const res = await t
      .http()
      .post('/companies')
      .set('Authorization', 'Bearer r-secret-1')
      .send({ id: 'a', name: 'A' })
      .expect(403);
    expect(res.body.message).toBe(
      'authorization: rita has role reader; this needs writer',
    );
    expect(JSON.stringify(res.body)).not.toContain('r-secret-1');
    await t
      .http()
      .post('/companies')
      .set('Authorization', 'Bearer a-secret-2')
      .send({ id: 'a', name: 'A' })
      .expect(403);
  });

  it('serves writers and admins, recording the token name as the actor', async () => {
    await t
      .http()
      .post('/companies')
      .set('Authorization', 'Bearer w-secret-3')
      .send({ id: 'wco', name: 'W' })
      .expect(201);
    await t
      .http()
      .post('/companies')
      .set('Authorization', 'bearer x-secret-4')
      .send({ id: 'aco', name: 'A' })
      .expect(201);
    expect((await t.streamEvents('company-wco'))[0].metadata.actor).toBe(
      'wally',
    );
    expect((await t.streamEvents('company-aco'))[0].metadata.actor).toBe(
      'adam',
    );
    const imported = await t
      .http()
      .post('/import')
      .set('Authorization', 'Bearer w-secret-3')
      .send([{ command: 'register-company', id: 'ico', name: 'I' }])
      .expect(200);
    expect(imported.body.succeeded).toBe(1);
    expect((await t.streamEvents('company-ico'))[0].metadata.actor).toBe(
      'wally',
    );
    await t
      .http()
      .post('/import')
      .set('Authorization', 'Bearer r-secret-1')
      .send([])
      .expect(403);
  });

  it('lets anyone read /health and /docs', async () => {
    await t.http().get('/docs-json').expect(200);
    const health = await t.http().get('/health');
    expect([200, 503]).toContain(health.status);
  });
});

describe('auth without tokens', () => {
  it('serves a loopback caller as the local writer', async () => {
    const t = await startLedgerApp();
    try {
      await t
        .http()
        .post('/companies')
        .send({ id: 'loc', name: 'L' })
        .expect(201);
      expect((await t.streamEvents('company-loc'))[0].metadata.actor).toBe(
        'local',
      );
    } finally {
      await t.close();
    }
  });

  it('refuses any other caller (403), and reads nothing from a token', () => {
    const noTokens = new AuthService({ tokens: [] } as unknown as AppConfig);
    expect(() => noTokens.authenticate(undefined, '10.1.2.3')).toThrow(
      /^authorization: no tokens are configured/,
    );
    expect(() =>
      noTokens.authenticate('Bearer anything', '192.168.0.9'),
    ).toThrow(expect.objectContaining({ code: 'forbidden' }) as Error);
    expect(noTokens.authenticate(undefined, '::ffff:127.0.0.1')).toEqual({
      name: 'local',
      role: 'writer',
    });
    expect(noTokens.authenticate(undefined, '::1')).toEqual({
      name: 'local',
      role: 'writer',
    });
  });
});

@Controller('probe')
class ProbeController {
  @Get()
  read(@Actor() caller: Caller): Caller {
    return caller;
  }

  @Get('analysis')
  @RequireRole('analyst')
  analysis(@Actor() caller: Caller): Caller {
    return caller;
  }

  @Post('admin')
  @RequireRole('admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}

/** APP_CONFIG from a global module, as AppModule provides it. */
@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useValue: { tokens: TOKENS } }],
  exports: [APP_CONFIG],
})
class ConfigModule {}

describe('@RequireRole and the default requirement', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const ref = await Test.createTestingModule({
      imports: [ConfigModule, AuthModule],
      controllers: [ProbeController],
    }).compile();
    const fastify = ref.createNestApplication<NestFastifyApplication>(
      httpAdapter(),
      { logger: false },
    );
    app = fastify;
    app.useGlobalFilters(new HttpErrorFilter());
    await app.init();
    await fastify.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('GET needs a reader; the caller is on the request', async () => {
    const res = await request(app.getHttpServer() as Server)
      .get('/probe')
      .set(as('r-secret-1'))
      .expect(200);
    expect(res.body).toEqual({ name: 'rita', role: 'reader' });
  });

  it('an analyst route refuses a reader (403) and serves an analyst and above', async () => {
    await request(app.getHttpServer() as Server)
      .get('/probe/analysis')
      .set(as('r-secret-1'))
      .expect(403);
    await request(app.getHttpServer() as Server)
      .get('/probe/analysis')
      .set(as('a-secret-2'))
      .expect(200);
    await request(app.getHttpServer() as Server)
      .get('/probe/analysis')
      .set(as('x-secret-4'))
      .expect(200);
  });

  it('an admin route refuses a writer', async () => {
    const res = await request(app.getHttpServer() as Server)
      .post('/probe/admin')
      .set(as('w-secret-3'))
      .expect(403);
    expect(res.body.message).toBe(
      'authorization: wally has role writer; this needs admin',
    );
    await request(app.getHttpServer() as Server)
      .post('/probe/admin')
      .set(as('x-secret-4'))
      .expect(201);
  });
});
