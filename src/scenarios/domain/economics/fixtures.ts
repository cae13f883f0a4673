import type { DealKind } from '../../../ledger/domain/ledger.events';
import type { Market, MarketCompany, MarketDeal } from './market';
import type {
  Caveat,
  DealValuation,
  ValuedLeg,
} from '../../../exposure/domain/valuation';
import type { BalanceSheetAt } from '../../../exposure/domain/balance-sheet';

/**
 * Plain inputs for the scenario economics' tests, written as the valuation rules (DESIGN.md
 * "What a deal is worth on a date") would value them. Tests only.
 */
export function sheet(
  companyId: string,
  figures: {
    totalAssetsUsd: number;
    equityUsd: number;
    cashUsd?: number;
    operatingCashFlowUsd?: number;
  },
): BalanceSheetAt {
  return {
    companyId,
    periodEnd: '2025-12-31',
    reported: true,
    totalAssetsUsd: figures.totalAssetsUsd,
    totalLiabilitiesUsd: figures.totalAssetsUsd - figures.equityUsd,
    equityUsd: figures.equityUsd,
    cashUsd: figures.cashUsd ?? 0,
    operatingCashFlowUsd: figures.operatingCashFlowUsd ?? null,
    source: 'test',
    externalAssetsUsd: null,
    externalLiabilitiesUsd: null,
    flows: {
      cashUsd: 0,
      equityUsd: 0,
      stakesUsd: 0,
      count: 0,
      assetsUsd: 0,
      liabilitiesUsd: 0,
    },
    caveats: [],
  };
}

export function v1Sheet(
  companyId: string,
  equityUsd: number,
  externalAssetsUsd: number,
  externalLiabilitiesUsd: number,
): BalanceSheetAt {
  return {
    ...sheet(companyId, { totalAssetsUsd: 0, equityUsd: 0 }),
    periodEnd: null,
    reported: false,
    totalAssetsUsd: null,
    totalLiabilitiesUsd: null,
    equityUsd,
    cashUsd: null,
    externalAssetsUsd,
    externalLiabilitiesUsd,
  };
}

export function company(
  id: string,
  s: BalanceSheetAt | null,
  extra: Partial<MarketCompany> = {},
): MarketCompany {
  return {
    id,
    sector: null,
    sheet: s,
    defaulted: false,
    recoveryRate: null,
    ...extra,
  };
}

export interface LegFigures {
  holder: string;
  counterparty: string;
  basis: ValuedLeg['basis'];
  lossGivenDefaultUsd: number;
  grossUsd?: number;
  arrearsUsd?: number;
  dueWithinHorizonUsd?: number;
  dueAfterHorizonUsd?: number;
}

export function deal(
  dealId: string,
  kind: DealKind,
  legs: LegFigures[],
  extra: {
    category?: string;
    buyer?: string;
    seller?: string;
    included?: boolean;
    capacityAtRisk?: DealValuation['capacityAtRisk'];
    unfunded?: DealValuation['unfunded'];
    caveats?: Caveat[];
  } = {},
): MarketDeal {
  return {
    facts: {
      dealId,
      kind,
      category: extra.category ?? null,
      ...(extra.buyer ? { buyer: extra.buyer, seller: extra.seller } : {}),
    },
    valuation: {
      dealId,
      kind,
      included: extra.included ?? true,
      amountUsd: null,
      estimated: false,
      legs: legs.map((l) => ({
        dealId,
        kind,
        holder: l.holder,
        counterparty: l.counterparty,
        basis: l.basis,
        grossUsd: l.grossUsd ?? l.lossGivenDefaultUsd,
        lossGivenDefaultUsd: l.lossGivenDefaultUsd,
        arrearsUsd: l.arrearsUsd ?? 0,
        dueWithinHorizonUsd: l.dueWithinHorizonUsd ?? 0,
        dueAfterHorizonUsd: l.dueAfterHorizonUsd ?? 0,
        damagesRate: 0.25,
      })),
      capacityAtRisk: extra.capacityAtRisk,
      unfunded: extra.unfunded,
      dueBetween: () => 0,
      caveats: extra.caveats ?? [],
    },
  };
}

/**
 * The three-company market at 2026-01-01 (H = 365 days, d = 0.25):
 * - `lab` buys compute from `cloud` under a 60-month supply contract of $10 a month; 48 months
 *   remain: gross $480, of which $120 fall due within H, so its loss given default is
 *   120 + 0.25 × 360 = $210 (1 GW of capacity at risk for the lab);
 * - `chips` lent `cloud` $100, repaid $50 on 2026-06-01 and $50 on 2027-06-01 (LGD $100, $50 due within H);
 * - `chips` holds a stake in `lab` without a published price, estimated at $40 (LGD $40).
 * Balance sheets (v2): lab assets 100, equity 30, cash 20, operating cash flow −60;
 * cloud assets 500, equity 150, cash 30, operating cash flow 40;
 * chips assets 1000, equity 400, cash 200, operating cash flow 100.
 */
