import { clearingVector } from './clearing';
import { debtRank } from './debtrank';
import { furfineCascade } from './furfine';
import { buildNetwork } from './network';

/**
 * b owes s 40 (a supply claim) and owes outside creditors 60; i holds a 10 stake in b.
 * s and i have buffers large enough not to fail.
 */
describe('a failed company’s holders lose the same in every model', () => {
  const net = buildNetwork({
    companies: [
      {
        id: 'b',
        equityUsd: 0,
        externalAssetsUsd: 100,
        externalLiabilitiesUsd: 60,
      },
      { id: 'i', equityUsd: 100, externalAssetsUsd: 90 },
      { id: 's', equityUsd: 100, externalAssetsUsd: 60 },
    ],
    obligations: [{ debtor: 'b', creditor: 's', amountUsd: 40 }],
    stakes: [{ investor: 'i', investee: 'b', amountUsd: 10 }],
  });
  const shocks = { defaults: new Map([[0, 0.25]]) };

  it('given b defaults with recovery 0.25, when each model runs, then s loses 0.75 × 40 = 30 and i loses its whole stake (equity ranks last)', () => {
    const runs = [
      clearingVector(net, shocks),
      clearingVector(net, shocks, { alpha: 0.5, beta: 0.5 }, 'rogers-veraart'),
      furfineCascade(net, shocks),
      debtRank(net, shocks),
    ];
    for (const run of runs) {
      expect(run.loss[2]).toBeCloseTo(30, 9);
      expect(run.loss[1]).toBeCloseTo(10, 9);
    }
  });

  it('given equityRecoveryRate 0.4, then the investor keeps 40 % of its stake in every model', () => {
    const params = { equityRecoveryRate: 0.4 };
    for (const run of [
      clearingVector(net, shocks, params),
      furfineCascade(net, shocks, params),
      debtRank(net, shocks, params),
    ])
      expect(run.loss[1]).toBeCloseTo(6, 9);
  });

  it('given the earlier loss rules, then DebtRank ignores recovery and Furfine’s stakes recover the claim rate', () => {
    const legacy = { legacyRecovery: true, recoveryRate: 0.5 };
    const noRecovery = { defaults: new Map([[0, undefined]]) };
    expect(debtRank(net, noRecovery, legacy).loss[2]).toBeCloseTo(40, 9);
    expect(furfineCascade(net, noRecovery, legacy).loss[1]).toBeCloseTo(5, 9);
    expect(
      furfineCascade(net, noRecovery, { recoveryRate: 0.5 }).loss[1],
    ).toBeCloseTo(10, 9);
    expect(
      debtRank(net, noRecovery, { recoveryRate: 0.5 }).loss[2],
    ).toBeCloseTo(20, 9);
  });
});

describe('a buyer’s contract asset', () => {
  // b owes s 80 in commitments, more than its reported liabilities: the 30 beyond them is its
  // contract asset (outside assets 60, equity 60 + 30 − 80 = 10).
  const net = buildNetwork({
    companies: [
      { id: 'b', equityUsd: 10, externalAssetsUsd: 60, contractAssetUsd: 30 },
      { id: 's', equityUsd: 100, externalAssetsUsd: 100 },
    ],
    obligations: [{ debtor: 'b', creditor: 's', amountUsd: 80 }],
  });

  it('given no shock, then it counts towards solvency: equity before 10, nobody fails', () => {
    const run = clearingVector(net);
    expect(run.equityBefore[0]).toBe(10);
    expect(run.defaults).toEqual([]);
    expect(run.payment![0]).toBe(80);
  });

  it('given b loses a third of its outside assets, then it defaults and the contract asset pays nobody: s receives 40', () => {
    const run = clearingVector(net, {
      assetLossUsd: Float64Array.from([20, 0]),
    });
    expect(run.defaults).toEqual([0]);
    expect(run.payment![0]).toBeCloseTo(40, 9);
    expect(run.equityAfter[0]).toBeCloseTo(-40, 9);
    expect(run.loss[1]).toBeCloseTo(40, 9);
  });
});
