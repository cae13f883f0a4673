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
 * A wave is first solved until every defaulter's pending change is within `START_TOLERANCE` of its
 * slack (see `waveBounds`); the tolerance then tightens only as far as the companies still in
 * doubt need, by at least `TIGHTEN`.
 */
const START_TOLERANCE = 1e-4;
const TIGHTEN = 0.3;
/**
 * After the solve, the defaulters' payments are refined by Gauss–Seidel sweeps until no payment
 * moves by more than this share of max(p̄ᵢ, 1), or until the largest move stops shrinking below
 * `RESIDUAL_FLOOR` (the rounding noise of the sums).
 */
const RESIDUAL_TOLERANCE = 1e-15;
const RESIDUAL_FLOOR = 1e-12;
/** Rounding allowance on an inflow obtained as a difference of two sums (see `inflowFromDefaulters`). */
const DIFFERENCE_NOISE = 1e-12;
/**
 * Hard caps that turn a solver that fails to settle into a clear error instead of a spin: pushes
 * per company in one `pushChanges` call (a wave converges geometrically, so a legitimate solve
 * needs far fewer), and tightenings of one wave's tolerance (it falls by `TIGHTEN` each time and
 * reaches 0 below `PUSH_TOLERANCE` after about 30).
 */
const MAX_PUSHES_PER_COMPANY = 100_000;
const MAX_TIGHTENINGS = 200;

/** What the cascade reads and the state it updates in place (arrays indexed like the network). */
export interface CascadeState {
  readonly network: ContagionNetwork;
  /** Rogers–Veraart default costs (1 and 1 for Eisenberg–Noe). */
  readonly alpha: number;
  readonly beta: number;
  /** Relative liabilities Πᵢₖ along the obligations by debtor (`wOut`) and by creditor (`wIn`). */
  readonly wOut: Float64Array;
  readonly wIn: Float64Array;
  /** μ = β·maxⱼ (1 − outsideⱼ/p̄ⱼ), the largest column sum of the iteration matrix. */
  readonly mu: number;
  /** Outside assets after the shock. */
  readonly e: Float64Array;
  /** Stakes still carried (reduced as investees default). */
  readonly stakes: Float64Array;
  /** The buyer's contract asset: counts towards solvency while its holder stands, never pays anyone. */
  readonly contract: Float64Array;
  /** Share of a stake's carrying value lost when its investee defaults (1 − equityRecoveryRate). */
  readonly stakeLost: number;
  /** Σⱼ Πⱼᵢ pⱼ, consistent with `p` on entry and kept so. */
  readonly inflow: Float64Array;
  /** Payments: p̄ for the solvent, fixed for injected defaults; the defaulters' are cleared. */
  readonly p: Float64Array;
  /** 0 solvent, 1 defaulted (cleared), 2 injected default (payment fixed). */
  readonly status: Uint8Array;
  /** −1 solvent, 0 injected, k for the k-th wave. */
  readonly round: Int32Array;
}

/** Worklist marks: a defaulted company is `IDLE` or `QUEUED`; the others stay 0 and are never queued. */
const IDLE = 1;
const QUEUED = 2;

/**
 * The fictitious default algorithm (Eisenberg–Noe 2001 §3; Rogers–Veraart 2013, Greatest Clearing
 * Vector Algorithm) on the sparse network:
 *
 *   D ← {i : eᵢ + Σⱼ Πⱼᵢ pⱼ < p̄ᵢ}; repeat: pᵢ = p̄ᵢ outside D, solve p_D = α e_D + β Π_{·D}ᵀ p,
 *   D′ ← {i : eᵢ + Σⱼ Πⱼᵢ pⱼ < p̄ᵢ} (solvency tested at undiscounted values) until D′ = D.
 *
 * A company entering D in round k gets `round` k (1 = fundamental, k > 1 = the k-th wave).
 *
 * Each wave's system is solved by a Gauss–Seidel push iteration started from the previous wave's
 * payments (an upper bound of the new solution p⁽ᵏ⁾, so the payments decrease monotonically
 * towards it): only defaulters whose inflow changed are on the worklist, and a payment that moves
 * is pushed to its creditors alone. A wave is solved only as far as the next wave's membership
 * needs: a company short at the current payments is short at p⁽ᵏ⁾ too, and one whose margin
 * exceeds its own error bound (`waveBounds`) is solvent at p⁽ᵏ⁾; while some company is in neither
 * case the tolerance tightens to what that company needs (to `PUSH_TOLERANCE` at most, where the
 * plain test decides). When no wave is left the inflows are summed afresh, the defaulters' payments
 * refined by sweeps until none moves by more than 1e-15 of max(p̄ᵢ, 1) (or the moves reach rounding
 * noise), and the solvent set re-tested once more.
 */
