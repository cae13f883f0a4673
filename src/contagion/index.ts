import { assertNever } from '../ledger/domain/ledger.events';
import { clearingVector } from './clearing';
import { debtRank } from './debtrank';
import { furfineCascade } from './furfine';
import {
  ContagionModelName,
  ContagionParams,
  ContagionRun,
  ContagionShocks,
} from './model';
import { ContagionNetwork } from './network';

export * from './model';
export * from './network';
export { clearingVector } from './clearing';
export { furfineCascade } from './furfine';
export { debtRank } from './debtrank';
export { Xoshiro128 } from './random';

/** Runs one model by name on a network with shocks. Pure: same inputs, same outcome. */
export function runContagionModel(
  model: ContagionModelName,
  network: ContagionNetwork,
  shocks: ContagionShocks = {},
  params: ContagionParams = {},
): ContagionRun {
  switch (model) {
    case 'eisenberg-noe':
      return clearingVector(network, shocks, params, 'eisenberg-noe');
    case 'rogers-veraart':
      return clearingVector(network, shocks, params, 'rogers-veraart');
    case 'furfine':
      return furfineCascade(network, shocks, params);
    case 'debtrank':
      return debtRank(network, shocks, params);
    default:
      return assertNever(model);
  }
}
export { syntheticNetwork } from './synthetic';
