import { syntheticNetwork } from '../../contagion';
import { fromMatrix } from '../../contagion/test-networks';
import { DatedEvent } from '../../exposure/domain/dated-event';
import { buildTemporalIndex } from '../../exposure/domain/temporal-index';
import { LedgerEvent } from '../../ledger/domain/ledger.events';
import { ValidationError } from '../../shared/errors';
import {
  rankSystemic,
  summariseSweep,
  sweepRuns,
  systemicRows,
} from './analysis';
import { scenarioTimeline } from './overlay';
import { parseOverlay } from './scenario.definition';
import { runScenario, Valuation } from './scenario.run';
import { scenarioNetwork } from './full-commitment';
import {
  resultDigest,
  runScenarioModel,
  ScenarioCompanyResult,
} from './scenario.result';
import { CONTAGION_MODELS } from '../../contagion/model';
import { dealWorth } from '../../exposure/domain/deal.worth';

const ms = (d: string) => Date.parse(d);
let position = 0;
const env = (effectiveAt: string, event: LedgerEvent): DatedEvent => ({
  position: ++position,
  recordedAtMs: ms('2025-01-01') + position,
  effectiveAtMs: ms(effectiveAt),
  event,
});
const company = (
  companyId: string,
  equityUsd: number,
  externalAssetsUsd: number,
) =>
  env('2020-01-01', {
    type: 'CompanyRegistered',
    data: {
      companyId,
      name: companyId,
      sector: 'x',
      equityUsd,
      externalAssetsUsd,
      externalLiabilitiesUsd: 0,
    },
  });
const terms = {
  startDate: null,
  endDate: null,
  schedule: null,
  category: null,
  vendorFinancing: false,
  source: null,
  notes: null,
};

