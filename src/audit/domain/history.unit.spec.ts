import { historyOf } from './history';
import { EventLog, supplyDeal } from '../../../test/kits/sealed-events';

describe('deal history', () => {
  describe('given a recorded deal', () => {
    const log = new EventLog();
    log.append('deal-stargate', 'DealRecorded', supplyDeal('stargate', 300e9), {
      effectiveAt: '2025-09-10',
    });

    it('lists every field of the recording from null', () => {
      const [entry] = historyOf('deal', log.stream('deal-stargate'));
      expect(entry.revision).toBe(0);
      expect(entry.type).toBe('DealRecorded');
      expect(entry.changes.every((c) => c.from === null)).toBe(true);
      expect(entry.changes).toEqual(
        expect.arrayContaining([
          { field: 'kind', from: null, to: 'supply' },
          { field: 'buyer', from: null, to: 'openai' },
          { field: 'seller', from: null, to: 'oracle' },
          { field: 'amountUsd', from: null, to: 300e9 },
          { field: 'status', from: null, to: 'active' },
        ]),
      );
    });
  });

  describe('given amendments, payments, write-downs, termination and retraction', () => {
    const log = new EventLog();
    log.append('deal-stargate', 'DealRecorded', supplyDeal('stargate', 300e9), {
      effectiveAt: '2025-09-10',
    });
    log.append(
      'deal-stargate',
      'DealAmended',
      {
        dealId: 'stargate',
        changes: { amountUsd: 250e9, category: 'compute', notes: 'cut' },
      },
      { effectiveAt: '2026-01-01', actor: 'alice', reason: 'scaled back' },
    );
    log.append(
      'deal-stargate',
      'DealPaymentRecorded',
      { dealId: 'stargate', amountUsd: 5e9 },
      { effectiveAt: '2026-02-01' },
    );
    log.append(
      'deal-stargate',
      'DealPaymentRecorded',
      { dealId: 'stargate', amountUsd: 2e9 },
      { effectiveAt: '2026-03-01' },
    );
    log.append(
      'deal-stargate',
      'DealWrittenDown',
      { dealId: 'stargate', amountUsd: 1e9 },
      { effectiveAt: '2026-03-02' },
    );
    log.append(
      'deal-stargate',
      'DealTerminated',
      { dealId: 'stargate' },
      { effectiveAt: '2026-04-01', reason: 'ended' },
    );
    log.append(
      'deal-stargate',
      'DealRetracted',
      { dealId: 'stargate' },
      { effectiveAt: '2026-05-01', reason: 'never signed' },
    );
    const entries = historyOf('deal', log.stream('deal-stargate'));

    it('shows only what an amendment changed, with who and why', () => {
      expect(entries[1]).toMatchObject({
        revision: 1,
        type: 'DealAmended',
        actor: 'alice',
        reason: 'scaled back',
      });
      expect(entries[1].effectiveAt).toBe('2026-01-01T00:00:00.000Z');
      // category was re-sent with its old value: not a change
      expect(entries[1].changes).toEqual([
        { field: 'amountUsd', from: 300e9, to: 250e9 },
        { field: 'notes', from: null, to: 'cut' },
      ]);
    });

    it('shows payments and write-downs as running totals', () => {
      expect(entries[2].changes).toEqual([
        { field: 'paidUsd', from: 0, to: 5e9 },
      ]);
      expect(entries[3].changes).toEqual([
        { field: 'paidUsd', from: 5e9, to: 7e9 },
      ]);
      expect(entries[4].changes).toEqual([
        { field: 'writtenDownUsd', from: 0, to: 1e9 },
      ]);
    });

    it('shows termination and retraction as status changes', () => {
      expect(entries[5].changes).toEqual([
        { field: 'status', from: 'active', to: 'terminated' },
      ]);
      expect(entries[6].changes).toEqual([
        { field: 'status', from: 'terminated', to: 'retracted' },
      ]);
      expect(entries.map((e) => e.recordedAt)).toEqual(
        log.stream('deal-stargate').map((e) => e.recordedAt),
      );
    });
  });
});

describe('company history', () => {
  const log = new EventLog();
  log.append(
    'company-openai',
    'CompanyRegistered',
    {
      companyId: 'openai',
      name: 'OpenAI',
      sector: 'ai-lab',
      equityUsd: 10e9,
      externalAssetsUsd: null,
      externalLiabilitiesUsd: null,
    },
    { effectiveAt: '2015-12-11' },
  );
  log.append(
    'company-openai',
    'CompanyFinancialsReported',
    { companyId: 'openai', equityUsd: 20e9 },
    { effectiveAt: '2025-01-01' },
  );
  log.append(
    'company-openai',
    'CompanyDefaulted',
    { companyId: 'openai', recoveryRate: 0.4 },
    { effectiveAt: '2026-06-01' },
  );
  log.append(
    'company-openai',
    'CompanyDefaultCured',
    { companyId: 'openai' },
    { effectiveAt: '2026-07-01' },
  );
  const entries = historyOf('company', log.stream('company-openai'));

  it('lists registration fields from null, then each change', () => {
    expect(entries[0].changes).toEqual(
      expect.arrayContaining([{ field: 'name', from: null, to: 'OpenAI' }]),
    );
    expect(entries[1].changes).toEqual([
      { field: 'equityUsd', from: 10e9, to: 20e9 },
    ]);
    expect(entries[2].changes).toEqual([
      { field: 'defaulted', from: false, to: true },
      { field: 'recoveryRate', from: null, to: 0.4 },
    ]);
    expect(entries[3].changes).toEqual([
      { field: 'defaulted', from: true, to: false },
      { field: 'recoveryRate', from: 0.4, to: null },
    ]);
  });
});
