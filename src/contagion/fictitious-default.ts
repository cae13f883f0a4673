import { ContagionNetwork } from './network';
import {
  Clearing,
  DEFAULT_TOLERANCE,
  DIFFERENCE_NOISE,
  Judged,
  pull,
  Rows,
  settle,
  sweep,
  SweepStats,
} from './wave-sweeps';

/**
 * A wave solved without an error bound, and the final refinement, sweep until no payment moves by
 * more than this share of max(p̄ᵢ, 1), or until the largest move stops shrinking below
 * `RESIDUAL_FLOOR` (the rounding noise of the sums).
 */
const RESIDUAL_TOLERANCE = 1e-15;
const RESIDUAL_FLOOR = 1e-12;
/**
 * The exposed companies are first judged after the sweep whose bound γ (see `sweep`) falls to
 * this: before, the bound settles few of them, and judging means pulling each one's inflow.
 */
const FIRST_CHECK = 0.1;
/**
 * Hard cap that turns a solver that fails to settle into a clear error instead of a spin: sweeps
 * in one solve (a wave converges geometrically, so a legitimate solve needs far fewer).
 */
const MAX_SWEEPS = 100_000;
/** Module constants, folded into the loops (see wave-sweeps.ts). */
const TOLERANCE = DEFAULT_TOLERANCE;
const NOISE = DIFFERENCE_NOISE;

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
  /** Σⱼ Πⱼᵢ pⱼ, consistent with `p` on entry and on return. */
  readonly inflow: Float64Array;
  /** Payments: p̄ for the solvent, fixed for injected defaults; the defaulters' are cleared. */
  readonly p: Float64Array;
  /** 0 solvent, 1 defaulted (cleared), 2 injected default (payment fixed). */
  readonly status: Uint8Array;
  /** −1 solvent, 0 injected, k for the k-th wave. */
  readonly round: Int32Array;
}

/**
 * The fictitious default algorithm (Eisenberg–Noe 2001 §3; Rogers–Veraart 2013, Greatest Clearing
 * Vector Algorithm) on the sparse network:
 *
 *   D ← {i : eᵢ + Σⱼ Πⱼᵢ pⱼ < p̄ᵢ}; repeat: pᵢ = p̄ᵢ outside D, solve p_D = α e_D + β Π_{·D}ᵀ p,
 *   D′ ← {i : eᵢ + Σⱼ Πⱼᵢ pⱼ < p̄ᵢ} (solvency tested at undiscounted values) until D′ = D.
 *
 * A company entering D in round k gets `round` k (1 = fundamental, k > 1 = the k-th wave).
 *
 * Each wave's system is solved by Gauss–Seidel sweeps (`sweep`) over the defaulters, started from
 * the previous wave's payments — an upper bound of the new solution p⁽ᵏ⁾, so the payments fall
 * monotonically towards it. A sweep reads, for each defaulter in index order, its row of the
 * obligations owed by defaulters (`Rows`, filled as companies default; what it receives from the
 * others is a sum kept per company), so it pulls its inflow and sets its payment without a write
 * to anyone else's. A wave is solved only as far as the next wave's membership needs (`settle`):
 * after each sweep the exposed companies not yet settled pull their inflows; one short at the
 * current payments is short at p⁽ᵏ⁾ too, and one whose margin exceeds the error the sweep's bound
 * allows is solvent at p⁽ᵏ⁾, and neither is looked at again in the wave (γ first, then for those it
 * leaves open the sharper bounds of `waveErrorBound`, read from the excess p⁰ᵢ − bᵢ the sweep
 * writes). (The bound γ needs no contraction, so it holds with μ ≥ 1 as well; only the 1-norm
 * bound needs μ < 1. A wave whose γ stays large is swept until no payment moves, and the plain
 * test decides.) When no
 * wave is left the defaulters' payments are refined until none moves by more than 1e-15 of
 * max(p̄ᵢ, 1) (or the moves reach rounding noise), last along every obligation so each satisfies
 * its clearing equation with its inflow summed afresh; then every inflow is summed afresh and the
 * solvent set re-tested once more.
 */
