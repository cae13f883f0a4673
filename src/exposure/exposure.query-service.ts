import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '../shared/errors';
import { parseSlug } from '../shared/ids';
import { jsonPieces } from '../shared/json-pieces';
import { Clock, CLOCK, parseInstant } from '../shared/time';
import {
  Bitemporal,
  QueryOptions,
  companyExposureAt,
  companyTimeline,
  dealAt,
  findCycles,
  networkAt,
  networkPartsAt,
  parseStep,
  timelinePoints,
} from './domain/exposure.queries';
import { addMonthsMs } from '../shared/time';
import { TemporalIndex } from './domain/temporal-index';
import { companyFigures } from './domain/company.standing';
import { balanceSheetsAt } from './domain/balance-sheet';
import {
  type CompanyAnswer,
  DEAL_CERTAINTIES as CERTAINTIES,
  DEAL_CONFIDENCES as CONFIDENCES,
  ESTIMATE_CHOICES,
} from '../contracts';
import { DEFAULT_VALUATION, ValuationSettings } from './domain/valuation';
import { ExposureProjection } from './exposure.projection';

/** How long `?minPosition=` waits for the projection before answering 504. */
export const MIN_POSITION_TIMEOUT_MS = 5000;

export interface PointQuery {
  at?: unknown;
  knownAt?: unknown;
  minPosition?: unknown;
  explain?: unknown;
}

/** The valuation parameters of both exposure calls (API.md "Exposures"). */
export interface ValuationQuery {
  minCertainty?: unknown;
  minConfidence?: unknown;
  estimates?: unknown;
  horizonDays?: unknown;
  damagesRate?: unknown;
}

function parseChoice<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if (
    typeof value !== 'string' ||
    !(choices as readonly string[]).includes(value)
  )
    throw new ValidationError(field, `must be one of ${choices.join(', ')}`);
  return value as T;
}

function parseNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new ValidationError(field, 'must be a number');
  return n;
}

/** `minCertainty`, `minConfidence`, `estimates`, `horizonDays`, `damagesRate` → settings (defaults: DEFAULT_VALUATION). */
export function parseValuation(q: ValuationQuery): ValuationSettings {
  const horizonDays =
    parseNumber(q.horizonDays, 'horizonDays') ?? DEFAULT_VALUATION.horizonDays;
  if (horizonDays < 0 || horizonDays > 36_500)
    throw new ValidationError('horizonDays', 'must be between 0 and 36500');
  const damagesRate =
    parseNumber(q.damagesRate, 'damagesRate') ?? DEFAULT_VALUATION.damagesRate;
  if (damagesRate < 0 || damagesRate > 1)
    throw new ValidationError(
      'damagesRate',
      'must be a number between 0 and 1',
    );
  return {
    horizonDays,
    damagesRate,
    minCertainty: parseChoice(
      q.minCertainty,
      'minCertainty',
      CERTAINTIES,
      DEFAULT_VALUATION.minCertainty,
    ),
    minConfidence: parseChoice(
      q.minConfidence,
      'minConfidence',
      CONFIDENCES,
      DEFAULT_VALUATION.minConfidence,
    ),
    estimates: parseChoice(
      q.estimates,
      'estimates',
      ESTIMATE_CHOICES,
      DEFAULT_VALUATION.estimates,
    ),
  };
}

interface Resolved {
  index: TemporalIndex;
  point: Bitemporal;
  at: string;
  knownAt: string;
  explain: boolean;
}

function parseNonNegativeInt(
  value: unknown,
  field: string,
): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value))
    throw new ValidationError(field, 'must be a non-negative integer');
  return Number(value);
}

function parseBool(value: unknown, field: string): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new ValidationError(field, 'must be true or false');
}

function parseBoundedInt(
  value: unknown,
  field: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const n = parseNonNegativeInt(value, field);
  if (n === undefined) return fallback;
  if (n < min || n > max)
    throw new ValidationError(field, `must be between ${min} and ${max}`);
  return n;
}

