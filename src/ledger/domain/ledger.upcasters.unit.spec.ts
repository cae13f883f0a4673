import { RecordedDealTerms, termsOfRecorded } from './ledger.events';
import {
  GENESIS_HASH,
  sealMetadata,
  verifyLink,
} from '../../shared/event-metadata';
import { JsonObject } from '../../shared/json';
import { LedgerFact } from './ledger.fact';
import { sealFacts } from './ledger.seal';
import {
  StoredEvent,
  toLedgerEvent,
  tryToLedgerEvent,
  upcast,
} from './ledger.upcasters';

const stored = (over: Partial<StoredEvent>): StoredEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  streamId: 'company-openai',
  revision: 1,
  position: 7,
  recordedAt: '2024-01-02T00:00:00.000Z',
  type: 'CompanyFinancialsReported',
  data: {},
  metadata: {},
  ...over,
});

describe('reading stored ledger events', () => {
  describe('given a CompanyFinancialsReported stored at schema version 1', () => {
    const v1Data: JsonObject = { equityUsd: 60e9, externalAssetsUsd: null };
    const metadata = sealMetadata(
      'CompanyFinancialsReported',
      v1Data,
      {
        effectiveAt: '2023-12-31T00:00:00.000Z',
        actor: 'seed',
        reason: null,
        correlationId: 'c',
        causationId: null,
        schemaVersion: 1,
      },
      GENESIS_HASH,
    ) as unknown as JsonObject;
    const v1 = stored({ data: v1Data, metadata });

    it('reads it as version 2: only reported figures, with the company id from its stream', () => {
      const envelope = toLedgerEvent(v1);
      expect(envelope.event).toEqual({
        type: 'CompanyFinancialsReported',
        data: { companyId: 'openai', equityUsd: 60e9 },
      });
      expect(envelope.storedSchemaVersion).toBe(1);
      expect(envelope).toMatchObject({
        effectiveAt: '2023-12-31T00:00:00.000Z',
        actor: 'seed',
        reason: null,
        revision: 1,
        position: 7,
      });
    });

    it('keeps the stored metadata, so its hash link still verifies', () => {
      const envelope = toLedgerEvent(v1);
      expect(
        verifyLink(
          v1.type,
          v1.data,
          envelope.metadata as unknown as JsonObject,
          GENESIS_HASH,
        ),
      ).toBe(true);
    });
  });

  it('leaves a current-version event as it is', () => {
    const data = { companyId: 'openai', externalLiabilitiesUsd: 5 };
    expect(upcast('CompanyFinancialsReported', data, 2, 'company-openai')).toBe(
      data,
    );
  });

  it('refuses a version newer than this build reads', () => {
    expect(() =>
      upcast('CompanyFinancialsReported', {}, 4, 'company-openai'),
    ).toThrow(/schema version 4 is newer/);
  });

  it('skips events that are not the ledger’s, and toLedgerEvent refuses them', () => {
    const scenario = stored({
      type: 'ScenarioDefined',
      streamId: 'scenario-x',
    });
    expect(tryToLedgerEvent(scenario)).toBeUndefined();
    expect(() => toLedgerEvent(scenario)).toThrow(/not a ledger event/);
  });
});

describe('sealing facts into the hash chain', () => {
  const facts: LedgerFact[] = [
    {
      event: { type: 'DealTerminated', data: { dealId: 'd' } },
      effectiveAt: '2026-01-01T00:00:00.000Z',
      reason: 'r',
    },
    {
      event: { type: 'DealRetracted', data: { dealId: 'd' } },
      effectiveAt: '2026-01-02T00:00:00.000Z',
      reason: 'err',
    },
  ];
  const write = { actor: 'alice', correlationId: 'corr', causationId: null };
  const sealed = sealFacts(facts, ['a', 'b'], 'f'.repeat(64), write);

  it('links each event to the previous one in the stream', () => {
    expect(sealed[0].metadata.prevHash).toBe('f'.repeat(64));
    expect(sealed[1].metadata.prevHash).toBe(sealed[0].metadata.hash);
    expect(
      verifyLink(
        sealed[0].type,
        sealed[0].data,
        sealed[0].metadata,
        'f'.repeat(64),
      ),
    ).toBe(true);
    expect(
      verifyLink(
        sealed[1].type,
        sealed[1].data,
        sealed[1].metadata,
        sealed[0].metadata.hash as string,
      ),
    ).toBe(true);
  });

  it('carries valid time, actor, reason, correlation and schema version', () => {
    expect(sealed[1].metadata).toMatchObject({
      effectiveAt: '2026-01-02T00:00:00.000Z',
      actor: 'alice',
      reason: 'err',
      correlationId: 'corr',
      causationId: null,
      schemaVersion: 1,
    });
  });

  it('breaks the link when data is tampered with', () => {
    expect(
      verifyLink(
        sealed[0].type,
        { dealId: 'other' },
        sealed[0].metadata,
        'f'.repeat(64),
      ),
    ).toBe(false);
  });
});

describe('reading a DealRecorded stored before certainty and estimates (v1)', () => {
  it('reads it as it is, and its terms as binding, high confidence, with no estimate, damages rate or capacity', () => {
    const data = {
      dealId: 'a-b',
      kind: 'loan',
      lender: 'a',
      borrower: 'b',
      amountUsd: 5,
    };
    const read = upcast('DealRecorded', data, 1, 'deal-a-b');
    expect(read).toBe(data);
    expect(termsOfRecorded(read as unknown as RecordedDealTerms)).toMatchObject(
      {
        amountUsd: 5,
        certainty: 'binding',
        confidence: 'high',
        estimateUsd: null,
        damagesRate: null,
        capacityGw: null,
      },
    );
  });
});
