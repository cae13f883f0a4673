import {
  checkInputs,
  ContagionParams,
  ContagionRun,
  ContagionShocks,
  maxRound,
  orderDefaults,
  ratio,
} from './model';
import { ContagionNetwork } from './network';

/**
 * Relative tolerance of the default test: company i defaults when what it has
 * (eᵢ + stakes + Σⱼ Πⱼᵢ pⱼ) falls short of p̄ᵢ by more than p̄ᵢ·1e-12, so floating-point noise in a
 * sum never makes a company that can exactly pay into a defaulter.
 */
const DEFAULT_TOLERANCE = 1e-12;
/** A payment change smaller than this share of p̄ᵢ is not propagated by the push solver. */
const PUSH_TOLERANCE = 1e-15;
/**
 * Intermediate rounds stop pushing at `tolerance`·p̄ᵢ, starting at `START_TOLERANCE`. Payments then
 * still lie above the round's exact solution p⁽ᵏ⁾ (the iteration decreases monotonically towards
 * it), so a company found short is short at p⁽ᵏ⁾ too. A company is known solvent at p⁽ᵏ⁾ when
 * what it has exceeds p̄ by more than the bound on the error: every pending change rᵢ is at most
 * tolerance·p̄ᵢ and the iteration matrix has column sums at most μ = β·maxⱼ (1 − outsideⱼ/p̄ⱼ), so
 * ‖p − p⁽ᵏ⁾‖₁ ≤ ‖r‖₁ / (1 − μ), and no company receives more than that much less. While some
 * company is in neither case the tolerance shrinks a thousandfold and the round is solved further
 * (to `PUSH_TOLERANCE` at most, where the plain test decides).
 */
const START_TOLERANCE = 1e-4;
/**
 * After the solve, the defaulters' payments are refined by Gauss–Seidel sweeps until no payment
 * moves by more than this share of max(p̄ᵢ, 1), or until the largest move stops shrinking below
 * `RESIDUAL_FLOOR` (the rounding noise of the sums).
 */
const RESIDUAL_TOLERANCE = 1e-15;
const RESIDUAL_FLOOR = 1e-12;