export function runFictitiousDefault(state: CascadeState): void {
  const { network, alpha, beta, wIn, mu, e, stakes, contract } = state;
  const { inflow, p, status } = state;
  const { n, totalObligations: pbar, inPtr, inIdx } = network;
  // The 1-norm bound needs a contraction (μ < 1); without one (β = 1 and someone owes everything
  // inside, as in the liquidity reading) a wave is judged by γ alone.
  const bounded = mu < 1;

  // The obligations owed by defaulters, by creditor: row c's slots from inPtr[c] hold its
  // defaulting debtors (up to end[c], in the order they defaulted). `steady` is what each company
  // receives from those not (yet) cleared — the solvent, paying p̄, and the injected defaults —
  // which no wave's solve changes.
  const steady = Float64Array.from(inflow);
  const { idx, w } = rowSpace(network);
  const owedByDefaulters: Rows = {
    ptr: inPtr,
    end: Int32Array.from(inPtr.subarray(0, n)),
    idx,
    w,
    base: steady,
  };
  // Every obligation, by creditor: the final refinement sums each inflow afresh from all debtors.
  const allObligations: Rows = {
    ptr: inPtr,
    end: inPtr.subarray(1),
    idx: inIdx,
    w: wIn,
    base: null,
  };
  const clearing: Clearing = { alpha, beta, pbar, e, stakes, p };
  const judged: Judged = {
    alpha,
    beta,
    e,
    contract,
    stakes,
    pbar,
    inflow,
    steady,
    maxFromDefaulter: new Float64Array(n),
    p,
    excess: new Float64Array(n),
  };
  const waves: Waves = {
    state,
    owedByDefaulters,
    maxFromDefaulter: judged.maxFromDefaulter,
    exposed: new Int32Array(n),
    exposedCount: 0,
    exposedMark: new Uint8Array(n),
  };
  const stats: SweepStats = { moved: 0, gamma: 0, norm1: 0 };

  /** Sweeps `rows` along `obligations` until no payment moves by more than `RESIDUAL_TOLERANCE`. */
  const refine = (rows: Int32Array, obligations: Rows): void => {
    let previous = Infinity;
    for (let s = 0; ; s++) {
      if (s >= MAX_SWEEPS)
        throw new Error(
          `fictitious default: payments still moving after ${MAX_SWEEPS} sweeps`,
        );
      sweep(clearing, obligations, rows, stats);
      const moved = stats.moved;
      if (
        moved <= RESIDUAL_TOLERANCE ||
        (moved <= RESIDUAL_FLOOR && moved >= previous)
      )
        return;
      previous = moved;
    }
  };

  const rows = new Int32Array(n);
  const open = new Int32Array(n);
  const newly = new Int32Array(n);
  const found = new Int32Array(1);
  let fresh = solventShort(state, newly);
  let k = 1;
  // The default set only grows, so there are at most n + 1 passes (the last one finds nobody new).
  let passes = 0;
  for (;;) {
    if (++passes > n + 1)
      throw new Error(
        `fictitious default: the default set did not settle after ${n + 1} passes`,
      );
    while (fresh > 0) {
      admit(waves, newly.subarray(0, fresh), k);
      // The new defaulters first take their payments (the largest moves of the wave), so that the
      // wave's first sweep passes them on to their creditors at once.
      sweep(clearing, owedByDefaulters, newly.subarray(0, fresh), stats);
      // In index order a sweep reads the rows of the obligations front to back.
      const defaulters = rows.subarray(0, listDefaulters(status, rows));
      // An exposed company solvent even if every defaulter paid nothing is settled at once.
      let undecided = atRisk(judged, waves.exposed, waves.exposedCount, open);
      found[0] = 0;
      let previous = Infinity;
      for (let s = 0; undecided > 0; s++) {
        if (s >= MAX_SWEEPS)
          throw new Error(
            `fictitious default: payments still moving after ${MAX_SWEEPS} sweeps`,
          );
        sweep(clearing, owedByDefaulters, defaulters, stats, judged.excess);
        const moved = stats.moved;
        const converged =
          moved <= RESIDUAL_TOLERANCE ||
          (moved <= RESIDUAL_FLOOR && moved >= previous);
        previous = moved;
        if (!converged && stats.gamma > FIRST_CHECK) continue;
        // Once the payments stop moving the plain test decides.
        undecided = settle(
          judged,
          owedByDefaulters,
          open,
          undecided,
          newly,
          found,
          converged ? 0 : stats.gamma,
          converged ? 0 : bounded ? stats.norm1 / (1 - mu) : Infinity,
        );
      }
      fresh = found[0];
      newly.subarray(0, fresh).sort();
      k++;
    }

    // Refinement of the defaulters' payments until each satisfies its clearing equation — first
    // along the rows owed by defaulters, then along every obligation, each inflow summed afresh
    // (the sums kept per company carry the rounding of their updates) — then verification with
    // freshly summed inflows: re-test the solvent companies.
    const defaulters = rows.subarray(0, listDefaulters(status, rows));
    refine(defaulters, owedByDefaulters);
    refine(defaulters, allObligations);
    sumInflows(allObligations, p, inflow);
    fresh = solventShort(state, newly);
    if (fresh === 0) break;
  }
}