/** The exposure read side: validates query parameters at the edge and answers from the projection. */
@Injectable()
export class ExposureQueries {
  constructor(
    private readonly projection: ExposureProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Parses `at`/`knownAt` (default now), waits for `minPosition`, and fixes the bitemporal point. */
  private async resolve(q: PointQuery): Promise<Resolved> {
    const minPosition = parseNonNegativeInt(q.minPosition, 'minPosition');
    const explain = parseBool(q.explain, 'explain');
    const explicitAt =
      q.at === undefined || q.at === '' ? undefined : parseInstant(q.at, 'at');
    const explicitKnownAt =
      q.knownAt === undefined || q.knownAt === ''
        ? undefined
        : parseInstant(q.knownAt, 'knownAt');
    if (minPosition !== undefined)
      await this.projection.waitFor(minPosition, MIN_POSITION_TIMEOUT_MS);
    const now = this.clock.now().toISOString();
    const at = explicitAt ?? now;
    const knownAt = explicitKnownAt ?? now;
    const index = this.projection.index();
    const knownAtMs = Date.parse(knownAt);
    const knownPosition = index.knownPosition(knownAtMs);
    return {
      index,
      point: { atMs: Date.parse(at), knownPosition, knownAtMs },
      at,
      knownAt,
      explain,
    };
  }

  async companies(q: PointQuery) {
    const r = await this.resolve(q);
    return r.index
      .companies(r.point.atMs, r.point.knownPosition, r.point.knownAtMs)
      .sort((a, b) => (a.companyId < b.companyId ? -1 : 1))
      .map((c) => companyBody(c));
  }

  async company(id: unknown, q: PointQuery) {
    const companyId = parseSlug(id, 'id');
    const r = await this.resolve(q);
    const c = r.index.company(
      companyId,
      r.point.atMs,
      r.point.knownPosition,
      r.point.knownAtMs,
    );
    if (!c) throw new NotFoundError('company', companyId);
    return {
      ...companyBody(c),
      at: r.at,
      knownAt: r.knownAt,
      position: r.point.knownPosition,
    };
  }

  async deal(id: unknown, q: PointQuery) {
    const dealId = parseSlug(id, 'id');
    const r = await this.resolve(q);
    const view = dealAt(r.index, dealId, r.point);
    if (!view) throw new NotFoundError('deal', dealId);
    const positions = r.index.positionsOf(
      dealId,
      r.point.atMs,
      r.point.knownPosition,
      r.point.knownAtMs,
    );
    return {
      ...view,
      at: r.at,
      knownAt: r.knownAt,
      position: r.point.knownPosition,
      ...(r.explain ? { explain: { positions } } : {}),
    };
  }

  /** The whole network at a point (API.md "Exposures"), every edge and dependency in one array. */
  async network(q: PointQuery & ValuationQuery) {
    return this.networkAnswer(q, networkAt);
  }

  /**
   * `network`'s answer as its JSON text, a piece of about a chunk of edges at a time, made as
   * each is asked for (`jsonPieces`): an answer of tens of MB is written out with at most a chunk
   * of its edges alive, never as one string.
   */
  async networkJson(
    q: PointQuery & ValuationQuery,
  ): Promise<Generator<string, void, undefined>> {
    return jsonPieces(await this.networkAnswer(q, networkPartsAt));
  }

  private async networkAnswer<E, D>(
    q: PointQuery & ValuationQuery,
    networkOf: (
      index: TemporalIndex,
      point: Bitemporal,
      options: QueryOptions,
    ) => {
      companies: unknown[];
      edges: E;
      dependencies: D;
      caveats: unknown[];
    },
  ) {
    const valuation = parseValuation(q);
    const r = await this.resolve(q);
    const { companies, edges, dependencies, caveats } = networkOf(
      r.index,
      r.point,
      { explain: r.explain, valuation },
    );
    return {
      at: r.at,
      knownAt: r.knownAt,
      position: r.point.knownPosition,
      valuation,
      companies,
      edges,
      dependencies,
      caveats,
    };
  }

  async companyExposure(
    id: unknown,
    q: PointQuery & ValuationQuery & { top?: unknown },
  ) {
    const companyId = parseSlug(id, 'id');
    const top = parseBoundedInt(q.top, 'top', 1, 1000, 10);
    const valuation = parseValuation(q);
    const r = await this.resolve(q);
    const view = companyExposureAt(r.index, companyId, r.point, {
      explain: r.explain,
      top,
      valuation,
    });
    if (!view) throw new NotFoundError('company', companyId);
    return {
      at: r.at,
      knownAt: r.knownAt,
      position: r.point.knownPosition,
      valuation,
      ...view,
    };
  }

  /**
   * GET /companies/:id/financials: the report in force at `at` (as known at `knownAt`) and the
   * flows moved onto it since its period end (DESIGN.md "Balance sheets").
   */
  async financials(id: unknown, q: PointQuery) {
    const companyId = parseSlug(id, 'id');
    const r = await this.resolve(q);
    const { atMs, knownPosition, knownAtMs } = r.point;
    const company = r.index.company(companyId, atMs, knownPosition, knownAtMs);
    if (!company) throw new NotFoundError('company', companyId);
    const deals = r.index.dealsOf(companyId, atMs, knownPosition, knownAtMs);
    const sheet = balanceSheetsAt([company], deals, atMs).get(companyId)!;
    return {
      at: r.at,
      knownAt: r.knownAt,
      position: knownPosition,
      ...sheet,
    };
  }

  async timeline(
    id: unknown,
    q: PointQuery & { from?: unknown; to?: unknown; step?: unknown },
  ) {
    const companyId = parseSlug(id, 'id');
    const step = parseStep(q.step, 'step');
    const r = await this.resolve({ ...q, explain: undefined });
    const to =
      q.to === undefined || q.to === ''
        ? r.point.atMs
        : Date.parse(parseInstant(q.to, 'to'));
    const from =
      q.from === undefined || q.from === ''
        ? addMonthsMs(to, -12)
        : Date.parse(parseInstant(q.from, 'from'));
    const points = timelinePoints(from, to, step);
    if (
      !r.index.company(
        companyId,
        Infinity,
        r.point.knownPosition,
        r.point.knownAtMs,
      )
    )
      throw new NotFoundError('company', companyId);
    return {
      id: companyId,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step: typeof q.step === 'string' && q.step !== '' ? q.step : 'month',
      knownAt: r.knownAt,
      position: r.point.knownPosition,
      points: companyTimeline(
        r.index,
        companyId,
        points,
        r.point.knownPosition,
        r.point.knownAtMs,
      ),
    };
  }

  async cycles(
    q: PointQuery & {
      maxLength?: unknown;
      limit?: unknown;
      minCertainty?: unknown;
    },
  ) {
    const maxLength = parseBoundedInt(q.maxLength, 'maxLength', 2, 8, 4);
    const limit = parseBoundedInt(q.limit, 'limit', 1, 10_000, 100);
    // Every deal by default, each ring saying its weakest certainty: a ring through a letter of
    // intent is what an analyst asks about, and what the answer must not pass off as money.
    const minCertainty = parseChoice(
      q.minCertainty,
      'minCertainty',
      CERTAINTIES,
      'intent',
    );
    const r = await this.resolve(q);
    const { worths } = networkAt(r.index, r.point);
    return {
      at: r.at,
      knownAt: r.knownAt,
      position: r.point.knownPosition,
      maxLength,
      minCertainty,
      ...findCycles(worths, { maxLength, limit, minCertainty }),
    };
  }
}

function companyBody(
  c: ReturnType<TemporalIndex['company']> & object,
): CompanyAnswer {
  return {
    ...companyFigures(c),
    defaultedAt:
      c.defaultedAtMs !== null ? new Date(c.defaultedAtMs).toISOString() : null,
    registeredAt: new Date(c.registeredAtMs).toISOString(),
  };
}
