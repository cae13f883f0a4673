import { validateAs } from '../../common/validation';
import { ValidationError } from '../../shared/errors';
import { scenarioDefinition } from '../domain/scenario.definition';
import { CreateScenarioDto, SweepDto } from './scenario.dto';

const body = (shocks: object[], params?: object) => ({
  name: 'x',
  at: '2025-01-01',
  model: 'furfine',
  shocks,
  ...(params ? { params } : {}),
});
const scenario = (shocks: object[], params?: object) =>
  validateAs(CreateScenarioDto, body(shocks, params));

describe('the edge of POST /scenarios', () => {
  describe('a haircut', () => {
    it('takes exactly one selector: none is named at deal, two at the second', async () => {
      await expect(
        scenario([{ type: 'haircut', fraction: 0.5 }]),
      ).rejects.toThrow(
        'shocks[0].deal: give exactly one of deal, deals, category, kind, buyer, seller',
      );
      await expect(
        scenario([{ type: 'haircut', fraction: 0.5, buyer: 'a', seller: 'b' }]),
      ).rejects.toThrow('shocks[0].seller: give exactly one');
    });

    it('checks the selector’s value: a kind of deal, a non-empty list of deal ids', async () => {
      await expect(
        scenario([{ type: 'haircut', fraction: 0.5, kind: 'swap' }]),
      ).rejects.toThrow(
        'shocks[0].kind: must be one of supply, investment, loan',
      );
      await expect(
        scenario([{ type: 'haircut', fraction: 0.5, deals: [] }]),
      ).rejects.toThrow('shocks[0].deals: must be a non-empty array');
      await expect(
        scenario([
          { type: 'haircut', fraction: 0.5, deals: ['ok', 'Not A Slug'] },
        ]),
      ).rejects.toThrow('shocks[0].deals');
    });

    it('keeps today’s form', async () => {
      const dto = await scenario([
        { type: 'haircut', deal: 'd', fraction: 0.2 },
      ]);
      expect(dto.shocks[0]).toMatchObject({
        type: 'haircut',
        deal: 'd',
        fraction: 0.2,
      });
    });
  });

  describe('every shock', () => {
    it.each([
      [[{ type: 'default' }], 'shocks[0].company: must be a slug'],
      [
        [{ type: 'default', company: 'a', recoveryRate: 2 }],
        'shocks[0].recoveryRate',
      ],
      [
        [{ type: 'default', company: 'a', colour: 1 }],
        'shocks[0].colour: is not a known field',
      ],
      [
        [{ type: 'asset-shock', fraction: 0.1, companies: [] }],
        'shocks[0].companies',
      ],
      [[{ type: 'cancel-deal' }], 'shocks[0].deal'],
      [[{ type: 'haircut', deal: 'd', fraction: -1 }], 'shocks[0].fraction'],
      [[7], 'shocks: each shock must be an object'],
      [[null], 'shocks: each shock must be an object'],
    ])('is checked field by field (%#)', async (shocks, message) => {
      const p = scenario(shocks as object[]);
      await expect(p).rejects.toThrow(ValidationError);
      await expect(scenario(shocks as object[])).rejects.toThrow(message);
    });
  });

  describe('the settings', () => {
    it('a horizon given as text is named as not a number', async () => {
      await expect(scenario([], { horizonDays: '30' })).rejects.toThrow(
        'params.horizonDays: must be a number',
      );
    });

    it('all of them, valid, pass as given', async () => {
      const params = {
        equityRecoveryRate: 0,
        horizonDays: 1,
        damagesRate: 1,
        basis: 'full-commitment',
        periods: 'year',
        minCertainty: 'intent',
        minConfidence: 'high',
        estimates: 'omit',
      };
      const dto = await scenario([], params);
      expect({ ...dto.params }).toMatchObject(params);
    });
  });

  it('a sweep checks its shocks the same way', async () => {
    await expect(
      validateAs(SweepDto, {
        at: '2025-01-01',
        model: 'furfine',
        probability: 0.1,
        seed: 1,
        runs: 1,
        shocks: [{ type: 'haircut', fraction: 0.5 }],
      }),
    ).rejects.toThrow('shocks[0].deal: give exactly one');
  });
});

/** A body read as POST /scenarios reads it: the edge's checks (the DTO), then the domain's rules. */
const parseScenarioDefinition = async (raw: object) =>
  scenarioDefinition(await validateAs(CreateScenarioDto, raw));

describe('scenario definitions', () => {
  it('names the offending field', async () => {
    await expect(
      parseScenarioDefinition({
        name: 'x',
        at: '2025-01-01',
        model: 'furfine',
        shocks: [{ type: 'melt' }],
      }),
    ).rejects.toThrow('shocks[0].type');
    await expect(
      parseScenarioDefinition({
        name: 'x',
        at: '2025-01-01',
        model: 'furfine',
        shocks: [],
        colour: 1,
      }),
    ).rejects.toThrow('colour');
    await expect(
      parseScenarioDefinition({
        name: 'x',
        at: '2025-01-01',
        model: 'furfine',
        shocks: [
          { type: 'asset-shock', fraction: 0.1, companies: ['a'], sector: 's' },
        ],
      }),
    ).rejects.toThrow('shocks[0].sector');
    await expect(
      parseScenarioDefinition({
        name: 'x',
        at: '2025-01-01',
        model: 'furfine',
        params: { horizonDays: 1.5 },
        shocks: [],
      }),
    ).rejects.toThrow('params.horizonDays');
  });
});
