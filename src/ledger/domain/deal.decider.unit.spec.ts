import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
  TangleError,
  ValidationError,
} from '../../shared/errors';
import { specFor } from './testing/decider-specification';
import { dealDecider, DealContext } from './deal.decider';
import { DealCommand, RecordDeal } from './ledger.commands';
import { DealFact } from './ledger.fact';

const companies: Record<string, string> = {
  openai: '2015-12-11T00:00:00.000Z',
  oracle: '1977-06-16T00:00:00.000Z',
  nvidia: '1993-04-05T00:00:00.000Z',
  xai: '2023-03-09T00:00:00.000Z',
};
const context: DealContext = { companyRegisteredAt: (id) => companies[id] };
const spec = specFor(dealDecider, context);

const stargate: RecordDeal = {
  command: 'record-deal',
  id: 'oracle-openai-stargate',
  kind: 'supply',
  buyer: 'openai',
  seller: 'oracle',
  amountUsd: 300e9,
  effectiveAt: '2025-09-10',
  startDate: '2027-01-01',
  endDate: '2032-01-01',
  category: 'compute',
  source: 'https://example.com/wsj',
};

const recorded: DealFact = {
  event: {
    type: 'DealRecorded',
    data: {
      dealId: 'oracle-openai-stargate',
      kind: 'supply',
      buyer: 'openai',
      seller: 'oracle',
      amountUsd: 300e9,
      startDate: '2027-01-01T00:00:00.000Z',
      endDate: '2032-01-01T00:00:00.000Z',
      schedule: null,
      category: 'compute',
      vendorFinancing: false,
      source: 'https://example.com/wsj',
      notes: null,
      certainty: 'binding',
      confidence: 'high',
      estimateUsd: null,
      damagesRate: null,
      capacityGw: null,
    },
  },
  effectiveAt: '2025-09-10T00:00:00.000Z',
  reason: null,
};
const terminated: DealFact = {
  event: { type: 'DealTerminated', data: { dealId: 'oracle-openai-stargate' } },
  effectiveAt: '2026-01-01T00:00:00.000Z',
  reason: 'cancelled',
};
const retracted: DealFact = {
  event: { type: 'DealRetracted', data: { dealId: 'oracle-openai-stargate' } },
  effectiveAt: '2025-09-10T00:00:00.000Z',
  reason: 'recorded in error',
};
const paid = (amountUsd: number): DealFact => ({
  event: {
    type: 'DealPaymentRecorded',
    data: { dealId: 'oracle-openai-stargate', amountUsd },
  },
  effectiveAt: '2027-02-01T00:00:00.000Z',
  reason: null,
});