/**
 * The space for the rows owed by defaulters, one slot per obligation (12 bytes each: 24 MB for
 * 2 million obligations), kept per network and reused by every run on it: allocated afresh each
 * run, it made the collector walk the whole heap during the run. A run fills each row before it
 * reads it (row c from `ptr[c]` up to `end[c]`, which starts empty), so nothing is carried from
 * one run to the next, and runs never overlap (a run is synchronous; a worker thread has its own).
 */
const rowSpaces = new WeakMap<
  ContagionNetwork,
  { readonly idx: Int32Array; readonly w: Float64Array }
>();

function rowSpace(network: ContagionNetwork): {
  readonly idx: Int32Array;
  readonly w: Float64Array;
} {
  let space = rowSpaces.get(network);
  if (!space) {
    const m = network.inIdx.length;
    space = { idx: new Int32Array(m), w: new Float64Array(m) };
    rowSpaces.set(network, space);
  }
  return space;
}

/** The cascade's bookkeeping across waves. */
interface Waves {
  readonly state: CascadeState;
  readonly owedByDefaulters: Rows;
  readonly maxFromDefaulter: Float64Array;
  /**
   * Solvent companies that hold a claim on or a stake in a cleared defaulter (the first
   * `exposedCount`, in index order): the only ones whose standing a wave can change (the others
   * were tested at the start and nothing they hold moves).
   */
  readonly exposed: Int32Array;
  exposedCount: number;
  readonly exposedMark: Uint8Array;
}

/**
 * Waves admitting more than this share of the companies fill the rows owed by defaulters by
 * reading every creditor's row once, in order (`admitByCreditor`), rather than by writing each new
 * defaulter's obligations into its creditors' rows, scattered over the whole network.
 */
const BULK_ADMISSION = 1 / 8;

/**
 * Clears `newly` (in index order) in round k: each still pays p̄ᵢ, and from now on that payment
 * counts as coming from a defaulter (it leaves `steady` and enters the rows owed by defaulters);
 * its creditors and investors become exposed, and its investors lose their stakes in it.
 */
function admit(w: Waves, newly: Int32Array, k: number): void {
  const { state, owedByDefaulters, maxFromDefaulter, exposed, exposedMark } = w;
  const { network, wOut, p, status, round, stakes, stakeLost } = state;
  const { outPtr, outIdx, stakePtr, stakeIdx, stakeAmt } = network;
  const { end, idx, w: rowW, base } = owedByDefaulters;
  const steady = base as Float64Array;
  for (let q = 0; q < newly.length; q++) {
    status[newly[q]] = 1;
    round[newly[q]] = k;
  }
  if (newly.length > BULK_ADMISSION * network.n) admitByCreditor(w, newly);
  else {
    // Read ahead: the first, middle and last obligation of each new defaulter (most of the cache
    // lines its obligations span), reads that do not wait on each other, so that their misses
    // overlap instead of stalling the writes below one defaulter at a time (−0.5 to −1 ms of the
    // 29 of the benchmark's cascade). The sum is tested below so that the reads are not dropped as
    // unused; the test cannot fail for a valid network (indices and relative liabilities are never
    // negative), and only the values read are seen by it.
    let ahead = 0;
    for (let q = 0; q < newly.length; q++) {
      const i = newly[q];
      const first = outPtr[i];
      const last = outPtr[i + 1] - 1;
      if (last >= first)
        ahead +=
          outIdx[first] +
          outIdx[last] +
          wOut[first] +
          wOut[(first + last) >> 1] +
          wOut[last];
    }
    if (!(ahead >= 0))
      throw new Error('fictitious default: a relative liability is negative');
    for (let q = 0; q < newly.length; q++) {
      const i = newly[q];
      const pi = p[i];
      for (let o = outPtr[i]; o < outPtr[i + 1]; o++) {
        const c = outIdx[o];
        const share = wOut[o];
        steady[c] -= share * pi;
        if (share > maxFromDefaulter[c]) maxFromDefaulter[c] = share;
        idx[end[c]] = i;
        rowW[end[c]++] = share;
        exposedMark[c] = 1;
      }
    }
  }
  for (let q = 0; q < newly.length; q++) {
    const i = newly[q];
    for (let s = stakePtr[i]; s < stakePtr[i + 1]; s++) {
      const investor = stakeIdx[s];
      stakes[investor] -= stakeLost * stakeAmt[s];
      exposedMark[investor] = 1;
    }
  }
  // Only the solvent stay exposed (an injected default is never re-tested). Listed in index order
  // by a scan of the marks, so that the judging reads each company's figures (a dozen arrays)
  // front to back: in the order they became exposed, every company was a cache miss in each.
  // Without a branch, which the processor guesses wrong whenever the marks change at random: each
  // company is written at the next place, which moves on when it is marked (1) and solvent
  // ((0 − 1) >>> 31 is 1, (1 − 1) >>> 31 and (2 − 1) >>> 31 are 0).
  let kept = 0;
  for (let c = 0; c < status.length; c++) {
    exposed[kept] = c;
    kept += exposedMark[c] & ((status[c] - 1) >>> 31);
  }
  w.exposedCount = kept;
}

