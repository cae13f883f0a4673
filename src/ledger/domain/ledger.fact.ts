import { CompanyEvent, DealEvent, LedgerEvent } from './ledger.events';
import { Instant } from '../../shared/time';

/**
 * An event as the deciders produce and fold it: the stored type and data, plus the two
 * metadata fields the rules depend on (valid time and the stated reason). The shell adds
 * the rest of the metadata (actor, correlation, schema version, hash chain) when it appends.
 */
export interface LedgerFact<E extends LedgerEvent = LedgerEvent> {
  readonly event: E;
  readonly effectiveAt: Instant;
  readonly reason: string | null;
}

/** One fact, as every decide step answers it. */
export function factOf<E extends LedgerEvent>(
  event: E,
  effectiveAt: Instant,
  reason: string | null,
): LedgerFact<E> {
  return { event, effectiveAt, reason };
}

export type CompanyFact = LedgerFact<CompanyEvent>;
export type DealFact = LedgerFact<DealEvent>;

/** A decider: pure `decide` and `evolve` around a state, folded from its `initialState`. */
export interface Decider<Command, Fact, State, Context = undefined> {
  decide(command: Command, state: State, context: Context): Fact[];
  evolve(state: State, fact: Fact): State;
  readonly initialState: State;
}

export function fold<Fact, State>(
  evolve: (s: State, f: Fact) => State,
  initial: State,
  facts: Iterable<Fact>,
): State {
  let state = initial;
  for (const fact of facts) state = evolve(state, fact);
  return state;
}
