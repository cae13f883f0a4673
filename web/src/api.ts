/**
 * The HTTP contract (API.md) as the dashboard reads it. Every call carries the bearer token
 * kept in session storage, when one is set; without one the service serves loopback callers.
 */

export type DealKind = 'supply' | 'investment' | 'loan';
export type ModelName =
  'eisenberg-noe' | 'rogers-veraart' | 'furfine' | 'debtrank';
export const MODELS: readonly ModelName[] = [
  'furfine',
  'eisenberg-noe',
  'rogers-veraart',
  'debtrank',
];

export interface Company {
  id: string;
  name?: string;
  sector?: string | null;
  equityUsd?: number;
  externalAssetsUsd?: number;
  externalLiabilitiesUsd?: number;
  defaulted?: boolean;
}

export interface ExposureCompany {
  id: string;
  name?: string;
  sector?: string | null;
  equityUsd: number;
  externalAssetsUsd: number;
  exposureOutUsd: number;
  exposureInUsd: number;
  defaulted: boolean;
}

export interface ExposureEdge {
  holder: string;
  counterparty: string;
  kind: DealKind;
  amountUsd: number;
  deals: string[];
}

export interface ExposureView {
  at: string;
  knownAt: string;
  companies: ExposureCompany[];
  edges: ExposureEdge[];
}

export interface DealChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface DealHistoryEntry {
  revision: number;
  type: string;
  effectiveAt: string;
  recordedAt: string;
  actor: string;
  reason?: string | null;
  changes: DealChange[];
}

export type Shock =
  | { type: 'default'; company: string; recoveryRate?: number }
  | {
      type: 'asset-shock';
      fraction: number;
      companies?: string[];
      sector?: string;
    }
  | { type: 'cancel-deal'; deal: string }
  | { type: 'haircut'; deal: string; fraction: number };

export interface ScenarioRequest {
  name: string;
  at: string;
  knownAt?: string;
  model: ModelName;
  params?: {
    alpha?: number;
    beta?: number;
    recoveryRate?: number;
    horizonDays?: number;
  };
  shocks: Shock[];
}

export interface ScenarioCompanyResult {
  id: string;
  equityBeforeUsd: number;
  lossUsd: number;
  equityAfterUsd: number;
  defaulted: boolean;
  defaultRound: number | null;
  paymentUsd?: number;
}

export interface ScenarioResult {
  companies: ScenarioCompanyResult[];
  defaults: string[];
  rounds: number;
  initialLossUsd: number;
  totalLossUsd: number;
  amplification: number;
}

export interface SavedScenario extends Partial<ScenarioRequest> {
  id: string;
  result?: ScenarioResult;
  /** In the list: the first run's headline. */
  totalLossUsd?: number;
}

/** Refused calls: the service's `{ statusCode, error, message }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'tangle.token';

export function getToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...authHeaders(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const msg =
      json && typeof json === 'object' && 'message' in json
        ? (json as { message: unknown }).message
        : text;
    throw new ApiError(
      res.status,
      Array.isArray(msg) ? msg.join('; ') : String(msg || res.statusText),
    );
  }
  return json as T;
}

/** Unwraps list answers whether they come bare or as `{ items }`-like envelopes. */
export function asList<T>(value: unknown, ...keys: string[]): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object') {
    for (const key of [...keys, 'items', 'data', 'results']) {
      const inner = (value as Record<string, unknown>)[key];
      if (Array.isArray(inner)) return inner as T[];
    }
  }
  return [];
}

/** One date of `GET /exposures/dates`: what changed in the ledger with that effective date. */
export interface EffectiveDate {
  date: string;
  kinds: string[];
  restatement: boolean;
  /** Changes that day; `changes` lists at most 20 of them. */
  count: number;
  changes: {
    kind: string;
    entity: 'deal' | 'company';
    id: string;
    restatement: boolean;
  }[];
}

export const api = {
  dates: (
    knownAt?: string,
  ): Promise<{ knownAt: string; dates: EffectiveDate[] }> =>
    request('GET', `/exposures/dates${query({ knownAt })}`),
  companies: async (
    at?: string,
    knownAt?: string,
    signal?: AbortSignal,
  ): Promise<Company[]> =>
    asList<Company>(
      await request<unknown>(
        'GET',
        `/companies${query({ at, knownAt })}`,
        undefined,
        signal,
      ),
      'companies',
    ),
  exposures: (
    at?: string,
    knownAt?: string,
    signal?: AbortSignal,
  ): Promise<ExposureView> =>
    request<ExposureView>(
      'GET',
      `/exposures${query({ at, knownAt })}`,
      undefined,
      signal,
    ),
  companyExposure: (
    id: string,
    at?: string,
    knownAt?: string,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> =>
    request(
      'GET',
      `/companies/${encodeURIComponent(id)}/exposure${query({ at, knownAt })}`,
      undefined,
      signal,
    ),
  companyTimeline: (
    id: string,
    from: string,
    to: string,
    step: string,
    knownAt?: string,
    signal?: AbortSignal,
  ): Promise<unknown> =>
    request(
      'GET',
      `/companies/${encodeURIComponent(id)}/exposure/timeline${query({ from, to, step, knownAt })}`,
      undefined,
      signal,
    ),
  dealHistory: async (id: string): Promise<DealHistoryEntry[]> =>
    asList<DealHistoryEntry>(
      await request<unknown>('GET', `/deals/${encodeURIComponent(id)}/history`),
      'history',
      'changes',
      'entries',
    ),
  cycles: (
    at?: string,
    knownAt?: string,
    signal?: AbortSignal,
  ): Promise<unknown> =>
    request(
      'GET',
      `/exposures/cycles${query({ at, knownAt })}`,
      undefined,
      signal,
    ),
  runScenario: (
    body: ScenarioRequest,
  ): Promise<{ id: string; result: ScenarioResult }> =>
    request('POST', '/scenarios', body),
  scenarios: async (): Promise<SavedScenario[]> =>
    asList<SavedScenario>(
      await request<unknown>('GET', '/scenarios'),
      'scenarios',
    ),
  scenario: (id: string): Promise<SavedScenario> =>
    request('GET', `/scenarios/${encodeURIComponent(id)}`),
  compare: (id: string, at?: string): Promise<unknown> =>
    request(
      'GET',
      `/scenarios/${encodeURIComponent(id)}/compare${query({ at })}`,
    ),
  systemic: (at: string | undefined, model: ModelName): Promise<unknown> =>
    request('GET', `/analysis/systemic${query({ at, model })}`),
};

/** The paths behind the views, for the "request behind this view" line (curl). */
export const apiPath = {
  exposures: (at?: string, knownAt?: string): string =>
    `/exposures${query({ at, knownAt })}`,
  systemic: (at: string | undefined, model: ModelName): string =>
    `/analysis/systemic${query({ at, model })}`,
  scenario: (id: string): string => `/scenarios/${encodeURIComponent(id)}`,
};
