import {
  EventStore,
  EVENT_STORE,
} from '../../src/event-store/event-store.port';
import { LedgerCommands } from '../../src/ledger/application/ledger-commands.service';
import { LedgerWriter } from '../../src/ledger/application/ledger-writer';
import { StreamRepository } from '../../src/ledger/application/stream-repository';
import {
  DealState,
  evolveDeal,
  initialDealState,
} from '../../src/ledger/domain/deal.decider';
import { DealFact } from '../../src/ledger/domain/ledger.fact';
import { config, fmt, ledgerContext, seconds } from './wiring';

const COMPANIES = 1_000;
const DEALS = Number(process.env.BENCH_DEALS ?? 10_000);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 20_000);
const LONG_STREAM = Number(process.env.BENCH_LONG_STREAM ?? 2_000);

async function timed(
  label: string,
  count: number,
  run: (i: number) => Promise<unknown>,
): Promise<number> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) await run(i);
  const rate = count / seconds(start);
  const used = process.cpuUsage(cpu);
  const cpuPerCommand = (used.user + used.system) / count;
  process.stdout.write(
    `  ${label.padEnd(58)} ${fmt(count).padStart(7)} commands  ${fmt(rate).padStart(7)} /s   ` +
      `CPU ${cpuPerCommand.toFixed(0).padStart(4)} µs/command, ${((used.system / (used.user + used.system)) * 100).toFixed(0)} % kernel (≈ ${fmt(1e6 / cpuPerCommand)}/s on a free core)\n`,
  );
  return rate;
}

export async function inProcess(dir: string): Promise<void> {
  process.stdout.write(
    `\nin process (bus → decide → append, one command at a time):\n`,
  );
  const ctx = await ledgerContext(config(dir, 'in-process'));
  const ledger = ctx.get(LedgerCommands);
  const actor = { actor: 'bench' };
  try {
    await timed('register-company', COMPANIES, (i) =>
      ledger.execute(
        {
          command: 'register-company',
          id: `c${i}`,
          name: `C${i}`,
          effectiveAt: '2020-01-01',
        },
        actor,
      ),
    );
    const recordRate = await timed(
      'record-deal (parties looked up, new stream each)',
      DEALS,
      (i) =>
        ledger.execute(
          {
            command: 'record-deal',
            id: `d${i}`,
            kind: 'supply',
            buyer: `c${i % COMPANIES}`,
            seller: `c${(i + 1) % COMPANIES}`,
            amountUsd: 1e12,
            effectiveAt: '2025-01-01',
            endDate: '2030-01-01',
          },
          actor,
        ),
    );
    const payRate = await timed(
      `record-payment (over ${fmt(DEALS)} deals)`,
      PAYMENTS,
      (i) =>
        ledger.execute(
          {
            command: 'record-payment',
            id: `d${i % DEALS}`,
            amountUsd: 1e6,
            effectiveAt: '2025-06-01',
          },
          actor,
        ),
    );
    const keyedRate = await timed(
      'record-payment with Idempotency-Key',
      PAYMENTS / 2,
      (i) =>
        ledger.execute(
          {
            command: 'record-payment',
            id: `d${i % DEALS}`,
            amountUsd: 1e6,
            effectiveAt: '2025-06-01',
          },
          { actor: 'bench', idempotencyKey: `k${i}` },
        ),
    );
    const cachedLong = await timed(
      `one deal, stream growing to ${fmt(LONG_STREAM)} (state cached)`,
      LONG_STREAM,
      () =>
        ledger.execute(
          {
            command: 'record-payment',
            id: 'd0',
            amountUsd: 1,
            effectiveAt: '2025-06-01',
          },
          actor,
        ),
    );
    // Baseline: the same on another long stream with the cache off (every command re-reads the stream).
    const writer = ctx.get<LedgerWriter>(LedgerWriter) as unknown as {
      deals: StreamRepository<DealState, DealFact>;
    };
    const cached = writer.deals;
    writer.deals = new StreamRepository(
      ctx.get<EventStore>(EVENT_STORE),
      evolveDeal,
      initialDealState,
      0,
    );
    const uncachedLong = await timed(
      `baseline: the same, stream re-read every command`,
      LONG_STREAM,
      () =>
        ledger.execute(
          {
            command: 'record-payment',
            id: 'd1',
            amountUsd: 1,
            effectiveAt: '2025-06-01',
          },
          actor,
        ),
    );
    writer.deals = cached;
    process.stdout.write(
      `  → record-deal ${fmt(recordRate)}/s, payments ${fmt(payRate)}/s (keyed ${fmt(keyedRate)}/s): target ≥ 10,000/s ${Math.min(recordRate, payRate) >= 10_000 ? 'met' : 'NOT met'}; ` +
        `long stream: cache ×${(cachedLong / uncachedLong).toFixed(1)} over re-reading\n`,
    );
  } finally {
    await ctx.close();
  }
}
