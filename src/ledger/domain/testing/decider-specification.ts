/** Given/when/then over a pure decider, for specs beside the code; a spec-only file (the build leaves out `testing/`). */
import { Decider, fold } from '../ledger.fact';

type ErrorClass = Exclude<
  Parameters<jest.Matchers<void>['toThrow']>[0],
  undefined | string | RegExp
>;

/**
 * given(facts) / when(command) / then(facts) or thenRefuses(ErrorClass, /field: /) over a pure decider.
 * Refusals also check that the message names the field, as HTTP answers will.
 */
export function specFor<C, F, S, X>(decider: Decider<C, F, S, X>, context: X) {
  return {
    given(facts: readonly F[]) {
      const state = fold(decider.evolve, decider.initialState, facts);
      return {
        state,
        when(command: C) {
          const run = (): F[] => decider.decide(command, state, context);
          return {
            then(expected: readonly F[]): void {
              expect(run()).toEqual(expected);
            },
            thenRefuses(errorClass: ErrorClass, message: RegExp): void {
              expect(run).toThrow(errorClass);
              expect(run).toThrow(message);
            },
            /** The decided facts, for checks beyond equality. */
            facts: run,
          };
        },
      };
    },
  };
}