describe('deal decider', () => {
  describe('when the deal does not exist', () => {
    const given = spec.given([]);

    it('records a supply deal with its roles and terms as instants', () => {
      given.when(stargate).then([recorded]);
    });

    it('records a deal without a published amount, amountUsd null', () => {
      const [fact] = given.when({ ...stargate, amountUsd: undefined }).facts();
      expect(fact.event.data).toMatchObject({ amountUsd: null });
    });

    it('records a loan, maturityDate standing for endDate', () => {
      const [fact] = given
        .when({
          command: 'record-deal',
          id: 'l1',
          kind: 'loan',
          lender: 'nvidia',
          borrower: 'xai',
          amountUsd: 2e9,
          effectiveAt: '2025-10-01',
          maturityDate: '2030-10-01',
          vendorFinancing: true,
        })
        .facts();
      expect(fact.event.data).toMatchObject({
        kind: 'loan',
        lender: 'nvidia',
        borrower: 'xai',
        endDate: '2030-10-01T00:00:00.000Z',
        vendorFinancing: true,
      });
    });

    it('records an investment with a schedule of tranches, sorted by date', () => {
      const [fact] = given
        .when({
          command: 'record-deal',
          id: 'nv-oa',
          kind: 'investment',
          investor: 'nvidia',
          investee: 'openai',
          amountUsd: 100e9,
          effectiveAt: '2025-09-22',
          schedule: [
            { date: '2026-09-22', amountUsd: 90e9 },
            { date: '2025-09-22', amountUsd: 10e9 },
          ],
        })
        .facts();
      expect(fact.event.data).toMatchObject({
        schedule: [
          { date: '2025-09-22T00:00:00.000Z', amountUsd: 10e9 },
          { date: '2026-09-22T00:00:00.000Z', amountUsd: 90e9 },
        ],
      });
    });

    it.each([
      [{ amountUsd: 0 }, /^amountUsd: must be a positive finite number/],
      [{ amountUsd: -5 }, /^amountUsd: must be a positive finite number/],
      [{ amountUsd: Infinity }, /^amountUsd: must be a positive finite number/],
      [{ id: 'Bad Id' }, /^id: must be a slug/],
      [{ effectiveAt: '2025-13-45' }, /^effectiveAt: /],
      [{ startDate: '2025-02-30' }, /^startDate: /],
      [{ buyer: undefined }, /^buyer: must be a slug/],
      [{ lender: 'nvidia' }, /^lender: is not a role of a supply deal/],
      [{ maturityDate: '2030-01-01' }, /^maturityDate: only loans/],
      [
        { kind: 'swap' as never },
        /^kind: must be one of supply, investment, loan/,
      ],
      [
        { schedule: [{ date: '2028-01-01', amountUsd: -1 }] },
        /^schedule\[0\]\.amountUsd: /,
      ],
      [{ schedule: [] }, /^schedule: must have at least one installment/],
    ])('refuses %j naming the field', (change, message) => {
      given
        .when({ ...stargate, ...change })
        .thenRefuses(ValidationError, message);
    });

    it.each([
      [{ seller: 'openai' }, /^seller: must differ from buyer/],
      [{ endDate: '2026-01-01' }, /^endDate: must be after startDate/],
      [
        { startDate: undefined, endDate: '2025-01-01' },
        /^endDate: must be after the deal's effectiveAt/,
      ],
      [
        { schedule: [{ date: '2028-01-01', amountUsd: 100e9 }] },
        /^schedule: installments sum to 100000000000, not to amountUsd/,
      ],
      [
        { schedule: [{ date: '2026-01-01', amountUsd: 300e9 }] },
        /^schedule\[0\]\.date: falls before the term starts/,
      ],
      [
        { schedule: [{ date: '2033-01-01', amountUsd: 300e9 }] },
        /^schedule\[0\]\.date: falls after the term ends/,
      ],
      [
        {
          amountUsd: undefined,
          schedule: [{ date: '2028-01-01', amountUsd: 1 }],
        },
        /^schedule: needs amountUsd/,
      ],
      [
        { buyer: 'xai', effectiveAt: '2020-01-01' },
        /^effectiveAt: must not be before the registration of buyer xai/,
      ],
    ])('refuses %j as a broken rule naming the field', (change, message) => {
      given
        .when({ ...stargate, ...change })
        .thenRefuses(RuleViolationError, message);
    });

    it('refuses a loan whose endDate and maturityDate disagree', () => {
      given
        .when({
          command: 'record-deal',
          id: 'l1',
          kind: 'loan',
          lender: 'nvidia',
          borrower: 'xai',
          amountUsd: 1,
          effectiveAt: '2025-10-01',
          endDate: '2030-01-01',
          maturityDate: '2031-01-01',
        })
        .thenRefuses(ValidationError, /^maturityDate: is the alias of endDate/);
    });

    it('refuses a role naming an unknown company as not found, naming the role', () => {
      given
        .when({ ...stargate, seller: 'ghost' })
        .thenRefuses(TangleError, /^seller: company ghost not found/);
      expect(() =>
        dealDecider.decide(
          { ...stargate, seller: 'ghost' },
          dealDecider.initialState,
          context,
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'not_found',
          field: 'seller',
        }) as Error,
      );
    });

    it.each([
      {
        command: 'amend-deal' as const,
        id: 'ghost',
        effectiveAt: '2026-01-01',
        reason: 'r',
        amountUsd: 1,
      },
      {
        command: 'terminate-deal' as const,
        id: 'ghost',
        effectiveAt: '2026-01-01',
        reason: 'r',
      },
      {
        command: 'record-payment' as const,
        id: 'ghost',
        effectiveAt: '2026-01-01',
        amountUsd: 1,
      },
      {
        command: 'write-down-deal' as const,
        id: 'ghost',
        effectiveAt: '2026-01-01',
        amountUsd: 1,
        reason: 'r',
      },
      { command: 'retract-deal' as const, id: 'ghost', reason: 'r' },
    ])('refuses $command on an unknown deal as not found', (command) => {
      given.when(command).thenRefuses(NotFoundError, /deal ghost not found/);
    });
  });

  describe('when the deal is active', () => {
    const given = spec.given([recorded]);

    it('refuses to record it again', () => {
      given
        .when(stargate)
        .thenRefuses(
          AlreadyExistsError,
          /deal oracle-openai-stargate already exists/,
        );
    });

    it('amends only the fields that change, with the reason', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: 'scaled back',
          amountUsd: 250e9,
          category: 'compute',
          notes: 'phase 1',
        })
        .then([
          {
            event: {
              type: 'DealAmended',
              data: {
                dealId: 'oracle-openai-stargate',
                changes: { amountUsd: 250e9, notes: 'phase 1' },
              },
            },
            effectiveAt: '2026-01-01T00:00:00.000Z',
            reason: 'scaled back',
          },
        ]);
    });

    it('amends a field to null (amount no longer published)', () => {
      const [fact] = given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: 'r',
          amountUsd: null,
        })
        .facts();
      expect(fact.event.data).toEqual({
        dealId: 'oracle-openai-stargate',
        changes: { amountUsd: null },
      });
    });

    it('refuses an amendment without a reason', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: '',
          amountUsd: 1,
        })
        .thenRefuses(ValidationError, /^reason: /);
    });

    it('refuses an amendment that changes nothing', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: 'r',
          amountUsd: 300e9,
        })
        .thenRefuses(RuleViolationError, /^changes: nothing to amend/);
    });

    it('refuses an amendment that breaks the term', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: 'r',
          endDate: '2026-06-01',
        })
        .thenRefuses(RuleViolationError, /^endDate: must be after startDate/);
    });

    it('refuses an amendment dated before the deal', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2025-01-01',
          reason: 'r',
          amountUsd: 1,
        })
        .thenRefuses(
          RuleViolationError,
          /^effectiveAt: must not be before the deal's effectiveAt/,
        );
    });

    it('refuses an amendment of an unknown field', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: 'r',
          vendorFinancing: 'yes' as never,
        })
        .thenRefuses(
          ValidationError,
          /^vendorFinancing: must be true or false/,
        );
    });

    it('terminates it, with the reason', () => {
      given
        .when({
          command: 'terminate-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: 'cancelled',
        })
        .then([terminated]);
    });

    it('refuses a termination without a reason', () => {
      given
        .when({
          command: 'terminate-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-01-01',
          reason: '',
        })
        .thenRefuses(ValidationError, /^reason: /);
    });

    it('records a payment', () => {
      given
        .when({
          command: 'record-payment',
          id: 'oracle-openai-stargate',
          amountUsd: 5e9,
          effectiveAt: '2027-02-01',
        })
        .then([paid(5e9)]);
    });

    it.each([0, -1, NaN, Infinity])('refuses a payment of %p', (amountUsd) => {
      given
        .when({
          command: 'record-payment',
          id: 'oracle-openai-stargate',
          amountUsd,
          effectiveAt: '2027-02-01',
        })
        .thenRefuses(
          ValidationError,
          /^amountUsd: must be a positive finite number/,
        );
    });

    it('writes it down with a reason', () => {
      given
        .when({
          command: 'write-down-deal',
          id: 'oracle-openai-stargate',
          amountUsd: 1e9,
          effectiveAt: '2026-02-01',
          reason: 'impaired',
        })
        .then([
          {
            event: {
              type: 'DealWrittenDown',
              data: { dealId: 'oracle-openai-stargate', amountUsd: 1e9 },
            },
            effectiveAt: '2026-02-01T00:00:00.000Z',
            reason: 'impaired',
          },
        ]);
    });

    it('refuses a write-down beyond the amount', () => {
      given
        .when({
          command: 'write-down-deal',
          id: 'oracle-openai-stargate',
          amountUsd: 301e9,
          effectiveAt: '2026-02-01',
          reason: 'impaired',
        })
        .thenRefuses(
          RuleViolationError,
          /^amountUsd: would bring write-downs to/,
        );
    });

    it('retracts it back to its signing by default', () => {
      given
        .when({
          command: 'retract-deal',
          id: 'oracle-openai-stargate',
          reason: 'recorded in error',
        })
        .then([retracted]);
    });

    it('refuses a retraction without a reason', () => {
      given
        .when({
          command: 'retract-deal',
          id: 'oracle-openai-stargate',
          reason: '',
        })
        .thenRefuses(ValidationError, /^reason: /);
    });
  });

  describe('when the deal is partly paid', () => {
    const given = spec.given([recorded, paid(200e9)]);

    it('refuses a payment beyond the amount', () => {
      given
        .when({
          command: 'record-payment',
          id: 'oracle-openai-stargate',
          amountUsd: 101e9,
          effectiveAt: '2027-03-01',
        })
        .thenRefuses(
          RuleViolationError,
          /^amountUsd: would bring payments to 301000000000, above the deal's amountUsd 300000000000/,
        );
    });

    it('accepts the payment that completes it', () => {
      expect(
        given
          .when({
            command: 'record-payment',
            id: 'oracle-openai-stargate',
            amountUsd: 100e9,
            effectiveAt: '2027-03-01',
          })
          .facts()
          .map((f) => f.event.type),
      ).toEqual(['DealPaymentRecorded']);
    });

    it('refuses an amendment of the amount below what was paid', () => {
      given
        .when({
          command: 'amend-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2027-03-01',
          reason: 'r',
          amountUsd: 150e9,
        })
        .thenRefuses(
          RuleViolationError,
          /^amountUsd: must cover the 200000000000 already paid/,
        );
    });
  });

  /** Commands only an active deal takes, with the verb of their refusal. */
  const onlyWhileActive: [DealCommand, RegExp][] = [
    [
      {
        command: 'amend-deal',
        id: 'oracle-openai-stargate',
        effectiveAt: '2026-02-01',
        reason: 'r',
        amountUsd: 1,
      },
      /cannot be amended/,
    ],
    [
      {
        command: 'record-payment',
        id: 'oracle-openai-stargate',
        effectiveAt: '2026-02-01',
        amountUsd: 1,
      },
      /cannot be paid/,
    ],
    [
      {
        command: 'terminate-deal',
        id: 'oracle-openai-stargate',
        effectiveAt: '2026-02-01',
        reason: 'r',
      },
      /cannot be terminated/,
    ],
  ];

  /** The refusal of `message`'s verb by a deal in `status`. */
  const refusedBy = (status: string, message: RegExp): RegExp =>
    new RegExp(
      `^id: deal oracle-openai-stargate is ${status}: it ${message.source}`,
    );

  describe('when the deal is terminated', () => {
    const given = spec.given([recorded, terminated]);

    it.each(onlyWhileActive)('refuses %j', (command, message) => {
      given
        .when(command)
        .thenRefuses(RuleViolationError, refusedBy('terminated', message));
    });

    it('can still be retracted (it was recorded in error after all)', () => {
      expect(
        given
          .when({
            command: 'retract-deal',
            id: 'oracle-openai-stargate',
            reason: 'never signed',
          })
          .facts()
          .map((f) => f.event.type),
      ).toEqual(['DealRetracted']);
    });

    it('can still be written down', () => {
      expect(
        given
          .when({
            command: 'write-down-deal',
            id: 'oracle-openai-stargate',
            amountUsd: 1,
            effectiveAt: '2026-02-01',
            reason: 'r',
          })
          .facts()
          .map((f) => f.event.type),
      ).toEqual(['DealWrittenDown']);
    });
  });

  describe('when the deal is retracted', () => {
    const given = spec.given([recorded, retracted]);

    it.each([
      ...onlyWhileActive,
      [
        {
          command: 'write-down-deal',
          id: 'oracle-openai-stargate',
          effectiveAt: '2026-02-01',
          reason: 'r',
          amountUsd: 1,
        },
        /cannot be written down/,
      ],
      [
        {
          command: 'retract-deal',
          id: 'oracle-openai-stargate',
          reason: 'r',
        },
        /cannot be retracted/,
      ],
    ] satisfies [DealCommand, RegExp][])('refuses %j', (command, message) => {
      given
        .when(command)
        .thenRefuses(RuleViolationError, refusedBy('retracted', message));
    });
  });
});

