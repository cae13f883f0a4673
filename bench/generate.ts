/**
 * `npm run bench:generate [-- --companies N --deals N --out path]`: a synthetic ledger history
 * written straight through the EventStore port into a store file under data/bench/
 * (default: 10,000 companies, 200,000 deals over ten years ≈ 1,000,000 events: amendments with
 * 10 % backdated, payments, write-downs, terminations, retractions, defaults and cures).
 * Recorded time follows the simulated calendar (the store's clock is driven by the generator).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Bar, Presets } from 'cli-progress';
import { openEventStore } from '../src/event-store/open-event-store';
import type { EventStore, NewEvent } from '../src/event-store/event-store.port';
import {
  DealKind,
  LedgerEvent,
  SCHEMA_VERSION,
} from '../src/ledger/domain/ledger.events';
import { streams } from '../src/shared/ids';
import { Clock } from '../src/shared/time';

export interface GenerateOptions {
  companies: number;
  deals: number;
  seed?: number;
  /** First recorded day (ISO date); the history spans `years` from it. */
  start?: string;
  years?: number;
}

export interface GeneratedEvent {
  readonly recordedAtMs: number;
  readonly effectiveAtMs: number;
  readonly stream: string;
  readonly event: LedgerEvent;
}

const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const day = (ms: number): number => Math.floor(ms / DAY) * DAY;

/** The whole history, sorted by recorded time (deterministic for a seed). */
export function generateHistory(options: GenerateOptions): GeneratedEvent[] {
  const rnd = prng(options.seed ?? 42);
  const t0 = Date.parse(options.start ?? '2016-01-01');
  const span = (options.years ?? 10) * 365 * DAY;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: GeneratedEvent[] = [];
  const companyIds: string[] = [];
  // a few large hubs attract most deals (as in the real market)
  for (let i = 0; i < options.companies; i++) {
    const id = `c${i}`;
    companyIds.push(id);
    const recorded = t0 + Math.floor(rnd() * 30) * DAY;
    out.push({
      recordedAtMs: recorded,
      effectiveAtMs: recorded - Math.floor(rnd() * 3650) * DAY,
      stream: streams.company(id),
      event: {
        type: 'CompanyRegistered',
        data: {
          companyId: id,
          name: `Company ${i}`,
          sector: pick([
            'chips',
            'cloud',
            'models',
            'energy',
            'data-centres',
            'finance',
          ]),
          equityUsd: Math.round(1e8 + rnd() * 1e11),
          externalAssetsUsd: Math.round(1e8 + rnd() * 2e11),
          externalLiabilitiesUsd: Math.round(rnd() * 1e11),
        },
      },
    });
  }
  const party = (): string =>
    companyIds[Math.floor(Math.pow(rnd(), 2) * companyIds.length)];
  for (let i = 0; i < options.deals; i++) {
    const dealId = `d${i}`;
    const stream = streams.deal(dealId);
    const kind: DealKind = pick(['supply', 'supply', 'investment', 'loan']);
    let a = party();
    let b = party();
    while (b === a) b = companyIds[Math.floor(rnd() * companyIds.length)];
    const recorded = t0 + 30 * DAY + Math.floor(rnd() * (span - 60 * DAY));
    const signed = day(recorded - Math.floor(rnd() * 20) * DAY);
    const amount = Math.round(1e6 + rnd() * 5e9);
    const months = 6 + Math.floor(rnd() * 60);
    const endMs = signed + months * 30 * DAY;
    const priced = rnd() > 0.03;
    const roles =
      kind === 'supply'
        ? { kind, buyer: a, seller: b }
        : kind === 'investment'
          ? { kind, investor: a, investee: b }
          : { kind, lender: a, borrower: b };
    const tranches =
      kind === 'investment' && rnd() < 0.3
        ? [
            { date: iso(signed), amountUsd: Math.round(amount / 2) },
            {
              date: iso(signed + 365 * DAY),
              amountUsd: amount - Math.round(amount / 2),
            },
          ]
        : null;
    out.push({
      recordedAtMs: recorded,
      effectiveAtMs: signed,
      stream,
      event: {
        type: 'DealRecorded',
        data: {
          dealId,
          ...roles,
          amountUsd: priced ? amount : null,
          startDate: iso(signed),
          endDate: kind === 'investment' ? null : iso(endMs),
          schedule: tranches,
          category:
            kind === 'supply'
              ? pick(['compute', 'cloud', 'chips'])
              : kind === 'investment'
                ? 'equity'
                : null,
          vendorFinancing: kind === 'loan' && rnd() < 0.1,
          source: null,
          notes: null,
        },
      },
    });
    [a, b] = [b, a];
    // payments: supply and loans, a few installments recorded as they fall due
    if (kind !== 'investment') {
      const payments = Math.floor(rnd() * 10);
      for (let k = 1; k <= payments; k++) {
        const eff = signed + k * 30 * DAY;
        out.push({
          recordedAtMs: eff + Math.floor(rnd() * 5) * DAY,
          effectiveAtMs: eff,
          stream,
          event: {
            type: 'DealPaymentRecorded',
            data: {
              dealId,
              amountUsd: Math.round((amount / months) * (0.8 + rnd() * 0.2)),
            },
          },
        });
      }
    }
    // amendments: a tenth of them backdated (effective months before they are recorded)
    const amendments = rnd() < 0.4 ? 1 + Math.floor(rnd() * 2) : 0;
    for (let k = 0; k < amendments; k++) {
      const rec = recorded + Math.floor(rnd() * 700) * DAY;
      const backdated = rnd() < 0.1;
      const eff = backdated
        ? Math.max(signed, rec - Math.floor(30 + rnd() * 300) * DAY)
        : rec;
      out.push({
        recordedAtMs: rec,
        effectiveAtMs: eff,
        stream,
        event: {
          type: 'DealAmended',
          data: {
            dealId,
            changes: { amountUsd: Math.round(amount * (0.5 + rnd())) },
          },
        },
      });
    }
    if (kind === 'investment' && rnd() < 0.15) {
      const eff = signed + Math.floor(rnd() * 900) * DAY;
      out.push({
        recordedAtMs: eff + DAY,
        effectiveAtMs: eff,
        stream,
        event: {
          type: 'DealWrittenDown',
          data: { dealId, amountUsd: Math.round(amount * rnd() * 0.5) },
        },
      });
    }
    const fate = rnd();
    if (fate < 0.05) {
      const eff = signed + Math.floor(rnd() * months * 30) * DAY;
      out.push({
        recordedAtMs: eff + Math.floor(rnd() * 10) * DAY,
        effectiveAtMs: eff,
        stream,
        event: { type: 'DealTerminated', data: { dealId } },
      });
    } else if (fate < 0.06) {
      const rec = recorded + Math.floor(1 + rnd() * 60) * DAY;
      out.push({
        recordedAtMs: rec,
        effectiveAtMs: rec,
        stream,
        event: { type: 'DealRetracted', data: { dealId } },
      });
    }
  }
  for (const id of companyIds) {
    if (rnd() >= 0.01) continue;
    const eff = t0 + 365 * DAY + Math.floor(rnd() * (span - 400 * DAY));
    out.push({
      recordedAtMs: eff + DAY,
      effectiveAtMs: eff,
      stream: streams.company(id),
      event: {
        type: 'CompanyDefaulted',
        data: { companyId: id, recoveryRate: Math.round(rnd() * 60) / 100 },
      },
    });
    if (rnd() < 0.3) {
      const cure = eff + Math.floor(30 + rnd() * 300) * DAY;
      out.push({
        recordedAtMs: cure,
        effectiveAtMs: cure,
        stream: streams.company(id),
        event: { type: 'CompanyDefaultCured', data: { companyId: id } },
      });
    }
  }
  // a company's events after its registration, a deal's after its recording: keep recorded order per stream
  out.sort(
    (x, y) =>
      x.recordedAtMs - y.recordedAtMs ||
      (x.event.type === 'CompanyRegistered' ? -1 : 0) -
        (y.event.type === 'CompanyRegistered' ? -1 : 0),
  );
  return fixStreamOrder(out);
}