/**
 * Greatest clearing vector of Eisenberg–Noe (2001), with Rogers–Veraart (2013) default costs when
 * `alpha`/`beta` < 1, by the fictitious default algorithm:
 *
 *   D ← {i : eᵢ + Σⱼ Πⱼᵢ p̄ⱼ < p̄ᵢ}; repeat: pᵢ = p̄ᵢ outside D, solve p_D = α e_D + β Π_{·D}ᵀ p exactly,
 *   D′ ← {i : eᵢ + Σⱼ Πⱼᵢ pⱼ < p̄ᵢ} (solvency tested at undiscounted values) until D′ = D.
 *
 * The default set only grows, so there are at most n rounds; a company entering D in round k has
 * `defaultRound` k (1 = fundamental, k > 1 = the k-th wave of contagion). Each round's linear system
 * is solved on the sparse network by a Gauss–Seidel push iteration started from the previous
 * round's payments (an upper bound of the new solution, so the iteration decreases monotonically
 * towards it); only payments that change are pushed to their creditors. When the queue is empty the
 * inflows are summed afresh, the defaulters' payments are refined by sweeps until none moves by
 * more than 1e-15 of max(p̄ᵢ, 1) (or the moves reach rounding noise), and the default set is checked once more. The answer
 * is therefore exact to floating-point precision on any network, cycles included.
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
    inPtr,
    inIdx,
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
  const mu = beta * maxInterbankShare;

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
  const sumInflows = (): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = inPtr[i]; k < inPtr[i + 1]; k++) s += wIn[k] * p[inIdx[k]];
      inflow[i] = s;
    }
  };
  // A company that owes nothing cannot fall short (an inflow updated incrementally may drift a few ulps below 0).
  const isShort = (i: number): boolean =>
    pbar[i] > 0 &&
    e[i] + contract[i] + stakes[i] + inflow[i] <
      pbar[i] * (1 - DEFAULT_TOLERANCE);
  const target = (i: number): number => {
    const t = alpha * (e[i] + stakes[i]) + beta * inflow[i];
    return t > pbar[i] ? pbar[i] : t < 0 ? 0 : t;
  };

  // FIFO work queue of defaulted companies whose inputs changed; candidates are solvent companies whose inputs fell.
  const queue = new Int32Array(n + 1);
  let head = 0;
  let tail = 0;
  const queued = new Uint8Array(n);
  const push = (i: number): void => {
    if (queued[i]) return;
    queued[i] = 1;
    queue[tail] = i;
    tail = tail === n ? 0 : tail + 1;
  };
  const candidateMark = new Uint8Array(n);
  let candidates: number[] = [];
  const markCandidate = (i: number): void => {
    if (!candidateMark[i]) {
      candidateMark[i] = 1;
      candidates.push(i);
    }
  };

  let tolerance = START_TOLERANCE;
  const solveQueued = (): void => {
    while (head !== tail) {
      const i = queue[head];
      head = head === n ? 0 : head + 1;
      queued[i] = 0;
      const t = target(i);
      const d = p[i] - t;
      if (d <= tolerance * pbar[i] && d >= -tolerance * pbar[i]) continue;
      p[i] = t;
      for (let k = outPtr[i]; k < outPtr[i + 1]; k++) {
        const c = outIdx[k];
        inflow[c] -= wOut[k] * d;
        if (status[c] === 1) push(c);
        else if (status[c] === 0) markCandidate(c);
      }
    }
  };

  const defaulters: number[] = [];
  let newly: number[] = [];
  for (let i = 0; i < n; i++) if (status[i] === 0 && isShort(i)) newly.push(i);
  let k = 1;
  for (;;) {
    while (newly.length > 0) {
      for (const i of newly) {
        status[i] = 1;
        round[i] = k;
        defaulters.push(i);
      }
      for (const i of newly) {
        for (let s = stakePtr[i]; s < stakePtr[i + 1]; s++) {
          const investor = stakeIdx[s];
          stakes[investor] -= stakeLost * stakeAmt[s];
          if (status[investor] === 1) push(investor);
          else if (status[investor] === 0) markCandidate(investor);
        }
        push(i);
      }
      // Without a contraction bound (someone owes everything inside), solve each round exactly.
      tolerance = mu < 1 ? START_TOLERANCE : PUSH_TOLERANCE;
      solveQueued();
      for (;;) {
        let owedByDefaulters = 0;
        for (const i of defaulters) owedByDefaulters += pbar[i];
        const bound =
          mu < 1 ? (tolerance * owedByDefaulters) / (1 - mu) : Infinity;
        let undecided = false;
        for (const c of candidates) {
          if (status[c] !== 0 || isShort(c)) continue;
          if (
            e[c] + contract[c] + stakes[c] + inflow[c] - bound <
            pbar[c] * (1 - DEFAULT_TOLERANCE)
          ) {
            undecided = true;
            break;
          }
        }
        if (!undecided || tolerance <= PUSH_TOLERANCE) break;
        tolerance = Math.max(PUSH_TOLERANCE, tolerance * 1e-3);
        for (const i of defaulters) push(i);
        solveQueued();
      }
      const next: number[] = [];
      for (const c of candidates) {
        candidateMark[c] = 0;
        if (status[c] === 0 && isShort(c)) next.push(c);
      }
      candidates = [];
      newly = next.sort((a, b) => a - b);
      k++;
    }

    // Verification with freshly summed inflows: refine the defaulters' payments (Gauss–Seidel
    // sweeps) until each satisfies its clearing equation, then re-test the solvent companies.
    sumInflows();
    let refined = false;
    let previous = Infinity;
    for (let sweep = 0; sweep < 100_000; sweep++) {
      let worst = 0;
      for (const i of defaulters) {
        if (sweep > 0) {
          let s = 0;
          for (let q = inPtr[i]; q < inPtr[i + 1]; q++)
            s += wIn[q] * p[inIdx[q]];
          inflow[i] = s;
        }
        const t = target(i);
        const r = Math.abs(p[i] - t) / Math.max(pbar[i], 1);
        if (r > worst) worst = r;
        if (r > RESIDUAL_TOLERANCE) {
          p[i] = t;
          refined = true;
        }
      }
      if (
        worst <= RESIDUAL_TOLERANCE ||
        (worst <= RESIDUAL_FLOOR && worst >= previous)
      )
        break;
      previous = worst;
    }
    if (refined) sumInflows();
    for (let i = 0; i < n; i++)
      if (status[i] === 0 && isShort(i)) newly.push(i);
    if (newly.length === 0) break;
  }

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
