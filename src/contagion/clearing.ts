import {
  checkInputs,
  ContagionParams,
  ContagionRun,
  ContagionShocks,
  maxRound,
  orderDefaults,
  ratio,
} from './model';
import { runFictitiousDefault } from './fictitious-default';
import { ContagionNetwork } from './network';

/**
 * Greatest clearing vector of Eisenberg–Noe (2001), with Rogers–Veraart (2013) default costs when
 * `alpha`/`beta` < 1, by the fictitious default algorithm:
 *
 *   D ← {i : eᵢ + Σⱼ Πⱼᵢ p̄ⱼ < p̄ᵢ}; repeat: pᵢ = p̄ᵢ outside D, solve p_D = α e_D + β Π_{·D}ᵀ p exactly,
 *   D′ ← {i : eᵢ + Σⱼ Πⱼᵢ pⱼ < p̄ᵢ} (solvency tested at undiscounted values) until D′ = D.
 *
 * The default set only grows, so there are at most n rounds; a company entering D in round k has
 * `defaultRound` k (1 = fundamental, k > 1 = the k-th wave of contagion). The rounds are solved on
 * the sparse network by `runFictitiousDefault` (fictitious-default.ts): each round only as far as a
 * per-company error bound needs to judge every company, the last one until no payment moves by
 * more than 1e-15 of max(p̄ᵢ, 1), with the inflows summed afresh and the default set checked once
 * more. The answer is therefore exact to floating-point precision on any network, cycles included.
 *
 * Injected defaults ("X defaults with recovery R") fix pₓ = R·p̄ₓ, round 0, and are never re-tested;
 * their assets are not zeroed. Stakes (investments) count as the investor's assets until the
 * investee defaults, then are worth `equityRecoveryRate` of their carrying value (default 0).
 * A contract asset counts towards solvency while its holder stands and is lost when it defaults
 * (it never pays a creditor).
 *
 * Equity convention (Siebenbrunner): equity = e + stakes + Σⱼ Πⱼᵢ pⱼ − p̄ᵢ with the un-haircut e,
 * negative for a defaulter (minus its shortfall). `loss` is what the owners lose,
 * max(0, before) − max(0, after); a shortfall beyond zero is borne by the creditors and counted there
 * (outside creditors in `externalCreditorLoss`). An injected default pays its fixed amount whatever
 * happens, so its whole fall in net worth, before − after, is its loss.
 *
 * Initial loss: the direct shocks, the injected defaults' shortfalls (p̄ − R·p̄) and the stakes in
 * them, and shortfalls already present before any shock (max(0, −equity before)). In plain
 * Eisenberg–Noe without stakes in defaulting companies the total loss (owners' and outside
 * creditors') equals the initial loss: the net multiplier is exactly 1, the model only redistributes.
 */
