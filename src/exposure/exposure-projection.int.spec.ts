import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { firstValueFrom, filter } from 'rxjs';
import { createInMemoryEventStore } from '../event-store/open-event-store';
import { EventStore } from '../event-store/event-store.port';
import { ExposureProjection } from './exposure.projection';
import { ExposureQueries } from './exposure.query-service';
import { HealthRegistry } from '../health/health.registry';
import { ProjectionTimeoutError } from '../projections/projection-runner';
import { toDatedEvent } from './domain/dated-event';
import { ExposureUpdate, updatesAt } from './domain/exposure.updates';
import { companyExposureAt, networkAt } from './domain/exposure.queries';
import { buildTemporalIndex } from './domain/temporal-index';
import {
  History,
  investment,
  loan,
  supply,
} from '../../test/kits/history.fixture';
import {
  appendHistory,
  ExposureHarnessModule,
  ManualClock,
} from '../../test/kits/projection.harness';

function market(): History {
  return new History('2025-01-01T00:00:00Z')
    .company('nvidia', '2000-01-01', { equityUsd: 1000 })
    .company('openai', '2015-12-11', { equityUsd: 50 })
    .company('oracle', '2000-01-01', { equityUsd: 300 })
    .deal(
      'nv-oai',
      investment('nvidia', 'openai'),
      {
        amountUsd: 100,
        schedule: [
          { date: '2025-06-01', amountUsd: 10 },
          { date: '2026-06-01', amountUsd: 90 },
        ],
      },
      '2025-06-01',
    )
    .deal(
      'oai-orcl',
      supply('openai', 'oracle'),
      { amountUsd: 300, startDate: '2025-09-10', endDate: '2030-09-10' },
      '2025-09-10',
    )
    .deal(
      'orcl-nv',
      supply('oracle', 'nvidia'),
      { amountUsd: 40 },
      '2025-07-01',
    )
    .deal(
      'nv-orcl-loan',
      loan('nvidia', 'oracle'),
      { amountUsd: 20, endDate: '2027-01-01', vendorFinancing: true },
      '2025-07-01',
    );
}

