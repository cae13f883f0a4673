import {
  clearingVector,
  ContagionNetwork,
  ContagionParams,
  ContagionRun,
  networkFromArrays,
  orderDefaults,
  ratio,
} from '../../../contagion';
import { Flows, FUNDING, LOAN, SUPPLY } from './schedule';

/** What one company has outside the network each year. */
export interface Outside {
  /** Cash at `at` (a negative figure counts as none). */
  readonly cash: Float64Array;
  /** A year's operating cash flow, taken flat. */
  readonly flow: Float64Array;
}

export interface YearlyInput {
  readonly variant: 'eisenberg-noe' | 'rogers-veraart';
  readonly ids: readonly string[];
  readonly flows: Flows;
  /** Share of each flow kept (the cuts); 1 in the baseline. */
  readonly kept: Float64Array;
  readonly lastYear: number;
  readonly outside: Outside;
  /** Defaults in force from year 1 (recorded, and the `default` shocks), with their recovery. */
  readonly defaults: ReadonlyMap<number, number | undefined>;
  /** Taken once, from year 1's outside assets. */
  readonly assetLoss: Float64Array;
  readonly params: ContagionParams;
}

export interface YearlyRun {
  readonly run: ContagionRun;
  /** Year 1's network as last cleared (the defaulters' accelerated debts included). */
  readonly firstYear: ContagionNetwork;
  readonly defaultYear: Int32Array;
  readonly shortfall: Float64Array;
  readonly years: number;
  /** What the outside creditors of each company lose. */
  readonly outsideLoss: Float64Array;
}

/**
 * The year-by-year clearing after Kusnetsov & Veraart (2019), "Interbank clearing in financial
 * networks with multiple maturities". Year k = (at + k−1 years, at + k years]. In each year every
 * company's cash carried from the year before (year 1: its cash at `at`) plus its operating cash
 * flow and what its debtors pay is set against what falls due that year; the year is cleared by
 * the greatest clearing vector (Eisenberg–Noe, or Rogers–Veraart with default costs).
 *
 * Default set, as in the paper's algorithmic approach: the companies that cannot pay what falls
 * due are in default; a company in default in year k owes at once all it would owe later — its
 * loans fall due (accelerated), its supply contracts are rejected (the seller's claim becomes
 * damagesRate × the remaining installments), the tranches it owes as an investor lapse (and those
 * owed to it as an investee) — and the year is cleared again with those debts, until no further
 * company fails. A company stays in default once it is (the set only grows, so this ends). Its
 * unpaid debts stay owed: in later years it pays what the clearing gives. A default given as a
 * shock (or recorded) settles in year 1 at its recovery: it owes nothing afterwards.
 */