describe('deal decider: certainty, confidence, estimates, damages and capacity', () => {
  const nvidiaLoi: RecordDeal = {
    command: 'record-deal',
    id: 'nvidia-openai-loi',
    kind: 'investment',
    investor: 'nvidia',
    investee: 'openai',
    effectiveAt: '2025-09-22',
    certainty: 'intent',
    confidence: 'medium',
    estimateUsd: {
      low: 60e9,
      central: 100e9,
      high: 100e9,
      basis: 'up to $100B as each GW is deployed',
    },
    capacityGw: 10,
  };

  describe('when the deal does not exist', () => {
    const given = spec.given([]);

    it('records certainty, confidence, the estimate and the capacity', () => {
      const [fact] = given.when(nvidiaLoi).facts();
      expect(fact.event.data).toMatchObject({
        amountUsd: null,
        certainty: 'intent',
        confidence: 'medium',
        estimateUsd: {
          low: 60e9,
          central: 100e9,
          high: 100e9,
          basis: 'up to $100B as each GW is deployed',
        },
        damagesRate: null,
        capacityGw: 10,
      });
    });

    it('defaults to binding, high confidence, no estimate, rate or capacity', () => {
      const [fact] = given.when(stargate).facts();
      expect(fact.event.data).toMatchObject({
        certainty: 'binding',
        confidence: 'high',
        estimateUsd: null,
        damagesRate: null,
        capacityGw: null,
      });
    });

    it.each([
      [
        { certainty: 'maybe' },
        /^certainty: must be one of binding, conditional, intent/,
      ],
      [{ confidence: 'none' }, /^confidence: must be one of high, medium, low/],
      [{ damagesRate: 1.5 }, /^damagesRate: must be a number between 0 and 1/],
      [{ capacityGw: 0 }, /^capacityGw: must be a positive finite number/],
      [
        { estimateUsd: { low: 2, central: 1, high: 3, basis: 'x' } },
        /^estimateUsd: must have low ≤ central ≤ high/,
      ],
      [
        { estimateUsd: { low: 1, central: 2, high: 3, basis: ' ' } },
        /^estimateUsd\.basis: must be a non-empty string/,
      ],
      [
        { estimateUsd: { low: -1, central: 2, high: 3, basis: 'x' } },
        /^estimateUsd\.low: must be a positive finite number/,
      ],
    ])('refuses %j naming the field', (change, message) => {
      given
        .when({ ...nvidiaLoi, ...change } as DealCommand)
        .thenRefuses(ValidationError, message);
    });

    it('refuses an estimate beside a published amount', () => {
      given
        .when({ ...nvidiaLoi, amountUsd: 100e9 })
        .thenRefuses(
          RuleViolationError,
          /^estimateUsd: is for a deal with no published amount/,
        );
    });
  });

  describe('when an estimated deal is active', () => {
    const given = spec.given([]).when(nvidiaLoi).facts();
    const then = spec.given(given);

    it('amends certainty, confidence, damages rate and capacity with a reason', () => {
      const [fact] = then
        .when({
          command: 'amend-deal',
          id: 'nvidia-openai-loi',
          effectiveAt: '2025-10-01',
          reason: 'definitive agreement signed',
          certainty: 'binding',
          confidence: 'high',
          damagesRate: 0.1,
          capacityGw: 12,
        })
        .facts();
      expect(fact.event.data).toEqual({
        dealId: 'nvidia-openai-loi',
        changes: {
          certainty: 'binding',
          confidence: 'high',
          damagesRate: 0.1,
          capacityGw: 12,
        },
      });
      expect(fact.reason).toBe('definitive agreement signed');
    });

    it('replaces the estimate by the published amount when both change together', () => {
      const [fact] = then
        .when({
          command: 'amend-deal',
          id: 'nvidia-openai-loi',
          effectiveAt: '2025-10-01',
          reason: 'amount published',
          amountUsd: 90e9,
          estimateUsd: null,
        })
        .facts();
      expect(fact.event.data).toEqual({
        dealId: 'nvidia-openai-loi',
        changes: { amountUsd: 90e9, estimateUsd: null },
      });
    });

    it('refuses a published amount while the estimate stays', () => {
      then
        .when({
          command: 'amend-deal',
          id: 'nvidia-openai-loi',
          effectiveAt: '2025-10-01',
          reason: 'amount published',
          amountUsd: 90e9,
        })
        .thenRefuses(
          RuleViolationError,
          /^estimateUsd: is for a deal with no published amount/,
        );
    });

    it('refuses to clear certainty', () => {
      then
        .when({
          command: 'amend-deal',
          id: 'nvidia-openai-loi',
          effectiveAt: '2025-10-01',
          reason: 'unknown',
          certainty: null as unknown as 'binding',
        })
        .thenRefuses(ValidationError, /^certainty: cannot be cleared/);
    });
  });
});
