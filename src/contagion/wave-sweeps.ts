/**
 * The sweeps that solve one wave of the fictitious-default algorithm (fictitious-default.ts):
 * Gauss–Seidel over the defaulters' rows with the error bounds that decide when a wave is solved
 * well enough, and the judgement of the companies exposed to them.
 */

/**
 * Relative tolerance of the default test: company i defaults when what it has
 * (eᵢ + stakes + Σⱼ Πⱼᵢ pⱼ) falls short of p̄ᵢ by more than p̄ᵢ·1e-12, so floating-point noise in a
 * sum never makes a company that can exactly pay into a defaulter.
 */
export const DEFAULT_TOLERANCE = 1e-12;
/** Rounding allowance on an inflow obtained as a difference of two sums (what comes from defaulters). */
export const DIFFERENCE_NOISE = 1e-12;
/**
 * The two again as module constants for the loops below: the optimising compiler folds a module
 * constant into the code, where an exported one is read from the module's exports at each use and
 * checked for being a number (once per row of every sweep).
 */
const TOLERANCE = DEFAULT_TOLERANCE;
const NOISE = DIFFERENCE_NOISE;

/**
 * Obligations by creditor, row i from `ptr[i]` to `end[i]`: debtor `idx` and relative liability
 * `w` = Πⱼᵢ. With `base`, the rows list the defaulting debtors alone and `base[i]` is what i
 * receives from all the others.
 */
export interface Rows {
  readonly ptr: Int32Array;
  readonly end: Int32Array;
  readonly idx: Int32Array;
  readonly w: Float64Array;
  readonly base: Float64Array | null;
}

/**
 * `sum` + Σ w[m]·p[idx[m]] over the slots `from` to `to` of a row, added in the row's order (so the
 * same bits however it is stepped), two obligations a step: half the loop's own work (the bound,
 * the counter, the interrupt check) per obligation. Small enough for the compiler to inline into
 * each loop that pulls an inflow.
 */
export function pull(
  sum: number,
  from: number,
  to: number,
  idx: Int32Array,
  w: Float64Array,
  p: Float64Array,
): number {
  let inf = sum;
  let m = from;
  for (const pair = to - 1; m < pair; m += 2) {
    inf += w[m] * p[idx[m]];
    inf += w[m + 1] * p[idx[m + 1]];
  }
  if (m < to) inf += w[m] * p[idx[m]];
  return inf;
}

/** What a sweep reads and writes. */
export interface Clearing {
  readonly alpha: number;
  readonly beta: number;
  readonly pbar: Float64Array;
  readonly e: Float64Array;
  readonly stakes: Float64Array;
  readonly p: Float64Array;
}

/** What a sweep found: the largest move relative to max(p̄ᵢ, 1), and the error bounds γ and Σ moves. */
export interface SweepStats {
  moved: number;
  gamma: number;
  norm1: number;
}

/**
 * One Gauss–Seidel sweep over the defaulters `rows` (ascending): each pulls its inflow
 * Σⱼ Πⱼᵢ pⱼ from its debtors' current payments (summed afresh, in a fixed order) and lowers its
 * payment to its target αeᵢ + β·inflow. It never raises one: from a supersolution the targets only
 * fall, so a rise could only be rounding; summed afresh, a target is a monotone function of the
 * payments (rounding is monotone), so no payment falls below the floating-point solution and the
 * sweeps come to rest. The hot loop of the cascade, so it reads everything from locals.
 *
 * The bound: write p⁰ for the payments the sweep starts from and Δ for each payment's fall. The
 * residual rᵢ = p⁰ᵢ − targetᵢ(p⁰) lies in [0, Δᵢ] (the sweep's target read payments at or below
 * p⁰). Write T for the wave's clearing map, Tᵢ(p) = bᵢ + (Mp)ᵢ clamped to [0, p̄ᵢ], with
 * Mᵢⱼ = β·Πⱼᵢ on the defaulters and bᵢ = α(eᵢ + stakesᵢ) + β·(what i receives from those
 * standing); p⁽ᵏ⁾ is its greatest fixed point, the limit of the sweeps from above. Two bounds on
 * the error δ = p⁰ − p⁽ᵏ⁾ follow:
 * - (I − M)p⁰ = b + r, so with γ = maxᵢ Δᵢ/(bᵢ + Δᵢ) ≥ maxᵢ rᵢ/(bᵢ + rᵢ), q = (1 − γ)p⁰ has
 *   T(q) − q ≥ γ(b + r) − r ≥ 0: q is a subsolution, and T being monotone its greatest fixed point
 *   lies above every subsolution, so p⁽ᵏ⁾ ≥ (1 − γ)p⁰ and δ ≤ γp⁰ — company c receives at most γ
 *   times what it receives from defaulters more at p⁰ than at p⁽ᵏ⁾. No contraction is needed:
 *   it holds with μ = 1 (plain Eisenberg–Noe where some company owes everything inside);
 * - δ ≤ r + Mδ (the clearing map is β-Lipschitz in each inflow) and M's column sums are at most
 *   μ, so when μ < 1, ‖δ‖₁ ≤ ‖r‖₁/(1 − μ) ≤ ΣΔ/(1 − μ) (`norm1` is ΣΔ).
 * A target clamped at p̄ᵢ would break the first ((I − M)p⁰ᵢ may then fall below bᵢ); a defaulter's
 * target stays below p̄ᵢ (its assets fell short and only fall further), but should rounding ever
 * clamp one, γ is infinite and the 1-norm bound alone decides.
 *
 * With `excess`, the sweep also writes p⁰ᵢ − bᵢ for every row it reads, for the sharper per-company
 * bounds of `waveErrorBound`.
 */