/**
 * `admit`'s obligations for a large wave: every creditor's row read once, front to back, taking
 * the debtors in `newly`. Each row gets the same entries in the same order as the
 * scattered writes would give it (debtors in index order, `wIn` equal to `wOut` entry for entry),
 * so the sums and payments are the same to the bit.
 */
function admitByCreditor(w: Waves, newly: Int32Array): void {
  const { state, owedByDefaulters, maxFromDefaulter, exposedMark } = w;
  const { network, wIn, p } = state;
  const { inPtr, inIdx } = network;
  const { end, idx, w: rowW, base } = owedByDefaulters;
  const steady = base as Float64Array;
  // A byte per company: small enough to stay in cache while the rows stream past.
  const entering = new Uint8Array(network.n);
  for (let q = 0; q < newly.length; q++) entering[newly[q]] = 1;
  for (let c = 0; c < network.n; c++) {
    let slot = end[c];
    const first = slot;
    for (let m = inPtr[c]; m < inPtr[c + 1]; m++) {
      const j = inIdx[m];
      if (entering[j] === 0) continue;
      const share = wIn[m];
      steady[c] -= share * p[j];
      if (share > maxFromDefaulter[c]) maxFromDefaulter[c] = share;
      idx[slot] = j;
      rowW[slot++] = share;
    }
    if (slot === first) continue;
    end[c] = slot;
    exposedMark[c] = 1;
  }
}

/**
 * Copies into `open` the `count` exposed companies that could fall short in this wave — those
 * whose assets would not cover their obligations if every defaulter paid them nothing (less the
 * rounding `steady` may carry); returns how many.
 */
function atRisk(
  j: Judged,
  exposed: Int32Array,
  count: number,
  open: Int32Array,
): number {
  const { e, contract, stakes, pbar, inflow, steady } = j;
  let kept = 0;
  for (let q = 0; q < count; q++) {
    const c = exposed[q];
    const floor =
      e[c] +
      contract[c] +
      stakes[c] +
      steady[c] -
      NOISE * inflow[c] -
      pbar[c] * (1 - TOLERANCE);
    open[kept] = c;
    kept += floor < 0 ? 1 : 0;
  }
  return kept;
}

/** Lists the cleared defaulters in index order; returns how many. */
function listDefaulters(status: Uint8Array, rows: Int32Array): number {
  // Without a branch (see `admit`): status 1 & 1 is 1, 0 & 1 and 2 & 1 are 0.
  let count = 0;
  for (let i = 0; i < status.length; i++) {
    rows[count] = i;
    count += status[i] & 1;
  }
  return count;
}

/** Sums every inflow afresh along `obligations` (all of them, by creditor). */
function sumInflows(
  obligations: Rows,
  p: Float64Array,
  inflow: Float64Array,
): void {
  const { ptr, end, idx, w } = obligations;
  for (let i = 0; i < inflow.length; i++)
    inflow[i] = pull(0, ptr[i], end[i], idx, w, p);
}

/**
 * Lists in `into` the solvent companies short at the current inflows; returns how many. A company
 * that owes nothing cannot fall short (a sum may drift a few ulps below 0).
 */
function solventShort(state: CascadeState, into: Int32Array): number {
  const { e, contract, stakes, inflow, status } = state;
  const pbar = state.network.totalObligations;
  let count = 0;
  for (let i = 0; i < pbar.length; i++)
    if (
      status[i] === 0 &&
      pbar[i] > 0 &&
      e[i] + contract[i] + stakes[i] + inflow[i] < pbar[i] * (1 - TOLERANCE)
    )
      into[count++] = i;
  return count;
}