describe('the network a scenario runs on', () => {
  const history = [
    company('a', 10, 100),
    company('b', 5, 50),
    company('c', 8, 20),
    // 120 over 12 monthly installments from 2025-01-01: by 2025-03-15 two are due (Feb, Mar).
    env('2024-12-01', {
      type: 'DealRecorded',
      data: {
        dealId: 'supply-ab',
        kind: 'supply',
        buyer: 'a',
        seller: 'b',
        ...terms,
        amountUsd: 120,
        startDate: '2025-01-01T00:00:00.000Z',
        endDate: '2026-01-01T00:00:00.000Z',
      },
    }),
    env('2024-12-01', {
      type: 'DealRecorded',
      data: {
        dealId: 'loan-cb',
        kind: 'loan',
        lender: 'c',
        borrower: 'b',
        ...terms,
        amountUsd: 30,
      },
    }),
    env('2024-12-01', {
      type: 'DealRecorded',
      data: {
        dealId: 'stake-ca',
        kind: 'investment',
        investor: 'c',
        investee: 'a',
        ...terms,
        amountUsd: 7,
      },
    }),
  ];
  const index = buildTemporalIndex(history);
  const at = ms('2025-03-15');
  const head = index.headPosition();
  const obligation = (
    net: ReturnType<typeof scenarioNetwork>['network'],
    debtor: string,
    creditor: string,
  ): number => {
    const d = net.indexOf.get(debtor)!;
    const c = net.indexOf.get(creditor)!;
    for (let k = net.outPtr[d]; k < net.outPtr[d + 1]; k++)
      if (net.outIdx[k] === c) return net.outAmt[k];
    return 0;
  };

  it('owes the unpaid supply commitment buyer → seller, the loan borrower → lender, and keeps the investment as a stake', () => {
    const { network } = scenarioNetwork(index, at, head, [], {});
    expect(network.ids).toEqual(['a', 'b', 'c']);
    expect(obligation(network, 'a', 'b')).toBeCloseTo(100, 9);
    expect(obligation(network, 'b', 'c')).toBe(30);
    expect(Array.from(network.stakeAmt)).toEqual([7]);
    expect(network.ids[network.stakeIdx[0]]).toBe('c');
  });

  it('with horizonDays only what falls due within the horizon is owed (April and May: 20)', () => {
    const { network } = scenarioNetwork(index, at, head, [], {
      horizonDays: 60,
    });
    expect(obligation(network, 'a', 'b')).toBeCloseTo(20, 9);
  });

  it('translates shocks: a default with recovery, an asset shock on listed companies, a haircut as the holder’s direct loss', () => {
    const input = scenarioNetwork(
      index,
      at,
      head,
      [
        { type: 'default', company: 'b', recoveryRate: 0.3 },
        { type: 'asset-shock', fraction: 0.5, companies: ['a'] },
        { type: 'haircut', deal: 'loan-cb', fraction: 0.5 },
      ],
      {},
    );
    expect([...input.shocks.defaults!]).toEqual([[1, 0.3]]);
    expect(Array.from(input.shocks.assetLossUsd!)).toEqual([50, 0, 0]);
    expect(Array.from(input.shocks.claimLossUsd!)).toEqual([0, 0, 15]);
    expect(obligation(input.network, 'b', 'c')).toBe(15);
  });

  it('an unknown company or deal, or an empty network, is a ValidationError naming the field', () => {
    expect(() =>
      scenarioNetwork(
        index,
        at,
        head,
        [{ type: 'default', company: 'zz' }],
        {},
      ),
    ).toThrow('shocks[0].company');
    expect(() =>
      scenarioNetwork(
        index,
        at,
        head,
        [{ type: 'cancel-deal', deal: 'nope' }],
        {},
      ),
    ).toThrow(ValidationError);
    expect(() =>
      scenarioNetwork(index, ms('2019-01-01'), head, [], {}),
    ).toThrow('at: no company is known');
  });

  it('an overlay suppresses a real deal and adds a hypothetical one, folded by the same engine; the real index is untouched', () => {
    const overlay = parseOverlay([
      { type: 'SuppressDeal', deal: 'loan-cb' },
      {
        type: 'DealRecorded',
        effectiveAt: '2025-02-01',
        data: {
          dealId: 'loan-ab',
          kind: 'loan',
          lender: 'a',
          borrower: 'b',
          amountUsd: 9,
        },
      },
    ]);
    const timeline = scenarioTimeline(index, head, overlay);
    const { network } = scenarioNetwork(
      timeline.source,
      at,
      timeline.knownPosition,
      [],
      {},
    );
    expect(obligation(network, 'b', 'c')).toBe(0);
    expect(obligation(network, 'b', 'a')).toBe(9);
    expect(
      obligation(scenarioNetwork(index, at, head, [], {}).network, 'b', 'c'),
    ).toBe(30);
    // Before its effective date the hypothetical deal does not exist.
    const early = scenarioNetwork(
      timeline.source,
      ms('2025-01-15'),
      timeline.knownPosition,
      [],
      {},
    ).network;
    expect(obligation(early, 'b', 'a')).toBe(0);
  });

  it('a haircut selects deals by kind, category, buyer or seller; a value that matches nothing names its field', () => {
    const byKind = scenarioNetwork(
      index,
      at,
      head,
      [{ type: 'haircut', fraction: 0.5, kind: 'loan' }],
      {},
    );
    expect(obligation(byKind.network, 'b', 'c')).toBe(15);
    const byBuyer = scenarioNetwork(
      index,
      at,
      head,
      [{ type: 'haircut', fraction: 0.5, buyer: 'a' }],
      {},
    );
    expect(obligation(byBuyer.network, 'a', 'b')).toBeCloseTo(50, 9);
    expect(() =>
      scenarioNetwork(
        index,
        at,
        head,
        [{ type: 'haircut', fraction: 0.5, category: 'gpus' }],
        {},
      ),
    ).toThrow('shocks[0].category');
  });

  describe('full-commitment, the earlier reading', () => {
    const shocks = [
      { type: 'default' as const, company: 'b', recoveryRate: 0.3 },
      { type: 'haircut' as const, deal: 'stake-ca', fraction: 0.5 },
    ];
    const unused: Valuation = {
      valueDeal: () => {
        throw new Error('full-commitment values no deal');
      },
      balanceSheetsAt: () => {
        throw new Error('full-commitment reads no balance sheet');
      },
    };
    for (const model of CONTAGION_MODELS) {
      it(`given ${model}, then runScenario answers the earlier figures to the bit, with the baseline beside them`, () => {
        const params = { recoveryRate: 0.2, alpha: 0.7, beta: 0.9 };
        const earlier = runScenarioModel(
          model,
          scenarioNetwork(index, at, head, shocks, params),
        );
        const now = runScenario(
          index,
          at,
          head,
          model,
          shocks,
          { ...params, basis: 'full-commitment' },
          unused,
        );
        const { basis, params: used, baselineDefaults, caveats, ...rest } = now;
        expect(basis).toBe('full-commitment');
        expect(used.horizonDays).toBeNull();
        expect(baselineDefaults).toEqual([]);
        expect(caveats).toEqual([]);
        const same = {
          ...rest,
          companies: rest.companies.map((c) => {
            const row: ScenarioCompanyResult = {
              id: c.id,
              equityBeforeUsd: c.equityBeforeUsd,
              lossUsd: c.lossUsd,
              equityAfterUsd: c.equityAfterUsd,
              defaulted: c.defaulted,
              defaultRound: c.defaultRound,
            };
            if (c.paymentUsd !== undefined) row.paymentUsd = c.paymentUsd;
            if (c.distress !== undefined) row.distress = c.distress;
            return row;
          }),
        };
        expect(resultDigest(same)).toBe(resultDigest(earlier));
        expect(now.companies.every((c) => !c.failingWithoutShock)).toBe(true);
        // b's failure leaves a without the 100 of compute still to come from b.
        const a = now.companies.find((c) => c.id === 'a')!;
        expect(a.capacityAtRiskUsd).toBeCloseTo(100, 9);
      });
    }
  });

  it('the balance-sheet reading values every deal through the valuation rules it is given', () => {
    // A stand-in for the valuation rules: gross amounts as losses given default, v1 figures.
    const valuation: Valuation = {
      valueDeal: (state, t) => {
        const worth = dealWorth(state, t);
        return {
          dealId: state.dealId,
          kind: state.kind,
          included: true,
          amountUsd: state.terms.amountUsd,
          estimated: false,
          legs: worth.legs
            .filter((l) => l.basis !== 'unfunded-commitment')
            .map((l) => ({
              dealId: state.dealId,
              kind: state.kind,
              holder: l.holder,
              counterparty: l.counterparty,
              basis: l.basis as
                'loan-principal' | 'supply-commitment' | 'carrying-value',
              grossUsd: l.amountUsd,
              lossGivenDefaultUsd: l.amountUsd,
              arrearsUsd: 0,
              dueWithinHorizonUsd: 0,
              dueAfterHorizonUsd: 0,
              damagesRate: 0,
            })),
          dueBetween: () => 0,
          caveats: [],
        };
      },
      balanceSheetsAt: (companies) =>
        new Map(
          companies.map((c) => [
            c.companyId,
            {
              companyId: c.companyId,
              periodEnd: null,
              reported: false,
              totalAssetsUsd: null,
              totalLiabilitiesUsd: null,
              equityUsd: c.equityUsd,
              cashUsd: null,
              operatingCashFlowUsd: null,
              source: null,
              externalAssetsUsd: c.externalAssetsUsd,
              externalLiabilitiesUsd: c.externalLiabilitiesUsd,
              flows: {
                cashUsd: 0,
                equityUsd: 0,
                stakesUsd: 0,
                count: 0,
                assetsUsd: 0,
                liabilitiesUsd: 0,
              },
              caveats: [],
            },
          ]),
        ),
    };
    const r = runScenario(
      index,
      at,
      head,
      'furfine',
      [{ type: 'default', company: 'b' }],
      {},
      valuation,
    );
    expect(r.basis).toBe('balance-sheet');
    // c lent b 30 and loses all of it (recovery 0): more than its equity of 8, so c fails in round 1.
    const c = r.companies.find((x) => x.id === 'c')!;
    expect(c.lossUsd).toBe(30);
    expect(r.defaults).toEqual(['b', 'c']);
    // a holds nothing on b or c (c holds a stake in a), so it loses nothing.
    expect(r.companies.find((x) => x.id === 'a')!.lossUsd).toBe(0);
  });

  it('only what was known at knownPosition is replayed under the overlay', () => {
    const timeline = scenarioTimeline(index, 3, [
      { type: 'SuppressDeal', deal: 'loan-cb' },
    ]);
    expect(timeline.source.deals(at, timeline.knownPosition)).toEqual([]);
  });
});

