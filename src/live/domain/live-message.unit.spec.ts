import { toDatedEvent } from '../../exposure/domain/dated-event';
import { TemporalIndex } from '../../exposure/domain/temporal-index';
import { factUpdates, kindOf, LiveFact, LiveFold } from './live-fact';
import { ALL, LiveFilter, messagesFor } from './live-filter';
import { toSse } from './live-message';
import {
  EventLog,
  indexOfStored,
  supplyDeal,
} from '../../../test/kits/sealed-events';

const messageFor = (fact: LiveFact, filter: LiveFilter) =>
  messagesFor(fact, filter)[0] ?? null;
const idsFor = (facts: LiveFact[], filter: LiveFilter) =>
  facts.flatMap((f) => messagesFor(f, filter).map((m) => m.id));

/** Facts read against an index that has every event of the log already (as after a catch-up). */
function facts(log: EventLog) {
  const fold = new LiveFold();
  const index = indexOfStored(log.events);
  return log.events.map((e) => fold.apply(e, index));
}

describe('live messages', () => {
  const log = new EventLog();
  log.append(
    'company-openai',
    'CompanyRegistered',
    {
      companyId: 'openai',
      name: 'OpenAI',
      sector: null,
      equityUsd: 1,
      externalAssetsUsd: null,
      externalLiabilitiesUsd: null,
    },
    { effectiveAt: '2015-12-11' },
  );
  log.append('deal-stargate', 'DealRecorded', supplyDeal('stargate', 300e9), {
    effectiveAt: '2025-09-10',
  });
  // recorded 2026-01-10…; backdated to 2025-11-01
  log.append(
    'deal-stargate',
    'DealAmended',
    { dealId: 'stargate', changes: { amountUsd: 250e9 } },
    { effectiveAt: '2025-11-01', reason: 'restated' },
  );
  log.append(
    'deal-stargate',
    'DealAmended',
    { dealId: 'stargate', changes: { amountUsd: 200e9 } },
    { effectiveAt: '2026-06-01' },
  );
  log.append(
    'deal-other',
    'DealRecorded',
    supplyDeal('other', 5e9, 'microsoft', 'nvidia'),
    { effectiveAt: '2025-01-01' },
  );
  log.append(
    'deal-stargate',
    'DealAmended',
    { dealId: 'stargate', changes: { amountUsd: 240e9 } },
    { effectiveAt: '2025-10-01' },
  );
  const all = facts(log);

  it('names kind, companies, deals, and before/after amounts, with the position as id', () => {
    const m = messageFor(all[2], ALL);
    expect(m.id).toBe('3');
    expect(m.event).toBe('deal.amended');
    expect(m.data).toMatchObject({
      companies: ['openai', 'oracle'],
      deals: ['stargate'],
      amounts: { amountUsd: { before: 300e9, after: 250e9 } },
      reason: 'restated',
    });
    expect(toSse(m)).toMatch(/^id: 3\nevent: deal\.amended\ndata: \{.*\}\n\n$/);
  });

  it('filters by topic prefix or kind, company and deal', () => {
    expect(idsFor(all, { ...ALL, topics: ['company'] })).toEqual(['1']);
    expect(idsFor(all, { ...ALL, topics: ['deal.recorded'] })).toEqual([
      '2',
      '5',
    ]);
    expect(idsFor(all, { ...ALL, topics: ['deal'] })).toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(idsFor(all, { ...ALL, companies: ['microsoft'] })).toEqual([
      '5',
      '5',
    ]);
    expect(
      idsFor(all, { ...ALL, deals: ['other'], topics: ['exposure.changed'] }),
    ).toEqual(['5']);
  });

  it("follows each event with the exposure edges it moved, under the event's own position as id", () => {
    const [own, ...edges] = messagesFor(all[2], ALL);
    expect(own.data.amounts).toMatchObject({
      outstandingUsd: { before: 300e9, after: 250e9 },
    });
    expect(own.id).toBe('3');
    expect(edges.map((m) => [m.id, m.event])).toEqual([
      ['3', 'exposure.changed'],
      ['3', 'exposure.restated'],
    ]);
    expect(edges[0].data).toMatchObject({
      holder: 'oracle',
      counterparty: 'openai',
      kind: 'supply',
      amounts: { exposureUsd: { before: 300e9, after: 250e9 } },
    });
  });

  describe('scoped to the view at 2025-12-31', () => {
    const at = '2025-12-31T00:00:00.000Z';
    const messages = all.map((f) => messageFor(f, { ...ALL, at }));

    it('restates the backdated amendment, with the view’s amounts and exposure edges before and after', () => {
      expect(messages[2]).toMatchObject({
        id: '3',
        event: 'exposure.restated',
        data: {
          at,
          cause: 'deal.amended',
          amounts: { amountUsd: { before: 300e9, after: 250e9 } },
          exposures: [
            {
              holder: 'oracle',
              counterparty: 'openai',
              kind: 'supply',
              beforeUsd: 300e9,
              afterUsd: 250e9,
            },
          ],
        },
      });
    });

    it('sends nothing for a change effective after its date', () => {
      expect(messages[3]).toBeNull();
    });

    it('sends nothing for a backdated change superseded on its date by a later-effective one', () => {
      // effective 2025-10-01, but the 2025-11-01 amendment still decides the amount on 2025-12-31
      expect(messages[5]).toBeNull();
    });
  });

  it('sends the same messages whether asked as each event is indexed or long after', () => {
    // live: the index grows one event at a time and each fact's messages are asked at once
    const fold = new LiveFold();
    const index = new TemporalIndex();
    const at = '2025-12-31T00:00:00.000Z';
    const asItCame = log.events.map((e) => {
      const envelope = toDatedEvent(e);
      if (envelope) index.add(envelope);
      const fact = fold.apply(e, index);
      return {
        all: messagesFor(fact, ALL),
        at: messagesFor(fact, { ...ALL, at }),
      };
    });
    // `all`: read against the index holding the whole log (a resume after a restart)
    asItCame.forEach((m, i) => {
      expect(messagesFor(all[i], ALL)).toEqual(m.all);
      expect(messagesFor(all[i], { ...ALL, at })).toEqual(m.at);
    });
  });

  it('names a deal’s kind from its DealRecorded, even when the event leaves no deal before or after it', () => {
    const l = new EventLog();
    l.append(
      'deal-l',
      'DealRecorded',
      {
        dealId: 'l',
        kind: 'loan',
        lender: 'nvidia',
        borrower: 'openai',
        amountUsd: 10e9,
        startDate: '2025-06-01T00:00:00.000Z',
        endDate: null,
        schedule: null,
        category: null,
        vendorFinancing: false,
        source: null,
        notes: null,
      },
      { effectiveAt: '2025-06-01' },
    );
    // effective before the signing: the deal exists neither before nor after it on that date
    l.append(
      'deal-l',
      'DealRetracted',
      { dealId: 'l' },
      { effectiveAt: '2025-01-01', reason: 'recorded in error' },
    );
    const [, retracted] = facts(l);
    expect(factUpdates(retracted)[0]).toMatchObject({
      type: 'deal.retracted',
      kind: 'loan',
      companies: ['nvidia', 'openai'],
      beforeUsd: null,
      afterUsd: null,
    });
  });

  it('scoped to a date: a retraction effective after it still takes the deal out of that view', () => {
    const l = new EventLog();
    l.append('deal-x', 'DealRecorded', supplyDeal('x', 10e9), {
      effectiveAt: '2025-01-01',
    });
    l.append(
      'deal-x',
      'DealRetracted',
      { dealId: 'x' },
      { effectiveAt: '2026-03-01', reason: 'recorded in error' },
    );
    const at = '2025-12-31T00:00:00.000Z';
    const [recorded, retracted] = facts(l).map((f) =>
      messageFor(f, { ...ALL, at }),
    );
    expect(recorded?.event).toBe('exposure.restated');
    expect(retracted?.data).toMatchObject({
      cause: 'deal.retracted',
      exposures: [
        {
          holder: 'oracle',
          counterparty: 'openai',
          beforeUsd: 10e9,
          afterUsd: 0,
        },
      ],
    });
  });

  it('names other streams’ kinds after their category', () => {
    expect(kindOf('ScenarioCompleted', 'scenario-s1')).toBe(
      'scenario.completed',
    );
    expect(kindOf('DealPaymentRecorded', 'deal-x')).toBe('payment.recorded');
  });
});