export function sweep(
  c: Clearing,
  obligations: Rows,
  rows: Int32Array,
  out: SweepStats,
  excess: Float64Array | null = null,
): void {
  const { alpha, beta, pbar, e, stakes, p } = c;
  const { ptr, end, idx, w, base } = obligations;
  let moved = 0;
  let gamma = 0;
  let norm1 = 0;
  // A clamped target makes γ infinite, kept apart so that γ stays a plain float in the loop (with
  // Infinity assigned inside, the compiler kept it boxed and allocated a number for it).
  let clamped = false;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const inf = pull(base === null ? 0 : base[i], ptr[i], end[i], idx, w, p);
    const cap = pbar[i];
    const own = alpha * (e[i] + stakes[i]);
    let target = own + beta * inf;
    if (target >= cap) {
      target = cap;
      clamped = true;
    } else if (target < 0) target = 0;
    const before = p[i];
    const d = before - target;
    // What i receives from those standing, less the rounding it may carry (the full rows of the
    // final refinement give no split; their γ is not used); with `own` it is bᵢ.
    const standing = base === null ? 0 : base[i] - NOISE * inf;
    const b = own + (standing > 0 ? beta * standing : 0);
    if (excess !== null) excess[i] = before - b;
    if (d <= 0) continue;
    p[i] = target;
    norm1 += d;
    // The maxima compared by multiplying, dividing only for a new one.
    const scale = cap > 1 ? cap : 1;
    if (d > moved * scale) moved = d / scale;
    const slack = b + d;
    if (d > gamma * slack) gamma = d / slack;
  }
  out.moved = moved;
  out.gamma = clamped ? Infinity : gamma;
  out.norm1 = norm1;
}

/** What the settling of the exposed companies reads. */
export interface Judged {
  readonly alpha: number;
  readonly beta: number;
  readonly e: Float64Array;
  readonly contract: Float64Array;
  readonly stakes: Float64Array;
  readonly pbar: Float64Array;
  readonly inflow: Float64Array;
  /** What each company receives from those not cleared. */
  readonly steady: Float64Array;
  /** maxⱼ∈D Πⱼc: the largest share of a defaulter's obligations owed to c. */
  readonly maxFromDefaulter: Float64Array;
  readonly p: Float64Array;
  /** p⁰ᵢ − bᵢ of every defaulter, written by the wave's last sweep (see `sweep`). */
  readonly excess: Float64Array;
}

/**
 * Undecided companies at most this many are judged by the two-step bound as well (see
 * `waveErrorBound`): it reads the rows of a company's debtors, a few hundred obligations each.
 */
export const DEEP_CHECK = 64;

/**
 * After a sweep, settles what it can of the `count` exposed companies in `open`: each pulls its
 * inflow at the current payments; one short there (an upper bound of p⁽ᵏ⁾) is short at p⁽ᵏ⁾ and
 * goes to `short` (at `found[0]`, which counts them); one whose margin exceeds the largest error
 * the sweep's bounds allow — γ times what it receives from defaulters, or maxⱼ∈D Πⱼc·`spread` — is
 * solvent at p⁽ᵏ⁾ (the bound holds for the payments the sweep started from, at or above the
 * current ones, so for an inflow at the current payments as well). The others stay in `open`
 * (compacted to its front); returns how many. With γ = spread = 0 it is the plain test, which
 * decides everyone; `spread` = ∞ leaves γ alone (no 1-norm bound), and a company that receives
 * nothing from defaulters has its exact margin whatever the spread.
 */
