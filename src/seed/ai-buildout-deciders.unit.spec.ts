import {
  companyDecider,
  CompanyCommand,
  CompanyState,
} from '../ledger/domain/company.decider';
import {
  dealDecider,
  DealCommand,
  DealState,
} from '../ledger/domain/deal.decider';
import { readDataset } from './ai-buildout.dataset';

/** Every line of the data set passes the ledger's own rules, in file order (pure, no store). */
describe('the AI build-out data set under the ledger deciders', () => {
  it('is accepted line by line, with one fact or more per line', () => {
    const companies = new Map<
      string,
      { state: CompanyState; registeredAt: string }
    >();
    const deals = new Map<string, DealState>();
    const failures: string[] = [];
    let facts = 0;
    for (const l of readDataset()) {
      const id = String(l.command.id);
      try {
        if (
          l.command.command === 'register-company' ||
          l.command.command === 'report-financials' ||
          l.command.command === 'record-default' ||
          l.command.command === 'cure-default'
        ) {
          const current =
            companies.get(id)?.state ?? companyDecider.initialState;
          const out = companyDecider.decide(
            l.command as unknown as CompanyCommand,
            current,
            { now: '2026-11-29T00:00:00.000Z' },
          );
          const next = out.reduce(companyDecider.evolve, current);
          companies.set(id, {
            state: next,
            registeredAt: companies.get(id)?.registeredAt ?? out[0].effectiveAt,
          });
          facts += out.length;
        } else {
          const current = deals.get(id) ?? dealDecider.initialState;
          const out = dealDecider.decide(
            l.command as unknown as DealCommand,
            current,
            {
              companyRegisteredAt: (c) => companies.get(c)?.registeredAt,
            },
          );
          deals.set(id, out.reduce(dealDecider.evolve, current));
          facts += out.length;
        }
      } catch (error) {
        failures.push(
          `${l.file}:${l.line} ${l.command.command} ${id}: ${(error as Error).message}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(facts).toBeGreaterThanOrEqual(100);
    expect(deals.get('nvidia-openai-loi-100b')?.status).toBe('terminated');
    expect(companies.get('builder-ai')?.state.status).toBe('defaulted');
  });
});
