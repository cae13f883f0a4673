import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { ChangeKind, DatedChange, EffectiveDate } from '../contracts';
import { Clock, CLOCK, parseInstant } from '../shared/time';
import type { LedgerEventType } from '../ledger/domain/ledger.events';
import type { HeadVisitor } from './domain/temporal-index';
import { ExposureProjection } from './exposure.projection';

// The answer's shapes are the contract's (the dashboard reads them with the same types).
export type { ChangeKind, DatedChange, EffectiveDate } from '../contracts';

/** Changes listed per date: enough to name what happened, small with a 10,000-company history. */
export const MAX_CHANGES_PER_DATE = 20;

/** The ledger events that move the network (payments and company reports are left out: too many, too small). */
function kindOf(type: LedgerEventType): ChangeKind | null {
  switch (type) {
    case 'DealRecorded':
      return 'signed';
    case 'DealAmended':
      return 'amended';
    case 'DealTerminated':
      return 'terminated';
    case 'DealWrittenDown':
      return 'written-down';
    case 'DealRetracted':
      return 'retracted';
    case 'CompanyDefaulted':
      return 'defaulted';
    case 'CompanyDefaultCured':
      return 'cured';
    case 'CompanyRegistered':
    case 'CompanyFinancialsReported':
    case 'DealPaymentRecorded':
      return null;
  }
}

const DAY_MS = 86_400_000;

/**
 * The sorted distinct effective dates (UTC days) of the changes `eachHead` walks (as
 * `TemporalIndex.eachHead` does: every event's head known at some position, in position order),
 * with what changed on each. Pure. A change is a restatement when an event of the same deal or
 * company dated later had been recorded before it.
 */
export function effectiveDates(
  eachHead: (visit: HeadVisitor) => void,
): EffectiveDate[] {
  const latestEffective = new Map<string, number>();
  const byDay = new Map<number, DatedChange[]>();
  eachHead((position, effectiveAtMs, type, entity, id) => {
    const key = `${entity}:${id}`;
    const latest = latestEffective.get(key);
    if (latest === undefined || effectiveAtMs > latest)
      latestEffective.set(key, effectiveAtMs);
    const kind = kindOf(type);
    if (!kind) return;
    const day = Math.floor(effectiveAtMs / DAY_MS);
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    list.push({
      kind,
      entity,
      id,
      restatement: latest !== undefined && latest > effectiveAtMs,
      position,
    });
  });
  return [...byDay.keys()]
    .sort((a, b) => a - b)
    .map((day) => {
      const changes = byDay.get(day) ?? [];
      const listed =
        changes.length <= MAX_CHANGES_PER_DATE
          ? changes
          : [
              ...changes.filter((c) => c.restatement),
              ...changes.filter((c) => !c.restatement),
            ].slice(0, MAX_CHANGES_PER_DATE);
      return {
        date: new Date(day * DAY_MS).toISOString().slice(0, 10),
        kinds: [...new Set(changes.map((c) => c.kind))],
        restatement: changes.some((c) => c.restatement),
        count: changes.length,
        changes: listed,
      };
    });
}

/** `GET /exposures/dates`: where the history moves, for the dashboard's time slider. */
@ApiTags('exposures')
@ApiBearerAuth()
@Controller('exposures')
export class ExposureDatesController {
  private cache:
    | { index: object; head: number; known: number; answer: EffectiveDate[] }
    | undefined;

  constructor(
    private readonly projection: ExposureProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('dates')
  @ApiQuery({
    name: 'knownAt',
    required: false,
    description: 'Recorded (system) time, ISO 8601; default now',
  })
  @ApiOperation({
    summary:
      'The sorted distinct effective dates of deal signings, amendments, terminations, write-downs, retractions, defaults and cures, as known at `knownAt`',
  })
  @ApiOkResponse({
    description:
      '{ knownAt, position, dates: [{ date, kinds, restatement, count, changes (at most 20, restatements first): [{ kind, entity, id, restatement, position }] }] } — a restatement was recorded after a later-dated event of the same deal or company',
  })
  dates(@Query('knownAt') knownAtParam?: unknown) {
    const knownAt =
      knownAtParam === undefined || knownAtParam === ''
        ? this.clock.now().toISOString()
        : parseInstant(knownAtParam, 'knownAt');
    const index = this.projection.index();
    const known = index.knownPosition(Date.parse(knownAt));
    const head = index.headPosition();
    const hit = this.cache;
    const answer =
      hit && hit.index === index && hit.head === head && hit.known === known
        ? hit.answer
        : effectiveDates((visit) => index.eachHead(known, visit));
    this.cache = { index, head, known, answer };
    return { knownAt, position: known, dates: answer };
  }
}
