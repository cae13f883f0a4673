import { ValidationError } from '../../shared/errors';
import { checkOverlayIds } from './overlay';
import { OverlayItem } from './scenario.definition';

const ledger = {
  hasDeal: (id: string) => id === 'oai-orcl',
  hasCompany: (id: string) => id === 'openai' || id === 'oracle',
};
const register = (companyId: string): OverlayItem => ({
  type: 'CompanyRegistered',
  effectiveAt: '2025-01-01T00:00:00.000Z',
  data: { companyId, name: companyId },
});
const record = (dealId: string): OverlayItem => ({
  type: 'DealRecorded',
  effectiveAt: '2025-01-01T00:00:00.000Z',
  data: { dealId, kind: 'supply', buyer: 'openai', seller: 'newco' },
});

describe('an overlay checked against the ledger’s ids', () => {
  it('takes new companies and deals, events about existing ones, and suppressions of real deals', () => {
    expect(() =>
      checkOverlayIds(
        [
          register('newco'),
          record('newco-deal'),
          { type: 'SuppressDeal', deal: 'oai-orcl' },
          {
            type: 'CompanyDefaulted',
            effectiveAt: '2025-06-01T00:00:00.000Z',
            data: { companyId: 'openai' },
          },
        ],
        ledger,
      ),
    ).not.toThrow();
  });

  it('refuses a suppression of a deal the ledger does not have, naming it', () => {
    expect(() =>
      checkOverlayIds([{ type: 'SuppressDeal', deal: 'nope' }], ledger),
    ).toThrow(new ValidationError('overlay[0].deal', 'unknown deal nope'));
  });

  it('refuses registering a company the ledger already has: one id, two beginnings', () => {
    expect(() =>
      checkOverlayIds([record('x'), register('oracle')], ledger),
    ).toThrow(
      /^overlay\[1\]\.data\.companyId: company oracle already exists in the ledger/,
    );
  });

  it('refuses recording a deal twice, in the ledger or earlier in the overlay', () => {
    expect(() => checkOverlayIds([record('oai-orcl')], ledger)).toThrow(
      /^overlay\[0\]\.data\.dealId: deal oai-orcl already exists in the ledger/,
    );
    expect(() =>
      checkOverlayIds([record('d'), register('newco'), record('d')], ledger),
    ).toThrow(
      /^overlay\[2\]\.data\.dealId: deal d already exists earlier in the overlay/,
    );
  });
});
