import { ChainVerifier } from '../../src/audit/domain/chain-verifier';
import { EventLog, StoredLike, supplyDeal } from './sealed-events';

function verify(events: readonly StoredLike[], expectedLast?: Map<string, number>) {
  const v = new ChainVerifier();
  for (const e of events) v.add(e);
  return v.finish(expectedLast);
}

function givenLog(): EventLog {
  const log = new EventLog();
  log.append('deal-a', 'DealRecorded', supplyDeal('a', 100), { effectiveAt: '2025-01-01' });
  log.append('deal-b', 'DealRecorded', supplyDeal('b', 200), { effectiveAt: '2025-01-01' });
  log.append('deal-a', 'DealAmended', { dealId: 'a', changes: { amountUsd: 150 } }, { effectiveAt: '2025-02-01' });
  log.append('deal-a', 'DealPaymentRecorded', { dealId: 'a', amountUsd: 10 }, { effectiveAt: '2025-03-01' });
  log.append('deal-a', 'DealTerminated', { dealId: 'a' }, { effectiveAt: '2025-04-01' });
  return log;
}

describe('hash chain verification', () => {
  it('given untouched streams, answers ok with every event checked', () => {
    const log = givenLog();
    expect(verify(log.events)).toEqual({ ok: true, checked: 5, streams: 2, broken: [] });
  });

  it('given an event edited in place, names it', () => {
    const events = givenLog().events.map((e) => ({ ...e }));
    events[2] = { ...events[2], data: { dealId: 'a', changes: { amountUsd: 1 } } };
    const report = verify(events);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ stream: 'deal-a', revision: 1, position: 3, problems: ['hash-mismatch'] }]);
  });

  it('given edited metadata (the actor), names it', () => {
    const events = givenLog().events.map((e) => ({ ...e }));
    events[0] = { ...events[0], metadata: { ...events[0].metadata, actor: 'mallory' } };
    expect(verify(events).broken).toEqual([{ stream: 'deal-a', revision: 0, position: 1, problems: ['hash-mismatch'] }]);
  });

  it('given a deleted event in the middle, names the revision gap where the chain breaks', () => {
    const events = givenLog().events.filter((e) => e.position !== 3);
    expect(verify(events).broken).toEqual([
      { stream: 'deal-a', revision: 2, position: 4, problems: ['revision-gap', 'prev-hash-mismatch'] },
    ]);
  });

  it('given two events of a stream swapped in global order, names both', () => {
    const events = givenLog().events;
    // the store now returns revision 2 at position 3 and revision 1 at position 4
    const reordered = [events[0], events[1], { ...events[3], position: 3 }, { ...events[2], position: 4 }, events[4]];
    const report = verify(reordered);
    expect(report.broken.map((b) => [b.revision, b.problems])).toEqual([
      [2, ['revision-gap', 'prev-hash-mismatch']],
      [1, ['out-of-order', 'prev-hash-mismatch']],
      [3, ['prev-hash-mismatch']],
    ]);
  });

  it('given the last event deleted, catches it only against the store’s own stream revision', () => {
    const events = givenLog().events.filter((e) => e.position !== 5);
    expect(verify(events).ok).toBe(true);
    const report = verify(events, new Map([['deal-a', 3], ['deal-b', 0]]));
    expect(report.broken).toEqual([{ stream: 'deal-a', revision: 3, position: 4, problems: ['missing-tail'] }]);
  });

  it('given an event without chain fields, calls it unsealed', () => {
    const events = givenLog().events.map((e) => ({ ...e }));
    const { hash: _h, prevHash: _p, ...bare } = events[1].metadata;
    events[1] = { ...events[1], metadata: bare };
    expect(verify(events).broken).toEqual([{ stream: 'deal-b', revision: 0, position: 2, problems: ['unsealed'] }]);
  });
});
