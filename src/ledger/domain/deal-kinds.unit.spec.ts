import {
  ALL_DEAL_ROLES,
  creditorDebtor,
  DEAL_KIND_TABLE,
  DEAL_KINDS,
  DEAL_ROLES,
  DealParties,
  partyIn,
  payerPayee,
} from './deal-kinds';

const supply: DealParties = {
  kind: 'supply',
  buyer: 'openai',
  seller: 'oracle',
};
const investment: DealParties = {
  kind: 'investment',
  investor: 'nvidia',
  investee: 'openai',
};
const loan: DealParties = {
  kind: 'loan',
  lender: 'jpmorgan',
  borrower: 'oracle',
};

describe('the table of deal kinds', () => {
  it('lists the kinds and their roles in the order the API document and messages use', () => {
    expect(DEAL_KINDS).toEqual(['supply', 'investment', 'loan']);
    expect(DEAL_ROLES).toEqual({
      supply: ['buyer', 'seller'],
      investment: ['investor', 'investee'],
      loan: ['lender', 'borrower'],
    });
    expect(ALL_DEAL_ROLES).toEqual([
      'buyer',
      'seller',
      'investor',
      'investee',
      'lender',
      'borrower',
    ]);
  });

  it("names a creditor and a debtor among each kind's two roles", () => {
    for (const kind of DEAL_KINDS) {
      const { creditor, debtor } = DEAL_KIND_TABLE[kind];
      expect([...DEAL_ROLES[kind]].sort()).toEqual([creditor, debtor].sort());
    }
  });

  it('holds the seller, the investor and the lender as creditors', () => {
    expect(creditorDebtor(supply)).toEqual({
      creditor: 'oracle',
      debtor: 'openai',
    });
    expect(creditorDebtor(investment)).toEqual({
      creditor: 'nvidia',
      debtor: 'openai',
    });
    expect(creditorDebtor(loan)).toEqual({
      creditor: 'jpmorgan',
      debtor: 'oracle',
    });
  });

  it('moves money from the buyer, the investor and the lender', () => {
    expect(payerPayee(supply)).toEqual(['openai', 'oracle']);
    expect(payerPayee(investment)).toEqual(['nvidia', 'openai']);
    expect(payerPayee(loan)).toEqual(['jpmorgan', 'oracle']);
  });

  it('values the creditor leg of each kind on its own basis', () => {
    expect(DEAL_KIND_TABLE.supply.creditorBasis).toBe('supply-commitment');
    expect(DEAL_KIND_TABLE.investment.creditorBasis).toBe('carrying-value');
    expect(DEAL_KIND_TABLE.loan.creditorBasis).toBe('loan-principal');
  });

  it('refuses a role of another kind', () => {
    expect(() => partyIn(supply, 'lender')).toThrow(
      'a supply deal has no lender',
    );
  });
});
