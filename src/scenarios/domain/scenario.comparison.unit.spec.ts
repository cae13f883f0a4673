import { CompanyRow, EdgeView } from '../../exposure/domain/exposure.views';
import { compareNetworks } from './scenario.comparison';

const company = (
  id: string,
  exposureOutUsd: number,
  exposureInUsd: number,
  defaulted = false,
): CompanyRow => ({
  id,
  name: id.toUpperCase(),
  sector: null,
  equityUsd: 10,
  externalAssetsUsd: null,
  externalLiabilitiesUsd: null,
  exposureOutUsd,
  exposureInUsd,
  defaulted,
  recoveryRate: null,
});
const edge = (
  holder: string,
  counterparty: string,
  amountUsd: number,
  deals: string[],
): EdgeView => ({
  holder,
  counterparty,
  kind: 'loan',
  amountUsd,
  // a loan: gross and loss given default are the same
  lossGivenDefaultUsd: amountUsd,
  deals,
});

describe('comparing two views of the network', () => {
  describe('given the real history and a scenario that moves one loan and adds a company', () => {
    const baseline = {
      companies: [company('b', 30, 0), company('a', 0, 30)],
      edges: [edge('a', 'b', 30, ['loan-ab'])],
    };
    const scenario = {
      companies: [
        company('a', 0, 12),
        company('b', 12, 9),
        company('c', 9, 0, true),
      ],
      edges: [edge('a', 'b', 12, ['hyp-ab']), edge('b', 'c', 9, ['hyp-bc'])],
    };
    const { companies, edges } = compareNetworks(baseline, scenario);

    it('lists every company of either side in id order, with scenario − baseline', () => {
      expect(companies.map((c) => c.id)).toEqual(['a', 'b', 'c']);
      expect(companies[1]).toEqual({
        id: 'b',
        baseline: {
          exposureOutUsd: 30,
          exposureInUsd: 0,
          defaulted: false,
          equityUsd: 10,
        },
        scenario: {
          exposureOutUsd: 12,
          exposureInUsd: 9,
          defaulted: false,
          equityUsd: 10,
        },
        difference: { exposureOutUsd: -18, exposureInUsd: 9 },
      });
    });

    it('a company on one side only has null on the other, counted 0 in the difference', () => {
      expect(companies[2]).toMatchObject({
        baseline: null,
        scenario: { defaulted: true },
        difference: { exposureOutUsd: 9, exposureInUsd: 0 },
      });
    });

    it('pairs edges by holder, counterparty and kind, listing the deals of both sides', () => {
      expect(edges).toEqual([
        {
          holder: 'a',
          counterparty: 'b',
          kind: 'loan',
          baselineUsd: 30,
          scenarioUsd: 12,
          differenceUsd: -18,
          deals: ['hyp-ab', 'loan-ab'],
        },
        {
          holder: 'b',
          counterparty: 'c',
          kind: 'loan',
          baselineUsd: 0,
          scenarioUsd: 9,
          differenceUsd: 9,
          deals: ['hyp-bc'],
        },
      ]);
    });
  });

  describe('given two scenarios', () => {
    it('compares them the same way: the first is the reference', () => {
      const one = {
        companies: [company('a', 5, 0)],
        edges: [edge('a', 'b', 5, ['x'])],
      };
      const two = {
        companies: [company('a', 7, 0)],
        edges: [edge('a', 'b', 7, ['x'])],
      };
      const { companies, edges } = compareNetworks(one, two);
      expect(companies[0].difference.exposureOutUsd).toBe(2);
      expect(edges[0]).toMatchObject({
        baselineUsd: 5,
        scenarioUsd: 7,
        differenceUsd: 2,
        deals: ['x'],
      });
      expect(compareNetworks(two, one).edges[0].differenceUsd).toBe(-2);
    });

    it('two equal views differ by nothing', () => {
      const v = {
        companies: [company('a', 5, 1)],
        edges: [edge('a', 'b', 5, ['x'])],
      };
      const { companies, edges } = compareNetworks(v, v);
      expect(companies[0].difference).toEqual({
        exposureOutUsd: 0,
        exposureInUsd: 0,
      });
      expect(edges[0].differenceUsd).toBe(0);
    });
  });
});