export function settle(
  j: Judged,
  obligations: Rows,
  open: Int32Array,
  count: number,
  short: Int32Array,
  found: Int32Array,
  gamma: number,
  spread: number,
): number {
  const { e, contract, stakes, pbar, inflow, steady, maxFromDefaulter, p } = j;
  const { ptr, end, idx, w } = obligations;
  const plain = gamma === 0 && spread === 0;
  const deep = count <= DEEP_CHECK;
  let kept = 0;
  let shorts = found[0];
  for (let q = 0; q < count; q++) {
    const c = open[q];
    const inf = pull(steady[c], ptr[c], end[c], idx, w, p);
    inflow[c] = inf;
    const room =
      e[c] + contract[c] + stakes[c] + inf - pbar[c] * (1 - TOLERANCE);
    // A company that owes nothing cannot fall short (a sum may drift a few ulps below 0).
    if (pbar[c] === 0) continue;
    if (room < 0) {
      short[shorts++] = c;
      // Counted here rather than after the loop, where an optimised loop would meet a store it has
      // no type feedback for and fall back to the interpreter on every call.
      found[0] = shorts;
      continue;
    }
    if (plain) continue;
    const fromDefaulters = inf - steady[c];
    const received = (fromDefaulters > 0 ? fromDefaulters : 0) + NOISE * inf;
    const byGamma = received > 0 ? gamma * received : 0;
    const most = maxFromDefaulter[c];
    const bySpread = most > 0 ? most * spread : 0;
    if ((byGamma < bySpread ? byGamma : bySpread) < room) continue;
    // The sharper bounds read the row again (and, for the last few, the debtors' rows): only for
    // the companies the plain bounds leave open.
    if (gamma < 1 && waveErrorBound(j, obligations, c, gamma, deep) < room)
      continue;
    open[kept++] = c;
  }
  return kept;
}

/**
 * A bound on how far company c's inflow at the current payments p lies above its inflow at the
 * wave's solution p⁽ᵏ⁾, sharper than γ times what it receives from defaulters; called right after
 * a sweep over every defaulter that wrote `excess` and found γ < 1 (notation of `sweep`: p⁰ the
 * payments that sweep started from, Δ each payment's fall in it, r = p⁰ − T(p⁰) ∈ [0, Δ]).
 *
 * Call u a bound vector when u ≥ r + Mu. Then q = p⁰ − u is a subsolution of the wave's clearing
 * map (T(q) ≥ b + Mp⁰ − Mu = p⁰ − r − Mu ≥ q, and q ≤ p⁰ ≤ p̄), so q ≤ p⁽ᵏ⁾ and p⁰ − p⁽ᵏ⁾ ≤ u.
 * u⁰ = γp⁰ is one (`sweep`'s first bound), and applying u ↦ r + Mu to a bound vector gives a
 * smaller one, again a bound vector (u′ ≤ u gives r + Mu′ ≤ r + Mu = u′). So
 * u¹ = r + γMp⁰ = r + γ(p⁰ − b − r) bounds p⁰ − p⁽ᵏ⁾, and since p = p⁰ − Δ with r ≤ Δ,
 *
 *   (1) pⱼ − p⁽ᵏ⁾ⱼ ≤ u¹ⱼ − Δⱼ ≤ γ(p⁰ⱼ − bⱼ) = γ·excessⱼ,
 *
 * against γpⱼ before: the share bⱼ/p⁰ⱼ that j has of its own, not from other defaulters, is left out
 * (two thirds of it for the median defaulter of the benchmark's cascade). One step further, with
 * r̃ = p − T(p) the residual at the current payments (read here from the debtors' rows) and the
 * error δ = p − p⁽ᵏ⁾ ≤ r̃ + Mδ (T is monotone and changes by at most β·Πᵀ of a change in p),
 * (1) gives
 *
 *   (2) δⱼ ≤ r̃ⱼ + β·Σₗ Πₗⱼ γ·excessₗ,
 *
 * which leaves out the share of the debtors' debtors as well; it reads every debtor's row, so only
 * the last few undecided companies (`deep`) take it. Company c's inflow exceeds its inflow at p⁽ᵏ⁾
 * by Σⱼ Πⱼc δⱼ; both sums are taken over the rows owed by defaulters (δ is 0 elsewhere), and the
 * bound adds the rounding allowance of `settle` (bⱼ is the one `sweep` took, the standing inflow
 * less its own allowance, so never above the true one).
 */
export function waveErrorBound(
  j: Judged,
  obligations: Rows,
  c: number,
  gamma: number,
  deep: boolean,
): number {
  const { alpha, beta, e, stakes, pbar, steady, p, excess } = j;
  const { ptr, end, idx, w } = obligations;
  let inf = steady[c];
  let near = 0;
  let far = 0;
  for (let m = ptr[c]; m < end[c]; m++) {
    const d = idx[m];
    inf += w[m] * p[d];
    near += w[m] * excess[d];
    if (!deep) continue;
    // (2) for debtor d: its residual at the current payments and what its own debtors may owe.
    let dInf = steady[d];
    let dExcess = 0;
    for (let l = ptr[d]; l < end[d]; l++) {
      dInf += w[l] * p[idx[l]];
      dExcess += w[l] * excess[idx[l]];
    }
    let target = alpha * (e[d] + stakes[d]) + beta * dInf;
    if (target > pbar[d]) target = pbar[d];
    else if (target < 0) target = 0;
    const residual = p[d] - target;
    const twoStep =
      (residual > 0 ? residual : 0) +
      NOISE * (target + p[d]) +
      beta * gamma * (dExcess > 0 ? dExcess : 0);
    const oneStep = gamma * excess[d];
    far += w[m] * (twoStep < oneStep ? twoStep : oneStep);
  }
  const byExcess = gamma * near;
  const bound = deep && far < byExcess ? far : byExcess;
  return bound + NOISE * inf;
}