export function clearYears(input: YearlyInput): YearlyRun {
  const { flows, kept, outside, params, variant } = input;
  const n = input.ids.length;
  const m = flows.m;
  const K = input.lastYear;
  const { debtor, creditor, kind, damagesRate, start, years, dues } = flows;

  const carry = Float64Array.from(outside.cash, (c) => Math.max(0, c));
  const defaultYear = new Int32Array(n).fill(-1);
  const round = new Int32Array(n).fill(-1);
  const injected = new Uint8Array(n);
  for (const [i] of input.defaults) {
    injected[i] = 1;
    defaultYear[i] = 1;
    round[i] = 0;
  }
  const shortfall = new Float64Array(n);
  const paidTotal = new Float64Array(n);
  // What each company still owes at the end (carried debts, written-off debts, outside debts unpaid).
  const unpaid = new Float64Array(n);
  // Kept out of the cash carried, counted in equity as the solver counts it: what a defaulter's
  // Rogers–Veraart costs destroyed, and what a shocked default paid beyond the cash it had.
  const costs = new Float64Array(n);
  const owedCarry = new Float64Array(m);
  let writeDowns = 0;
  let externalCreditorLoss = 0;
  // What the outside creditors of each company lose (its outside debts left unpaid, every year).
  const outsideLoss = new Float64Array(n);
  let injectedShortfall = 0;
  let maxRound = 0;
  let firstYear: ContagionNetwork | null = null;

  const dueIn = (f: number, k: number): number =>
    k <= years[f] ? dues[start[f] + k - 1] : 0;
  /** The uncut dues of flow f after year k. */
  const dueAfter = (f: number, k: number): number => {
    let later = 0;
    for (let j = k + 1; j <= years[f]; j++) later += dues[start[f] + j - 1];
    // Amounts with no date within MAX_YEARS are owed too: they fall due by acceleration.
    let scheduled = 0;
    for (let j = 1; j <= years[f]; j++) scheduled += dues[start[f] + j - 1];
    return later + Math.max(0, flows.total[f] - scheduled);
  };

  const obligation = new Float64Array(m);
  const scheduled = new Float64Array(m);
  for (let k = 1; k <= K; k++) {
    // What falls due this year, before any default of this year.
    for (let f = 0; f < m; f++) {
      const d = debtor[f];
      // Tranches lapse once their investor or investee has failed (no funding of a failed company).
      const lapsed =
        kind[f] === FUNDING &&
        defaultYear[creditor[f]] > 0 &&
        defaultYear[creditor[f]] < k;
      if ((injected[d] && k > 1) || lapsed) scheduled[f] = 0;
      else if (defaultYear[d] > 0 && defaultYear[d] < k)
        scheduled[f] = owedCarry[f];
      else scheduled[f] = dueIn(f, k) * kept[f] + owedCarry[f];
    }
    const e = new Float64Array(n);
    const outsideOwed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      e[i] = carry[i] + Math.max(0, outside.flow[i]);
      outsideOwed[i] = Math.max(0, -outside.flow[i]);
    }
    const assetLoss = k === 1 ? input.assetLoss : new Float64Array(n);
    const yearDefaults = k === 1 ? input.defaults : new Map<number, number>();
    const inYear = new Uint8Array(n); // failed this year
    if (k === 1) for (const [i] of input.defaults) inYear[i] = 1;
    let run!: ContagionRun;
    let network!: ContagionNetwork;
    let roundOffset = 0;
    for (let pass = 0; ; pass++) {
      let changed = pass === 0;
      for (let f = 0; f < m; f++) {
        let a = scheduled[f];
        if (inYear[debtor[f]]) {
          const later = dueAfter(f, k) * kept[f];
          if (kind[f] === LOAN) a += later;
          else if (kind[f] === SUPPLY) a += damagesRate[f] * later;
        }
        if (a !== obligation[f]) changed = true;
        obligation[f] = a;
      }
      // The new defaulters owe nothing more at once: clearing again would give the same vector.
      if (!changed) break;
      network = networkFromArrays({
        ids: input.ids,
        equity: new Float64Array(n),
        externalAssets: e,
        externalLiabilities: outsideOwed,
        obligationDebtor: debtor,
        obligationCreditor: creditor,
        obligationAmount: obligation,
      });
      run = clearingVector(
        network,
        { defaults: yearDefaults, assetLossUsd: assetLoss },
        params,
        variant,
      );
      let fresh = 0;
      let yearMax = roundOffset;
      for (let i = 0; i < n; i++) {
        if (run.defaulted[i] !== 1 || inYear[i] || defaultYear[i] > 0) continue;
        inYear[i] = 1;
        defaultYear[i] = k;
        round[i] = roundOffset + run.defaultRound[i];
        yearMax = Math.max(yearMax, round[i]);
        fresh++;
      }
      if (fresh === 0) break;
      roundOffset = yearMax;
    }
    if (k === 1) firstYear = network;

    // Settle the year: each debtor pays its creditors in proportion to what it owes them.
    const p = run.payment!;
    const pbar = network.totalObligations;
    const inflow = new Float64Array(n);
    for (let f = 0; f < m; f++) {
      const d = debtor[f];
      const share = pbar[d] > 0 ? p[d] / pbar[d] : 1;
      const paid = obligation[f] * share;
      inflow[creditor[f]] += paid;
      const left = obligation[f] - paid;
      if (injected[d]) {
        unpaid[d] += left; // written off: the shock's recovery is all it pays
        owedCarry[f] = 0;
      } else owedCarry[f] = left;
      if (inYear[debtor[f]] && kind[f] === SUPPLY)
        writeDowns += (1 - damagesRate[f]) * dueAfter(f, k) * kept[f];
    }
    const scheduledOwed = Float64Array.from(outsideOwed);
    for (let f = 0; f < m; f++) scheduledOwed[debtor[f]] += scheduled[f];
    for (let i = 0; i < n; i++) {
      const ei = Math.max(0, e[i] - assetLoss[i]);
      const share = pbar[i] > 0 ? p[i] / pbar[i] : 1;
      const outsideUnpaid = outsideOwed[i] * (1 - share);
      unpaid[i] += outsideUnpaid;
      externalCreditorLoss += outsideUnpaid;
      outsideLoss[i] += outsideUnpaid;
      paidTotal[i] += p[i];
      const left = ei + inflow[i] - p[i];
      if (run.defaulted[i] === 1 && !injected[i]) {
        // A defaulter pays all it has; under Rogers–Veraart the rest is its default costs.
        costs[i] += Math.max(0, left);
        carry[i] = 0;
      } else {
        if (injected[i]) costs[i] += Math.min(0, left);
        carry[i] = Math.max(0, left);
      }
      if (defaultYear[i] === k) {
        shortfall[i] = Math.max(0, scheduledOwed[i] - ei - inflow[i]);
        if (injected[i]) injectedShortfall += pbar[i] - p[i];
      }
    }
    if (k === 1) for (let i = 0; i < n; i++) writeDowns += assetLoss[i];
  }
  // What a defaulter still owes after the last year stays its debt (its creditors never get it).
  for (let f = 0; f < m; f++) unpaid[debtor[f]] += owedCarry[f];

  // Before: every payment made as scheduled (cuts added back to the holder, as in one horizon).
  const before = new Float64Array(n);
  const claimLoss = new Float64Array(n);
  for (let i = 0; i < n; i++)
    before[i] = Math.max(0, outside.cash[i]) + K * outside.flow[i];
  for (let f = 0; f < m; f++) {
    let sum = 0;
    for (let j = 1; j <= years[f]; j++) sum += dues[start[f] + j - 1];
    before[creditor[f]] += sum;
    before[debtor[f]] -= sum * kept[f];
    claimLoss[creditor[f]] += sum * (1 - kept[f]);
  }
  const equityAfter = new Float64Array(n);
  const loss = new Float64Array(n);
  const defaulted = new Uint8Array(n);
  let totalLoss = 0;
  let initialLoss = injectedShortfall;
  for (let i = 0; i < n; i++) {
    maxRound = Math.max(maxRound, round[i]);
    equityAfter[i] = carry[i] + costs[i] - unpaid[i];
    loss[i] = injected[i]
      ? Math.max(0, before[i] - equityAfter[i])
      : Math.max(0, Math.max(0, before[i]) - Math.max(0, equityAfter[i]));
    totalLoss += loss[i];
    defaulted[i] = defaultYear[i] > 0 ? 1 : 0;
    writeDowns += claimLoss[i] + (injected[i] ? 0 : unpaid[i]);
    initialLoss +=
      input.assetLoss[i] +
      claimLoss[i] +
      (injected[i] ? 0 : Math.max(0, -before[i]));
  }
  writeDowns += injectedShortfall;
  totalLoss += externalCreditorLoss;
  // Defaults in order of year, then round, then index.
  const order = orderDefaults(round).sort(
    (a, b) => defaultYear[a] - defaultYear[b] || round[a] - round[b] || a - b,
  );
  return {
    run: {
      model: variant,
      equityBefore: before,
      loss,
      equityAfter,
      defaulted,
      defaultRound: round,
      payment: paidTotal,
      defaults: order,
      rounds: maxRound,
      initialLoss,
      totalLoss,
      amplification: ratio(totalLoss, initialLoss),
      grossMultiplier: ratio(writeDowns, initialLoss),
      writeDowns,
      netMultiplier: ratio(totalLoss, initialLoss),
      externalCreditorLoss,
    },
    firstYear: firstYear!,
    defaultYear,
    shortfall,
    years: K,
    outsideLoss,
  };
}