export function runFictitiousDefault(state: CascadeState): void {
  const { network, alpha, beta, wOut, wIn, mu } = state;
  const { e, stakes, contract, stakeLost, inflow, p, status, round } = state;
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
  // With a contraction bound (μ < 1) a wave is solved only as far as its decisions need; without
  // one (β = 1 and someone owes everything inside) every wave is solved to `PUSH_TOLERANCE`.
  const bounded = mu < 1;

  /**
   * What each company receives from those not (yet) cleared in a wave — the solvent, paying p̄, and
   * the injected defaults — which no wave's solve changes; inflow − inflowSteady is what it
   * receives from defaulters. `maxFromDefaulter[c]` is maxⱼ∈D Πⱼc.
   */
  const inflowSteady = Float64Array.from(inflow);
  const maxFromDefaulter = new Float64Array(n);
  const inflowFromDefaulters = (c: number): number => {
    const d = inflow[c] - inflowSteady[c];
    return (d > 0 ? d : 0) + DIFFERENCE_NOISE * inflow[c];
  };

  const mark = new Uint8Array(n);
  const queue = new Int32Array(n + 1);
  let tail = 0;
  const enqueue = (i: number): void => {
    if (mark[i] !== IDLE) return;
    mark[i] = QUEUED;
    queue[tail] = i;
    tail = tail === n ? 0 : tail + 1;
  };
  let head = 0;
  const worklist: Worklist = {
    n,
    alpha,
    beta,
    pbar,
    outPtr,
    outIdx,
    wOut,
    inPtr,
    inIdx,
    wIn,
    e,
    stakes,
    inflow,
    inflowSteady,
    p,
    mark,
    queue,
  };

  const propagate = (tolerance: number): void => {
    tail = pushChanges(worklist, head, tail, tolerance);
    head = tail;
  };

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

  const defaulters = new Int32Array(n);
  let defaulted = 0;
  // Solvent companies that hold a claim on or a stake in a cleared defaulter: the only ones whose
  // standing a wave can change (the others were tested at the start and nothing they hold moves).
  let exposed: number[] = [];
  const exposedMark = new Uint8Array(n);
  const expose = (c: number): void => {
    if (status[c] === 0 && !exposedMark[c]) {
      exposedMark[c] = 1;
      exposed.push(c);
    }
  };
  const solventShort = (i: number): boolean => status[i] === 0 && isShort(i);

  /**
   * Bounds on how far the current payments may lie from the wave's solution p⁽ᵏ⁾, from the pending
   * changes rᵢ = pᵢ − targetᵢ of the defaulters. The error δ = |p − p⁽ᵏ⁾| satisfies δ ≤ |r| + Mδ
   * with Mᵢⱼ = β·Πⱼᵢ on the defaulters (the clearing map is β-Lipschitz in each inflow), so
   * δ ≤ (I − M)⁻¹|r| when M's spectral radius is below 1. Two bounds follow:
   * - weighted by the payments themselves: (I − M)p ≥ p − β·(inflow from defaulters), the slack,
   *   so with γ = maxᵢ |rᵢ| / slackᵢ, γp is a supersolution and δ ≤ γp: company c receives at most
   *   γ·(its inflow from defaulters) more than at p⁽ᵏ⁾;
   * - in the 1-norm: M's column sums are at most μ, so ‖δ‖₁ ≤ ‖r‖₁/(1 − μ) (`spread`), and c
   *   receives at most maxⱼ∈D Πⱼc·‖δ‖₁ more.
   */
  const waveBounds = (): { gamma: number; spread: number } => {
    let gamma = 0;
    let norm1 = 0;
    for (let q = 0; q < defaulted; q++) {
      const i = defaulters[q];
      const r = Math.abs(p[i] - target(i));
      if (r === 0) continue;
      norm1 += r;
      const slack = p[i] - beta * inflowFromDefaulters(i);
      gamma = slack > 0 ? Math.max(gamma, r / slack) : Infinity;
    }
    return { gamma, spread: norm1 / (1 - mu) };
  };

  let newly: number[] = [];
  for (let i = 0; i < n; i++) if (solventShort(i)) newly.push(i);
  let k = 1;
  // The default set only grows, so there are at most n + 1 passes (the last one finds nobody new).
  let passes = 0;
  for (;;) {
    if (++passes > n + 1)
      throw new Error(
        `fictitious default: the default set did not settle after ${n + 1} passes`,
      );
    while (newly.length > 0) {
      for (const i of newly) {
        status[i] = 1;
        mark[i] = IDLE;
        round[i] = k;
        defaulters[defaulted++] = i;
        // i still pays p̄ᵢ: from now on that payment counts as coming from a defaulter.
        for (let q = outPtr[i]; q < outPtr[i + 1]; q++) {
          const c = outIdx[q];
          inflowSteady[c] -= wOut[q] * p[i];
          if (wOut[q] > maxFromDefaulter[c]) maxFromDefaulter[c] = wOut[q];
          expose(c);
        }
      }
      for (const i of newly) {
        for (let s = stakePtr[i]; s < stakePtr[i + 1]; s++) {
          const investor = stakeIdx[s];
          stakes[investor] -= stakeLost * stakeAmt[s];
          enqueue(investor);
          expose(investor);
        }
        enqueue(i);
      }
      exposed = exposed.filter((i) => status[i] === 0);
      let tolerance = bounded ? START_TOLERANCE : 0;
      propagate(tolerance);
      let tightenings = 0;
      while (tolerance > 0) {
        if (++tightenings > MAX_TIGHTENINGS)
          throw new Error(
            `fictitious default: wave ${k} still in doubt after ${MAX_TIGHTENINGS} tightenings`,
          );
        const { gamma, spread } = waveBounds();
        // The largest γ that would settle every company still in doubt.
        let needed = Infinity;
        for (const c of exposed) {
          if (isShort(c)) continue;
          const room =
            e[c] +
            contract[c] +
            stakes[c] +
            inflow[c] -
            pbar[c] * (1 - DEFAULT_TOLERANCE);
          const fromDefaulters = inflowFromDefaulters(c);
          const error = Math.min(
            gamma * fromDefaulters,
            maxFromDefaulter[c] * spread,
          );
          if (error >= room)
            needed = Math.min(
              needed,
              fromDefaulters > 0 ? room / fromDefaulters : 0,
            );
        }
        if (needed === Infinity) break;
        tolerance = Math.min(tolerance * TIGHTEN, needed * 0.5);
        if (tolerance <= PUSH_TOLERANCE) tolerance = 0;
        for (let q = 0; q < defaulted; q++) enqueue(defaulters[q]);
        propagate(tolerance);
      }
      newly = exposed.filter(isShort).sort((a, b) => a - b);
      k++;
    }

    // Verification with freshly summed inflows: refine the defaulters' payments (Gauss–Seidel
    // sweeps) until each satisfies its clearing equation, then re-test the solvent companies.
    sumInflows();
    // In index order the sweeps read the obligations by creditor front to back.
    const byIndex = defaulters.subarray(0, defaulted).slice().sort();
    let refined = false;
    let previous = Infinity;
    for (let sweep = 0; sweep < 100_000; sweep++) {
      let worst = 0;
      for (const i of byIndex) {
        if (sweep > 0) {
          let s = 0;
          for (let m = inPtr[i]; m < inPtr[i + 1]; m++)
            s += wIn[m] * p[inIdx[m]];
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
    for (let i = 0; i < n; i++) if (solventShort(i)) newly.push(i);
    if (newly.length === 0) break;
  }
}

interface Worklist {
  readonly n: number;
  readonly alpha: number;
  readonly beta: number;
  readonly pbar: Float64Array;
  readonly outPtr: Int32Array;
  readonly outIdx: Int32Array;
  readonly wOut: Float64Array;
  readonly inPtr: Int32Array;
  readonly inIdx: Int32Array;
  readonly wIn: Float64Array;
  readonly e: Float64Array;
  readonly stakes: Float64Array;
  readonly inflow: Float64Array;
  readonly inflowSteady: Float64Array;
  readonly p: Float64Array;
  readonly mark: Uint8Array;
  readonly queue: Int32Array;
}

/**
 * Pushes the worklist (a ring of n + 1 slots from `head` to `tail`) until every defaulter's pending
 * change |pᵢ − targetᵢ| is at most `tolerance` times its slack pᵢ − β·(what i receives from
 * defaulters), or `PUSH_TOLERANCE`·p̄ᵢ; a payment that moves is passed on to its creditors, and the
 * defaulted ones among them are queued. Returns the new tail (the ring is then empty). The hot
 * loop of the cascade, so it reads everything from locals.
 *
 * A popped defaulter's inflow is summed afresh from its debtors' payments (in a fixed order) rather
 * than read from the incrementally updated `inflow`: each `inflow[c] -= w·d` rounds to an ulp of
 * the inflow, and near the solution, where d is a few ulps, that rounding can keep a loop's gain
 * at 1, so a change just above `PUSH_TOLERANCE` went round a cycle of defaulters forever while the
 * accumulated rounding carried the payments ever further below the solution. Summed afresh, the
 * target is a monotone function of the payments (rounding is monotone), so from the previous
 * wave's payments (a supersolution, up to their own rounding) every push lowers a payment and
 * none falls below the floating-point solution: the pushes stop. The other companies' inflows
 * stay incremental (they only inform decisions, and the verification sums them afresh).
 */
function pushChanges(
  w: Worklist,
  head: number,
  tail: number,
  tolerance: number,
): number {
  const { n, alpha, beta, pbar, outPtr, outIdx, wOut, e, stakes } = w;
  const { inPtr, inIdx, wIn, inflow, inflowSteady, p, mark, queue } = w;
  const maxPushes = MAX_PUSHES_PER_COMPANY * (n + 1);
  let pushes = 0;
  let h = head;
  let t = tail;
  while (h !== t) {
    if (++pushes > maxPushes)
      throw new Error(
        `fictitious default: payments still moving after ${maxPushes} pushes`,
      );
    const i = queue[h];
    h = h === n ? 0 : h + 1;
    mark[i] = IDLE;
    const pi = p[i];
    const cap = pbar[i];
    let inf = 0;
    for (let m = inPtr[i]; m < inPtr[i + 1]; m++) inf += wIn[m] * p[inIdx[m]];
    inflow[i] = inf;
    let target = alpha * (e[i] + stakes[i]) + beta * inf;
    target = target > cap ? cap : target < 0 ? 0 : target;
    const d = pi - target;
    const a = d < 0 ? -d : d;
    if (a <= PUSH_TOLERANCE * cap) continue;
    if (a <= tolerance * (pi - beta * (inf - inflowSteady[i]))) continue;
    p[i] = target;
    const end = outPtr[i + 1];
    for (let k = outPtr[i]; k < end; k++) {
      const c = outIdx[k];
      inflow[c] -= wOut[k] * d;
      if (mark[c] === IDLE) {
        mark[c] = QUEUED;
        queue[t] = c;
        t = t === n ? 0 : t + 1;
      }
    }
  }
  return t;
}