export function clearingVector(
  network: ContagionNetwork,
  shocks: ContagionShocks = {},
  params: ContagionParams = {},
  variant: 'eisenberg-noe' | 'rogers-veraart' = 'eisenberg-noe',
): ContagionRun {
  checkInputs(network, shocks, params);
  const alpha = variant === 'rogers-veraart' ? (params.alpha ?? 1) : 1;
  const beta = variant === 'rogers-veraart' ? (params.beta ?? 1) : 1;
  const {
    n,
    totalObligations: pbar,
    outPtr,
    outIdx,
    stakePtr,
    stakeIdx,
    stakeAmt,
  } = network;
  const assetLoss = shocks.assetLossUsd ?? new Float64Array(n);
  const contract = network.contractAssets;
  const stakeLost = 1 - (params.equityRecoveryRate ?? 0);
  const claimLoss = shocks.claimLossUsd ?? new Float64Array(n);

  const e = new Float64Array(n);
  for (let i = 0; i < n; i++)
    e[i] = Math.max(0, network.externalAssets[i] - assetLoss[i]);
  const { wOut, wIn, fullInflow, stakesFull, maxInterbankShare } =
    prepared(network);

  // 0 solvent, 1 defaulted (cleared), 2 injected default (payment fixed).
  const status = new Uint8Array(n);
  const round = new Int32Array(n).fill(-1);
  const p = Float64Array.from(pbar);
  for (const [i, r] of shocks.defaults ?? []) {
    status[i] = 2;
    round[i] = 0;
    p[i] = (r ?? params.recoveryRate ?? 0) * pbar[i];
  }

  // Stakes held while the investee stands; inflows with everyone paying in full except the injected defaults.
  const stakes = Float64Array.from(stakesFull);
  const inflow = Float64Array.from(fullInflow);
  let stakesLostToInjected = 0;
  for (const [i] of shocks.defaults ?? []) {
    for (let k = stakePtr[i]; k < stakePtr[i + 1]; k++) {
      stakes[stakeIdx[k]] -= stakeLost * stakeAmt[k];
      stakesLostToInjected += stakeLost * stakeAmt[k];
    }
    const d = pbar[i] - p[i];
    for (let k = outPtr[i]; k < outPtr[i + 1]; k++)
      inflow[outIdx[k]] -= wOut[k] * d;
  }
  runFictitiousDefault({
    network,
    alpha,
    beta,
    wOut,
    wIn,
    mu: beta * maxInterbankShare,
    e,
    stakes,
    contract,
    stakeLost,
    inflow,
    p,
    status,
    round,
  });

  // Outcome.
  const equityBefore = new Float64Array(n);
  const equityAfter = new Float64Array(n);
  const loss = new Float64Array(n);
  const defaulted = new Uint8Array(n);
  let initialLoss = 0;
  let totalLoss = 0;
  let externalCreditorLoss = 0;
  let writeDowns = 0;
  for (let i = 0; i < n; i++) {
    const shock = assetLoss[i] + claimLoss[i];
    const before =
      network.externalAssets[i] +
      contract[i] +
      claimLoss[i] +
      stakesFull[i] +
      fullInflow[i] -
      pbar[i];
    const after =
      e[i] +
      (status[i] === 0 ? contract[i] : 0) +
      stakes[i] +
      inflow[i] -
      pbar[i];
    equityBefore[i] = before;
    equityAfter[i] = after;
    // An injected default passes nothing on beyond its fixed payment, so all of its fall in net
    // worth is lost (its owners' equity and any shortfall that comes back to it round a cycle).
    loss[i] =
      status[i] === 2
        ? Math.max(0, before - after)
        : Math.max(0, Math.max(0, before) - Math.max(0, after));
    defaulted[i] = status[i] === 0 ? 0 : 1;
    totalLoss += loss[i];
    if (pbar[i] > 0)
      externalCreditorLoss +=
        (network.externalLiabilities[i] / pbar[i]) * (pbar[i] - p[i]);
    writeDowns += shock + (pbar[i] - p[i]);
    if (status[i] === 2) initialLoss += pbar[i] - p[i] + shock;
    else initialLoss += shock + Math.max(0, -before);
    if (status[i] !== 0)
      for (let s = stakePtr[i]; s < stakePtr[i + 1]; s++)
        writeDowns += stakeLost * stakeAmt[s];
  }
  initialLoss += stakesLostToInjected;
  totalLoss += externalCreditorLoss;

  return {
    model: variant,
    equityBefore,
    loss,
    equityAfter,
    defaulted,
    defaultRound: round,
    payment: p,
    defaults: orderDefaults(round),
    rounds: maxRound(round),
    initialLoss,
    totalLoss,
    amplification: ratio(totalLoss, initialLoss),
    grossMultiplier: ratio(writeDowns, initialLoss),
    writeDowns,
    netMultiplier: ratio(totalLoss, initialLoss),
    externalCreditorLoss,
  };
}

interface Prepared {
  /** Relative liabilities Πᵢₖ along the obligations by debtor and by creditor. */
  readonly wOut: Float64Array;
  readonly wIn: Float64Array;
  /** Σⱼ L[j][i]: what each company receives when everyone pays in full. */
  readonly fullInflow: Float64Array;
  /** Carrying value of the stakes each company holds. */
  readonly stakesFull: Float64Array;
  /** maxⱼ of the share of j's obligations owed inside the network (bounds the solver's contraction). */
  readonly maxInterbankShare: number;
}

/** Networks are immutable, so what depends on the network alone is computed once per network. */
const preparedCache = new WeakMap<ContagionNetwork, Prepared>();

function prepared(network: ContagionNetwork): Prepared {
  const cached = preparedCache.get(network);
  if (cached) return cached;
  const {
    n,
    totalObligations: pbar,
    outPtr,
    outAmt,
    inPtr,
    inIdx,
    inAmt,
    stakeIdx,
    stakeAmt,
  } = network;
  const wOut = new Float64Array(outAmt.length);
  for (let i = 0; i < n; i++)
    for (let k = outPtr[i]; k < outPtr[i + 1]; k++)
      wOut[k] = outAmt[k] / pbar[i];
  const wIn = new Float64Array(inAmt.length);
  for (let k = 0; k < inAmt.length; k++) wIn[k] = inAmt[k] / pbar[inIdx[k]];
  const fullInflow = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = inPtr[i]; k < inPtr[i + 1]; k++) s += inAmt[k];
    fullInflow[i] = s;
  }
  const stakesFull = new Float64Array(n);
  for (let k = 0; k < stakeIdx.length; k++)
    stakesFull[stakeIdx[k]] += stakeAmt[k];
  let maxInterbankShare = 0;
  for (let j = 0; j < n; j++) {
    if (pbar[j] > 0)
      maxInterbankShare = Math.max(
        maxInterbankShare,
        1 - network.externalLiabilities[j] / pbar[j],
      );
  }
  const result = { wOut, wIn, fullInflow, stakesFull, maxInterbankShare };
  preparedCache.set(network, result);
  return result;
}
