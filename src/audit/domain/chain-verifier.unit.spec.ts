import { ChainVerifier, StreamAnchor } from './chain-verifier';
import {
  EventLog,
  StoredLike,
  supplyDeal,
} from '../../../test/kits/sealed-events';

function verify(
  events: readonly StoredLike[],
  anchors?: Map<string, StreamAnchor>,
) {
  const v = new ChainVerifier(anchors);
  for (const e of events) v.add(e);
  return v.finish();
}

function anchorsOf(events: readonly StoredLike[]): Map<string, StreamAnchor> {
  const out = new Map<string, StreamAnchor>();
  for (const e of events)
    out.set(e.streamId, {
      revision: e.revision,
      hash: e.metadata.hash as string,
      position: e.position,
    });
  return out;
}

function givenLog(): EventLog {
  const log = new EventLog();
  log.append('deal-a', 'DealRecorded', supplyDeal('a', 100), {
    effectiveAt: '2025-01-01',
  });
  log.append('deal-b', 'DealRecorded', supplyDeal('b', 200), {
    effectiveAt: '2025-01-01',
  });
  log.append(
    'deal-a',
    'DealAmended',
    { dealId: 'a', changes: { amountUsd: 150 } },
    { effectiveAt: '2025-02-01' },
  );
  log.append(
    'deal-a',
    'DealPaymentRecorded',
    { dealId: 'a', amountUsd: 10 },
    { effectiveAt: '2025-03-01' },
  );
  log.append(
    'deal-a',
    'DealTerminated',
    { dealId: 'a' },
    { effectiveAt: '2025-04-01' },
  );
  return log;
}

describe('hash chain verification', () => {
  it('given untouched streams, answers ok with every event checked', () => {
    const log = givenLog();
    expect(verify(log.events)).toEqual({
      ok: true,
      checked: 5,
      streams: 2,
      broken: [],
    });
  });

  it('given an event edited in place, names it', () => {
    const events = givenLog().events.map((e) => ({ ...e }));
    events[2] = {
      ...events[2],
      data: { dealId: 'a', changes: { amountUsd: 1 } },
    };
    const report = verify(events);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      {
        stream: 'deal-a',
        revision: 1,
        position: 3,
        problems: ['hash-mismatch'],
      },
    ]);
  });

  it('given edited metadata (the actor), names it', () => {
    const events = givenLog().events.map((e) => ({ ...e }));
    events[0] = {
      ...events[0],
      metadata: { ...events[0].metadata, actor: 'mallory' },
    };
    expect(verify(events).broken).toEqual([
      {
        stream: 'deal-a',
        revision: 0,
        position: 1,
        problems: ['hash-mismatch'],
      },
    ]);
  });

  it('given a deleted event in the middle, names the revision gap where the chain breaks', () => {
    const events = givenLog().events.filter((e) => e.position !== 3);
    expect(verify(events).broken).toEqual([
      {
        stream: 'deal-a',
        revision: 2,
        position: 4,
        problems: ['revision-gap', 'prev-hash-mismatch'],
      },
    ]);
  });

  it('given two events of a stream swapped in global order, names both', () => {
    const events = givenLog().events;
    // the store now returns revision 2 at position 3 and revision 1 at position 4
    const reordered = [
      events[0],
      events[1],
      { ...events[3], position: 3 },
      { ...events[2], position: 4 },
      events[4],
    ];
    const report = verify(reordered);
    expect(report.broken.map((b) => [b.revision, b.problems])).toEqual([
      [2, ['revision-gap', 'prev-hash-mismatch']],
      [1, ['out-of-order', 'prev-hash-mismatch']],
      [3, ['prev-hash-mismatch']],
    ]);
  });

  it('given the last event deleted, catches it only against anchors kept outside the store', () => {
    const log = givenLog();
    const anchors = anchorsOf(log.events);
    const events = log.events.filter((e) => e.position !== 5);
    expect(verify(events).ok).toBe(true);
    expect(verify(events, anchors).broken).toEqual([
      {
        stream: 'deal-a',
        revision: 3,
        position: 4,
        problems: ['missing-tail'],
      },
    ]);
  });

  it('given the last event deleted and another appended in its place, names the replaced revision', () => {
    const log = givenLog();
    const anchors = anchorsOf(log.events);
    const other = new EventLog();
    for (const e of log.events.slice(0, 4))
      other.append(e.streamId, e.type, e.data, {
        effectiveAt: e.metadata.effectiveAt as string,
        recordedAt: e.recordedAt,
      });
    other.append(
      'deal-a',
      'DealRetracted',
      { dealId: 'a' },
      { effectiveAt: '2025-04-01' },
    );
    // a consistent chain, but not the one anchored
    expect(verify(other.events).ok).toBe(true);
    expect(verify(other.events, anchors).broken).toEqual([
      {
        stream: 'deal-a',
        revision: 3,
        position: 5,
        problems: ['anchor-mismatch'],
      },
    ]);
  });

  it('given an event without chain fields, calls it unsealed', () => {
    const events = givenLog().events.map((e) => ({ ...e }));
    const { hash: _h, prevHash: _p, ...bare } = events[1].metadata;
    events[1] = { ...events[1], metadata: bare };
    expect(verify(events).broken).toEqual([
      { stream: 'deal-b', revision: 0, position: 2, problems: ['unsealed'] },
    ]);
  });
});