describe('analysis kernels', () => {
  const network = syntheticNetwork({
    companies: 60,
    obligations: 600,
    seed: 3,
  });
  const input = {
    network,
    model: 'furfine' as const,
    params: { recoveryRate: 0.2 },
    base: {},
  };

  it('a sweep is the same however its runs are split between threads', () => {
    const p = new Float64Array(network.n).fill(0.05);
    const whole = sweepRuns(input, p, 99, 0, 200);
    const a = sweepRuns(input, p, 99, 0, 70);
    const b = sweepRuns(input, p, 99, 70, 200);
    expect(Array.from(whole.lossUsd)).toEqual([...a.lossUsd, ...b.lossUsd]);
    expect(Array.from(sweepRuns(input, p, 100, 0, 200).lossUsd)).not.toEqual(
      Array.from(whole.lossUsd),
    );
  });

  it('summarises the loss distribution: VaR is a nearest-rank quantile, expected shortfall the tail mean', () => {
    const losses = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summariseSweep(losses, new Int32Array(100), 10);
    expect(s.meanLossUsd).toBe(50.5);
    expect(s.var95Usd).toBe(95);
    expect(s.var99Usd).toBe(99);
    expect(s.es95Usd).toBe((96 + 97 + 98 + 99 + 100) / 5);
    expect(s.es99Usd).toBe(100);
    expect(s.histogram.map((h) => h.count)).toEqual([
      10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
    ]);
  });

  it('ranks by total loss, then failures caused', () => {
    const unranked = systemicRows(input, [0, 1, 2, 3, 4, 5], 0);
    const rows = rankSystemic(unranked);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.company).sort()).toEqual(
      unranked.map((r) => r.company).sort(),
    );
    for (let k = 1; k < rows.length; k++)
      expect(rows[k - 1].totalLossUsd).toBeGreaterThanOrEqual(
        rows[k].totalLossUsd,
      );
    expect(rows.every((r) => !r.defaults.includes(r.company))).toBe(true);
    // equal losses: the one that brings more companies down first
    const row = (
      company: string,
      totalLossUsd: number,
      failuresCaused: number,
    ) => ({ ...unranked[0], company, totalLossUsd, failuresCaused });
    expect(
      rankSystemic([row('a', 5, 0), row('b', 5, 2), row('c', 9, 0)]).map(
        (r) => r.company,
      ),
    ).toEqual(['c', 'b', 'a']);
  });
});

describe('systemic rows against the network as it stands', () => {
  // TV1: n1 and n2 default even with no one failing (baseline total loss 5).
  const tv1 = fromMatrix({
    L: [
      [0, 20, 10],
      [5, 0, 24],
      [10, 0, 0],
    ],
    externalAssets: [10, 10, 10],
  });

  it('does not count companies that fail anyway, and measures the loss it adds', () => {
    const [row] = systemicRows(
      { network: tv1, model: 'eisenberg-noe', params: {}, base: {} },
      [2],
      0,
    );
    expect(row.defaults).toEqual([]);
    expect(row.failuresCaused).toBe(0);
    expect(row.additionalLossUsd).toBeCloseTo(row.totalLossUsd - 5, 9);
  });
});