export function threeCompanyMarket(): Market {
  return {
    companies: [
      company(
        'chips',
        sheet('chips', {
          totalAssetsUsd: 1000,
          equityUsd: 400,
          cashUsd: 200,
          operatingCashFlowUsd: 100,
        }),
      ),
      company(
        'cloud',
        sheet('cloud', {
          totalAssetsUsd: 500,
          equityUsd: 150,
          cashUsd: 30,
          operatingCashFlowUsd: 40,
        }),
      ),
      company(
        'lab',
        sheet('lab', {
          totalAssetsUsd: 100,
          equityUsd: 30,
          cashUsd: 20,
          operatingCashFlowUsd: -60,
        }),
      ),
    ],
    deals: [
      deal(
        'compute-60m',
        'supply',
        [
          {
            holder: 'cloud',
            counterparty: 'lab',
            basis: 'supply-commitment',
            grossUsd: 480,
            lossGivenDefaultUsd: 210,
            dueWithinHorizonUsd: 120,
            dueAfterHorizonUsd: 360,
          },
        ],
        {
          category: 'compute',
          buyer: 'lab',
          seller: 'cloud',
          capacityAtRisk: { buyer: 'lab', seller: 'cloud', usd: 480, gw: 1 },
        },
      ),
      deal(
        'loan-chips-cloud',
        'loan',
        [
          {
            holder: 'chips',
            counterparty: 'cloud',
            basis: 'loan-principal',
            lossGivenDefaultUsd: 100,
            dueWithinHorizonUsd: 50,
            dueAfterHorizonUsd: 50,
          },
        ],
        { category: 'financing' },
      ),
      deal(
        'stake-chips-lab',
        'investment',
        [
          {
            holder: 'chips',
            counterparty: 'lab',
            basis: 'carrying-value',
            lossGivenDefaultUsd: 40,
          },
        ],
        {
          category: 'equity',
          caveats: [
            {
              kind: 'estimated-amount',
              deal: 'stake-chips-lab',
              detail: 'central estimate $40 (range $30–$50)',
            },
          ],
        },
      ),
    ],
  };
}

const DAY_MS = 86_400_000;

/**
 * A loan or supply deal valued at `atMs` from its installments (`[date, usd]`, owed by
 * `counterparty` to `holder`), as the valuation rules value it with horizon `horizonDays` and
 * damages rate `damagesRate`: nothing in arrears, `dueBetween` read off the installments.
 */
export function scheduledDeal(
  dealId: string,
  kind: 'loan' | 'supply',
  parties: { holder: string; counterparty: string },
  installments: ReadonlyArray<readonly [string, number]>,
  atMs: number,
  extra: { horizonDays?: number; damagesRate?: number } = {},
): MarketDeal {
  const dated = installments.map(([d, usd]) => [Date.parse(d), usd] as const);
  const dueBetween = (fromMs: number, toMs: number): number =>
    dated.reduce((s, [t, usd]) => (t > fromMs && t <= toMs ? s + usd : s), 0);
  const horizonEnd = atMs + (extra.horizonDays ?? 365) * DAY_MS;
  const within = dueBetween(atMs, horizonEnd);
  const after = dueBetween(horizonEnd, Number.MAX_SAFE_INTEGER);
  const d = kind === 'supply' ? (extra.damagesRate ?? 0.25) : 0;
  const base = deal(
    dealId,
    kind,
    [
      {
        holder: parties.holder,
        counterparty: parties.counterparty,
        basis: kind === 'supply' ? 'supply-commitment' : 'loan-principal',
        grossUsd: within + after,
        lossGivenDefaultUsd: within + d * after,
        dueWithinHorizonUsd: within,
        dueAfterHorizonUsd: after,
      },
    ],
    kind === 'supply'
      ? { buyer: parties.counterparty, seller: parties.holder }
      : {},
  );
  return {
    ...base,
    valuation: {
      ...base.valuation,
      legs: base.valuation.legs.map((l) => ({ ...l, damagesRate: d })),
      dueBetween,
    },
  };
}

/** `usd` a month for `months` months, the first one month after `startDate` (a YYYY-MM-01 date). */
export function monthly(
  startDate: string,
  months: number,
  usd: number,
): Array<[string, number]> {
  const [y, m] = startDate.split('-').map(Number);
  return Array.from({ length: months }, (_, k) => [
    new Date(Date.UTC(y, m - 1 + k + 1, 1)).toISOString(),
    usd,
  ]);
}
