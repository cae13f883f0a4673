import { DealNumbers, newDealEntry } from './index-entries';

describe('deal entries: their instants and positions in the index’s columns', () => {
  it('a new entry starts unsigned, unanchored, with no facts, plan or parties read', () => {
    const entry = newDealEntry('d0', 0);
    expect(entry.signedAtMs).toBe(-Infinity);
    expect(entry.anchorPosition).toBe(Infinity);
    expect(entry.factsPosition).toBe(-1);
    expect(entry.planSignedAtMs).toBeNaN();
    expect(entry.partiesPosition).toBe(-1);
  });

  it('each deal keeps its own numbers, through the columns growing past their first room', () => {
    // given many deals sharing one set of columns, each set to numbers of its own
    const numbers = new DealNumbers();
    const entries = Array.from({ length: 1_000 }, (_, no) => {
      const entry = newDealEntry(`d${no}`, no, numbers);
      entry.signedAtMs = 1_700_000_000_000 + no;
      entry.anchorPosition = 10 * no;
      entry.factsPosition = 10 * no + 1;
      entry.planSignedAtMs = 1_700_000_000_000.5 + no;
      entry.partiesPosition = 10 * no + 2;
      return entry;
    });
    // then every deal reads back its own, the first ones too after the columns grew
    entries.forEach((entry, no) => {
      expect(entry.signedAtMs).toBe(1_700_000_000_000 + no);
      expect(entry.anchorPosition).toBe(10 * no);
      expect(entry.factsPosition).toBe(10 * no + 1);
      expect(entry.planSignedAtMs).toBe(1_700_000_000_000.5 + no);
      expect(entry.partiesPosition).toBe(10 * no + 2);
    });
  });

  it('a deal opened past the end of the columns grows them to hold it', () => {
    const numbers = new DealNumbers();
    const far = newDealEntry('far', 5_000, numbers);
    far.signedAtMs = 42;
    const near = newDealEntry('near', 3, numbers);
    expect(far.signedAtMs).toBe(42);
    expect(near.signedAtMs).toBe(-Infinity);
  });
});
