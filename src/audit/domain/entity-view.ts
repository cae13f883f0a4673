import { JsonObject, JsonValue, canonicalJson } from '../../shared/json';
import {
  ALL_DEAL_ROLES,
  DEAL_TERM_FIELDS,
} from '../../ledger/domain/deal-kinds';

/**
 * Flat views of a deal or a company, folded from their stream's events. The audit diffs two
 * views field by field; the live channel diffs the view at a subscriber's date before and
 * after an event. Pure: no I/O, no clock.
 *
 * The fold is tolerant by design: it reads what the ledger stored, so an event type it does
 * not know leaves the view as it was (the audit still lists it, with no field changes).
 */

/** What the fold needs of a stored event (a RecordedEvent fits). */
export interface ViewEvent {
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly revision: number;
  readonly position: number;
}

export type EntityView = Readonly<Record<string, JsonValue>>;

export type EntityKind = 'deal' | 'company';

// The role and term fields of every deal kind, from the ledger's table of deal kinds.
const DEAL_ROLE_FIELDS = ALL_DEAL_ROLES;
/** What a DealRecorded stored before a field existed reads as (DealRecorded v1 → v2). */
const DEAL_TERM_DEFAULTS: Readonly<Record<string, JsonValue>> = {
  vendorFinancing: false,
  certainty: 'binding',
  confidence: 'high',
};
const COMPANY_FIELDS = [
  'name',
  'sector',
  'equityUsd',
  'externalAssetsUsd',
  'externalLiabilitiesUsd',
] as const;
const COMPANY_FINANCIAL_FIELDS = [
  'equityUsd',
  'externalAssetsUsd',
  'externalLiabilitiesUsd',
] as const;

function num(value: JsonValue | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function pick(
  data: JsonObject,
  fields: readonly string[],
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const field of fields)
    if (field in data) out[field] = data[field] ?? null;
  return out;
}

/** One step of a deal's view. `undefined` is "no deal" (before its recording). */
export function evolveDealView(
  view: EntityView | undefined,
  event: ViewEvent,
): EntityView | undefined {
  const data = event.data;
  if (event.type === 'DealRecorded') {
    return {
      kind: data.kind ?? null,
      ...pick(data, DEAL_ROLE_FIELDS),
      ...Object.fromEntries(
        DEAL_TERM_FIELDS.map((f) => [
          f,
          data[f] ?? DEAL_TERM_DEFAULTS[f] ?? null,
        ]),
      ),
      status: 'active',
    };
  }
  if (view === undefined) return undefined;
  switch (event.type) {
    case 'DealAmended': {
      const changes = (data.changes ?? {}) as JsonObject;
      return { ...view, ...pick(changes, DEAL_TERM_FIELDS) };
    }
    case 'DealTerminated':
      return view.status === 'retracted'
        ? view
        : { ...view, status: 'terminated' };
    case 'DealRetracted':
      return { ...view, status: 'retracted' };
    case 'DealPaymentRecorded':
      return { ...view, paidUsd: num(view.paidUsd) + num(data.amountUsd) };
    case 'DealWrittenDown':
      return {
        ...view,
        writtenDownUsd: num(view.writtenDownUsd) + num(data.amountUsd),
      };
    default:
      return view;
  }
}

/** One step of a company's view. */
export function evolveCompanyView(
  view: EntityView | undefined,
  event: ViewEvent,
): EntityView | undefined {
  const data = event.data;
  if (event.type === 'CompanyRegistered') {
    return {
      ...Object.fromEntries(COMPANY_FIELDS.map((f) => [f, data[f] ?? null])),
      defaulted: false,
      recoveryRate: null,
    };
  }
  if (view === undefined) return undefined;
  switch (event.type) {
    case 'CompanyFinancialsReported':
      return { ...view, ...pick(data, COMPANY_FINANCIAL_FIELDS) };
    case 'CompanyDefaulted':
      return {
        ...view,
        defaulted: true,
        recoveryRate: data.recoveryRate ?? null,
      };
    case 'CompanyDefaultCured':
      return { ...view, defaulted: false, recoveryRate: null };
    default:
      return view;
  }
}

export function evolveEntityView(
  kind: EntityKind,
  view: EntityView | undefined,
  event: ViewEvent,
): EntityView | undefined {
  return kind === 'deal'
    ? evolveDealView(view, event)
    : evolveCompanyView(view, event);
}

/** The entity as recorded: every event in revision order, whatever its effective time. */
export function recordedView(
  kind: EntityKind,
  events: readonly ViewEvent[],
): EntityView | undefined {
  let view: EntityView | undefined;
  for (const event of events) view = evolveEntityView(kind, view, event);
  return view;
}

/**
 * The entity as it stands on `at` (valid time) according to `events` (what is known):
 * events effective on or before `at`, in effective order, global position breaking ties.
 * A retraction says the deal never existed, so it applies whatever its effective time.
 */
export function viewAt(
  kind: EntityKind,
  events: readonly ViewEvent[],
  at: string,
): EntityView | undefined {
  const atMs = Date.parse(at);
  const inView = events
    .filter((e) => e.type === 'DealRetracted' || effectiveMillis(e) <= atMs)
    .sort(
      (a, b) =>
        effectiveMillis(a) - effectiveMillis(b) || a.position - b.position,
    );
  if (inView.some((e) => e.type === 'DealRetracted')) return undefined;
  let view: EntityView | undefined;
  for (const event of inView) view = evolveEntityView(kind, view, event);
  return view;
}

export function effectiveMillis(event: ViewEvent): number {
  const raw = event.metadata.effectiveAt;
  const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
}

export interface FieldChange {
  readonly field: string;
  readonly from: JsonValue;
  readonly to: JsonValue;
}

/**
 * Field-by-field difference. With `before` undefined (a recording), every field of `after`
 * is listed from null; with `after` undefined (gone from a view), every field goes to null.
 */
export function diffViews(
  before: EntityView | undefined,
  after: EntityView | undefined,
): FieldChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined)
    return Object.keys(after!).map((field) => ({
      field,
      from: null,
      to: after![field],
    }));
  if (after === undefined)
    return Object.keys(before).map((field) => ({
      field,
      from: before[field],
      to: null,
    }));
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = field in before ? before[field] : defaultOf(field);
    const to = field in after ? after[field] : defaultOf(field);
    if (canonicalJson(from) !== canonicalJson(to))
      changes.push({ field, from, to });
  }
  return changes;
}

/** Running totals start at zero rather than null, so a first payment reads 0 → amount. */
function defaultOf(field: string): JsonValue {
  return field === 'paidUsd' || field === 'writtenDownUsd' ? 0 : null;
}

/** The companies a deal concerns, from its view (its parties). */
export function dealCompanies(view: EntityView | undefined): string[] {
  if (!view) return [];
  const out: string[] = [];
  for (const role of DEAL_ROLE_FIELDS) {
    const id = view[role];
    if (typeof id === 'string' && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Amount fields (`…Usd`) that changed, as `{ field: { before, after } }`. */
export function amountChanges(
  changes: readonly FieldChange[],
): Record<string, { before: JsonValue; after: JsonValue }> {
  const out: Record<string, { before: JsonValue; after: JsonValue }> = {};
  for (const c of changes)
    if (c.field.endsWith('Usd')) out[c.field] = { before: c.from, after: c.to };
  return out;
}
