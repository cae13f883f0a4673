import fc from 'fast-check';
import { DEAL_KINDS, DealKind } from '../../contracts/deals';
import { CompanyRow, EdgeView } from '../../exposure/domain/exposure.views';
import { ChunkedRows, CHUNK } from '../../shared/chunked-list';
import { ComparedEdge, compareNetworks } from './scenario.comparison';

/** Every row, in order, as one array. */
const all = (rows: ChunkedRows<ComparedEdge>): ComparedEdge[] =>
  [...rows.chunks()].flat();

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
  kind: DealKind = 'loan',
): EdgeView => ({
  holder,
  counterparty,
  kind,
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
      expect(all(edges)).toEqual([
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
      expect(edges.at(0)).toMatchObject({
        baselineUsd: 5,
        scenarioUsd: 7,
        differenceUsd: 2,
        deals: ['x'],
      });
      expect(compareNetworks(two, one).edges.at(0).differenceUsd).toBe(-2);
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
      expect(edges.at(0).differenceUsd).toBe(0);
    });
  });

  describe('given whole-network answers, edges by holder and counterparty, kinds by number', () => {
    /**
     * The comparison the endpoint answered before it paired edges in one pass: every key of
     * either side (holder, counterparty, kind) in code-unit order, the deals of both sides.
     */
    const byKeys = (b: readonly EdgeView[], x: readonly EdgeView[]) => {
      const key = (e: EdgeView) =>
        `${e.holder}\u0000${e.counterparty}\u0000${e.kind}`;
      const baseE = new Map(b.map((e) => [key(e), e]));
      const scenE = new Map(x.map((e) => [key(e), e]));
      return [...new Set([...baseE.keys(), ...scenE.keys()])]
        .sort()
        .map((k) => {
          const one = baseE.get(k);
          const two = scenE.get(k);
          const e = (two ?? one)!;
          return {
            holder: e.holder,
            counterparty: e.counterparty,
            kind: e.kind,
            baselineUsd: one?.amountUsd ?? 0,
            scenarioUsd: two?.amountUsd ?? 0,
            differenceUsd: (two?.amountUsd ?? 0) - (one?.amountUsd ?? 0),
            deals: [
              ...new Set([...(one?.deals ?? []), ...(two?.deals ?? [])]),
            ].sort(),
          };
        });
    };
    /** A side's edges in answer order: holder, counterparty, then the kind's number. */
    const inAnswerOrder = (edges: EdgeView[]): EdgeView[] =>
      edges.sort(
        (a, b) =>
          (a.holder < b.holder ? -1 : a.holder > b.holder ? 1 : 0) ||
          (a.counterparty < b.counterparty
            ? -1
            : a.counterparty > b.counterparty
              ? 1
              : 0) ||
          DEAL_KINDS.indexOf(a.kind) - DEAL_KINDS.indexOf(b.kind),
      );
    const side = (ids: string[]) =>
      fc
        .uniqueArray(
          fc.record({
            holder: fc.constantFrom(...ids),
            counterparty: fc.constantFrom(...ids),
            kind: fc.constantFrom(...DEAL_KINDS),
            amountUsd: fc.integer({ min: 0, max: 1_000 }),
            deals: fc.uniqueArray(
              fc.constantFrom('d1', 'd2', 'D3', 'd10', 'é'),
            ),
          }),
          {
            selector: (e) => `${e.holder} ${e.counterparty} ${e.kind}`,
            maxLength: 40,
          },
        )
        .map((edges) =>
          inAnswerOrder(
            edges.map((e) =>
              edge(e.holder, e.counterparty, e.amountUsd, e.deals, e.kind),
            ),
          ),
        );
    // ids whose code-unit order is not their locale order, one a prefix of another
    const ids = ['a', 'ab', 'B', 'b', 'a b', 'Ä'];

    it('answers what pairing by keys answered, for any two sides', () => {
      fc.assert(
        fc.property(side(ids), side(ids), (b, x) => {
          const { edges } = compareNetworks(
            { companies: [], edges: b },
            { companies: [], edges: x },
          );
          expect(all(edges)).toEqual(byKeys(b, x));
        }),
      );
    });

    it('lists the kinds between two companies by name, however the sides order them', () => {
      const { edges } = compareNetworks(
        {
          companies: [],
          edges: [
            edge('a', 'b', 1, ['s'], 'supply'),
            edge('a', 'b', 2, ['l'], 'loan'),
          ],
        },
        { companies: [], edges: [edge('a', 'b', 3, ['i'], 'investment')] },
      );
      expect(all(edges).map((e) => e.kind)).toEqual([
        'investment',
        'loan',
        'supply',
      ]);
    });

    it('makes the rows a chunk at a time, more than a chunk in all', () => {
      const many = Array.from({ length: CHUNK + 5 }, (_, i) =>
        edge('a', `c${String(i).padStart(6, '0')}`, i, [`d${i}`]),
      );
      const { edges } = compareNetworks(
        { companies: [], edges: many },
        { companies: [], edges: many.slice(1) },
      );
      expect([...edges.chunks()].map((c) => c.length)).toEqual([CHUNK, 5]);
      expect(edges.at(0)).toMatchObject({ baselineUsd: 0, scenarioUsd: 0 });
      expect(edges.at(1)).toMatchObject({ baselineUsd: 1, differenceUsd: 0 });
    });

    it('refuses a side out of order, naming it', () => {
      expect(() =>
        compareNetworks(
          {
            companies: [],
            edges: [edge('b', 'c', 1, []), edge('a', 'c', 1, [])],
          },
          { companies: [], edges: [] },
        ),
      ).toThrow(/baseline edges out of order at 1: a → c after b → c/);
      expect(() =>
        compareNetworks(
          { companies: [], edges: [] },
          {
            companies: [],
            edges: [edge('a', 'c', 1, []), edge('a', 'c', 2, [])],
          },
        ),
      ).toThrow(
        /scenario edge 1 \(a → c\) has an unknown or repeated kind: loan/,
      );
    });
  });
});