describe('exposure projection (module + embedded store)', () => {
  let store: EventStore;
  let app: INestApplicationContext;
  let clock: ManualClock;

  async function start(): Promise<void> {
    app = await NestFactory.createApplicationContext(
      ExposureHarnessModule.with({ store, projectionsPath: ':memory:', clock }),
      { logger: false },
    );
    await app.init();
  }

  beforeEach(() => {
    clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
    store = createInMemoryEventStore({ clock });
  });

  afterEach(async () => {
    await app?.close();
    await store.close();
  });

  it('projects committed events and answers as the pure engine does', async () => {
    const h = market();
    const head = await appendHistory(store, h.envelopes, clock);
    await start();
    const projection = app.get(ExposureProjection);
    await projection.waitFor(head, 5000);
    const queries = app.get(ExposureQueries);
    const answer = await queries.network({
      at: '2025-10-01',
      knownAt: '2026-01-01',
    });
    const reference = buildTemporalIndex(h.envelopes);
    const expected = networkAt(reference, {
      atMs: Date.parse('2025-10-01'),
      knownPosition: reference.knownPosition(Date.parse('2026-01-01')),
    });
    expect(answer.edges).toEqual(expected.edges);
    expect(answer.companies).toEqual(expected.companies);
    expect(
      answer.edges.find(
        (e) => e.holder === 'oracle' && e.counterparty === 'openai',
      ),
    ).toMatchObject({ kind: 'supply', amountUsd: 300 });
    const health = await app.get(HealthRegistry).collect();
    expect(health['projections.exposure']).toMatchObject({
      status: 'up',
      position: head,
    });
  });

  it('follows live appends; ?minPosition= waits for them (read-your-writes)', async () => {
    await start();
    const h = market();
    const head = await appendHistory(store, h.envelopes, clock);
    const queries = app.get(ExposureQueries);
    const company = await queries.companyExposure('nvidia', {
      at: '2025-07-01',
      minPosition: String(head),
    });
    // the funded tranche, the loan, and what oracle has yet to pay nvidia for supplies
    expect(company.exposureOutUsd).toBe(10 + 20 + 40);
    expect(company.byKind.investment.outUsd).toBe(10);
    expect(company.position).toBe(head);
  });

  it('answers 504-style timeouts naming minPosition when the position is not reached', async () => {
    await start();
    await expect(app.get(ExposureProjection).waitFor(99, 50)).rejects.toThrow(
      ProjectionTimeoutError,
    );
    await expect(app.get(ExposureProjection).waitFor(99, 50)).rejects.toThrow(
      /minPosition/,
    );
  });

  it('feeds a backdated amendment with its index, which tells its deal, exposure and restatement updates', async () => {
    const h = market();
    const head = await appendHistory(store, h.envelopes, clock);
    await start();
    await app.get(ExposureProjection).waitFor(head, 5000);
    const received = firstValueFrom(
      app
        .get(ExposureProjection)
        .feed$.pipe(
          filter(
            (step) =>
              step.kind === 'events' &&
              step.events.some((e) => e.position === head + 1),
          ),
        ),
    );
    // recorded 2026-01-01, effective 2025-10-01: the supply deal was 250, not 300
    const amend = new History().amend(
      'oai-orcl',
      { amountUsd: 250 },
      '2025-10-01',
      '2026-01-01T00:00:00Z',
    );
    await appendHistory(store, amend.envelopes, clock); // stored at head + 1
    const step = await received;
    if (step.kind !== 'events') throw new Error('expected committed events');
    const amended = step.events.find((e) => e.position === head + 1)!;
    expect(step.after).toBe(head);
    const got: ExposureUpdate[] = updatesAt(step.index, toDatedEvent(amended)!);
    expect(got.map((u) => u.type)).toEqual([
      'deal.amended',
      'exposure.changed',
      'exposure.restated',
    ]);
    expect(got[2]).toMatchObject({
      holder: 'oracle',
      counterparty: 'openai',
      kind: 'supply',
      period: {
        from: '2025-10-01T00:00:00.000Z',
        to: '2026-01-01T00:00:00.000Z',
      },
      beforeUsd: 300,
      afterUsd: 250,
      dealIds: ['oai-orcl'],
    });
    // the view known before the amendment is unchanged; the one known after shows it
    const queries = app.get(ExposureQueries);
    const before = await queries.deal('oai-orcl', {
      at: '2025-10-02',
      knownAt: '2025-12-31',
    });
    const after = await queries.deal('oai-orcl', {
      at: '2025-10-02',
      knownAt: '2026-01-01',
    });
    expect([before.outstandingUsd, after.outstandingUsd]).toEqual([300, 250]);
  });

  it('a handler error stops the projection, reports it in /health with its position, and never vanishes', async () => {
    const h = market();
    const head = await appendHistory(store, h.envelopes, clock);
    // a stored event of a schema version this build cannot read
    const bad = await store.append(
      'deal-broken',
      [
        {
          id: 'b0000000-0000-4000-8000-000000000001',
          type: 'DealAmended',
          data: { dealId: 'broken', changes: {} },
          metadata: {
            effectiveAt: '2025-01-01T00:00:00.000Z',
            schemaVersion: 99,
          },
        },
      ],
      'any',
    );
    await appendHistory(store, new History().company('later').envelopes, clock);
    await start();
    const projection = app.get(ExposureProjection);
    await expect(projection.waitFor(bad.position + 1, 5000)).rejects.toThrow(
      /stopped at|failed at position/,
    );
    const health = await app.get(HealthRegistry).collect();
    expect(health['projections.exposure']).toMatchObject({
      status: 'down',
      position: head,
      error: { position: bad.position },
    });
    await expect(app.get(ExposureQueries).network({})).rejects.toThrow(
      /stopped/,
    );
  });

  it('the read model holds each event’s data as its current schema serialises it: the stored text, or the upcast data when the stored shape was older', async () => {
    const head = await appendHistory(store, market().envelopes, clock);
    // a v1 filing: the upcaster drops the null field, so its row is not the stored text
    const old = await store.append(
      'company-oracle',
      [
        {
          id: 'b0000000-0000-4000-8000-000000000002',
          type: 'CompanyFinancialsReported',
          data: {
            companyId: 'oracle',
            equityUsd: 310,
            externalAssetsUsd: null,
          },
          metadata: {
            effectiveAt: '2025-03-01T00:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ],
      'any',
    );
    await start();
    const projection = app.get(ExposureProjection);
    await projection.waitFor(old.position, 5000);
    const expected: [number, string][] = [];
    for await (const recorded of store.readAll()) {
      const envelope = toDatedEvent(recorded);
      if (envelope)
        expected.push([envelope.position, JSON.stringify(envelope.event.data)]);
    }
    const rows = (
      JSON.parse(projection.dump()) as { events: unknown[][] }
    ).events.map(([position, , , , data]) => [position, data]);
    expect(rows).toEqual(expected);
    expect(rows[rows.length - 1]).toEqual([
      head + 1,
      '{"companyId":"oracle","equityUsd":310}',
    ]);
  });

  it('a rebuild into a new version equals the live one, byte for byte, and swaps when caught up', async () => {
    await start();
    const projection = app.get(ExposureProjection);
    const h = market()
      .pay('oai-orcl', 5, '2025-10-10')
      .writeDown('nv-oai', 3, '2025-12-01')
      .defaulted('openai', '2026-02-01', 0.2);
    const head = await appendHistory(store, h.envelopes, clock);
    await projection.waitFor(head, 5000);
    const live = projection.dump();
    const { version, done } = await projection.rebuild();
    expect(version).toBe(2);
    expect(await done).toBe(2);
    expect(projection.healthReport()).toMatchObject({
      version: 2,
      status: 'up',
    });
    expect(projection.dump()).toBe(live);
    // the rebuilt index keeps every deal event but a retraction as its stored text, recordings
    // included, until a query reads the events themselves
    const kept = h.envelopes.filter(
      (e) =>
        e.event.type.startsWith('Deal') && e.event.type !== 'DealRetracted',
    );
    expect(kept.some((e) => e.event.type === 'DealRecorded')).toBe(true);
    expect(projection.index().deferredSize).toBe(kept.length);
    const queries = app.get(ExposureQueries);
    const view = await queries.companyExposure('nvidia', { at: '2026-03-01' });
    const reference = buildTemporalIndex(h.envelopes);
    expect(view.exposureOutUsd).toBe(
      companyExposureAt(reference, 'nvidia', {
        atMs: Date.parse('2026-03-01'),
        knownPosition: head,
      })!.exposureOutUsd,
    );
  });
});