/** Within a stream, the first event (DealRecorded / CompanyRegistered) must come first. */
function fixStreamOrder(events: GeneratedEvent[]): GeneratedEvent[] {
  const firstAt = new Map<string, number>();
  for (const e of events) {
    if (e.event.type === 'DealRecorded' || e.event.type === 'CompanyRegistered')
      firstAt.set(e.stream, e.recordedAtMs);
  }
  return events
    .map((e) => {
      const first = firstAt.get(e.stream) ?? e.recordedAtMs;
      return e.recordedAtMs < first ? { ...e, recordedAtMs: first + 1 } : e;
    })
    .sort((x, y) => x.recordedAtMs - y.recordedAtMs || rank(x) - rank(y));
}

function rank(e: GeneratedEvent): number {
  return e.event.type === 'CompanyRegistered'
    ? 0
    : e.event.type === 'DealRecorded'
      ? 1
      : 2;
}

/** A clock the generator drives: the store stamps each append with the simulated recorded time. */
class SimulatedClock implements Clock {
  ms = 0;
  now(): Date {
    return new Date(this.ms);
  }
}

/** Writes the history into a new store file through the port; consecutive events of a stream go in one append. */
export async function writeHistory(
  url: string,
  events: readonly GeneratedEvent[],
  onProgress?: (written: number) => void,
): Promise<number> {
  const clock = new SimulatedClock();
  const store: EventStore = await openEventStore(url, { clock });
  try {
    let i = 0;
    while (i < events.length) {
      const stream = events[i].stream;
      const batch: NewEvent[] = [];
      clock.ms = events[i].recordedAtMs;
      while (
        i < events.length &&
        events[i].stream === stream &&
        events[i].recordedAtMs === clock.ms &&
        batch.length < 500
      ) {
        const e = events[i++];
        batch.push({
          id: randomUUID(),
          type: e.event.type,
          data: e.event.data as unknown as NewEvent['data'],
          metadata: {
            effectiveAt: iso(e.effectiveAtMs),
            actor: 'bench',
            reason: null,
            correlationId: randomUUID(),
            causationId: null,
            schemaVersion: SCHEMA_VERSION[e.event.type],
          },
        });
      }
      await store.append(stream, batch, 'any');
      if (onProgress && (i & 0x3fff) < batch.length) onProgress(i);
    }
    onProgress?.(events.length);
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

export const DEFAULT_BENCH_STORE = resolve('data/bench/exposure-history.db');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const companies = Number(argValue('companies') ?? 10_000);
  const deals = Number(argValue('deals') ?? 200_000);
  const out = resolve(argValue('out') ?? DEFAULT_BENCH_STORE);
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(out + suffix)) rmSync(out + suffix);
  const started = Date.now();
  const events = generateHistory({ companies, deals });
  process.stdout.write(
    `generated ${events.length.toLocaleString('en-US')} events for ${companies} companies and ${deals} deals in ${Date.now() - started} ms\n`,
  );
  const bar = new Bar(
    {
      format:
        'writing {bar} {percentage}% | {value}/{total} events | {eta_formatted} left',
    },
    Presets.shades_classic,
  );
  bar.start(events.length, 0);
  const head = await writeHistory(`sqlite:${out}`, events, (n) =>
    bar.update(n),
  );
  bar.stop();
  process.stdout.write(
    `wrote ${head.toLocaleString('en-US')} events to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
