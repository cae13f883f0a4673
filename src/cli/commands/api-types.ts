/** The answers of the API this CLI reads (API.md), as far as it reads them. Extra fields pass through. */

export type Kind = 'supply' | 'investment' | 'loan';

export interface CompanyRowDto {
  id: string;
  name?: string;
  equityUsd: number | null;
  externalAssetsUsd?: number | null;
  exposureOutUsd: number;
  exposureInUsd: number;
  defaulted: boolean;
}

export interface EdgeDto {
  holder: string;
  counterparty: string;
  kind: Kind;
  amountUsd: number;
  deals: string[];
  unpricedDeals?: string[];
}

export interface NetworkDto {
  at: string;
  knownAt: string;
  companies: CompanyRowDto[];
  edges: EdgeDto[];
}

export interface CounterpartyDto {
  id: string;
  exposureUsd: number;
  share: number;
  byKind?: Record<Kind, number>;
  defaulted?: boolean;
}

export interface CompanyExposureDto {
  id: string;
  name?: string;
  at?: string;
  knownAt?: string;
  equityUsd: number | null;
  defaulted?: boolean;
  exposureOutUsd: number;
  exposureInUsd: number;
  byKind?: Record<Kind, { outUsd: number; inUsd: number }>;
  topCounterparties: CounterpartyDto[];
  concentration?: {
    herfindahl?: number;
    counterparties?: number;
    largestExposureUsd?: number;
    largestCounterparty?: string | null;
    largestShareOfEquity?: number | null;
  };
}

export interface HistoryEntryDto {
  revision: number;
  type: string;
  effectiveAt: string;
  recordedAt: string;
  actor: string;
  reason: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface ScenarioCompanyDto {
  id: string;
  equityBeforeUsd: number;
  lossUsd: number;
  equityAfterUsd: number;
  defaulted: boolean;
  defaultRound: number | null;
  paymentUsd?: number;
}

export interface ScenarioResultDto {
  companies: ScenarioCompanyDto[];
  defaults: string[];
  rounds: number;
  initialLossUsd: number;
  totalLossUsd: number;
  amplification: number | null;
  [more: string]: unknown;
}

export interface ScenarioDto {
  id: string;
  result: ScenarioResultDto;
}

/** GET /audit/verify: `{ ok, checked, broken: [{ stream, revision, position }] }`. */
export interface VerifyDto {
  ok: boolean;
  checked?: number;
  broken?: {
    stream: string;
    revision: number;
    position: number;
    problems?: string[];
    [more: string]: unknown;
  }[];
  firstBroken?: {
    stream: string;
    revision: number;
    position: number;
    problems?: string[];
  } | null;
  store?: { trouble?: string; [more: string]: unknown };
  [more: string]: unknown;
}
