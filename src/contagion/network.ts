import { ValidationError } from '../shared/errors';

/**
 * The network the contagion models run on, stored sparse (compressed rows on typed arrays),
 * never as a dense n×n matrix. Companies are numbered 0…n−1 in the order given; `ids[i]`
 * names company i.
 *
 * Two kinds of edge:
 * - obligations `L[i][k]`: company i owes k (a loan's outstanding principal, borrower → lender;
 *   a supply deal's unpaid commitment, buyer → seller). They are cleared by Eisenberg–Noe /
 *   Rogers–Veraart and are the creditor's exposure in Furfine and DebtRank.
 * - stakes: investor k carries an investment in i. No obligation; the carrying value is an asset
 *   of the investor that is lost when i fails.
 *
 * Several entries for the same pair are summed; self-loops are dropped.
 */
export interface ContagionNetwork {
  readonly n: number;
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Capital buffer (`equityUsd`): the threshold in Furfine and DebtRank. */
  readonly equity: Float64Array;
  /** Assets outside the network (`externalAssetsUsd`). */
  readonly externalAssets: Float64Array;
  /** Debts to creditors outside the network (`externalLiabilitiesUsd`), pari passu with those inside. */
  readonly externalLiabilities: Float64Array;
  /**
   * A buyer's contract asset: the capacity it is owed under commitments that are not on its
   * balance sheet. It counts towards solvency while the buyer stands and is worth nothing once it
   * defaults (the contract is rejected), so it never pays a creditor. All zero unless given.
   */
  readonly contractAssets: Float64Array;
  /** Relative economic value for DebtRank (sums to 1 when any is positive). */
  readonly weight: Float64Array;
  /** Total obligations p̄ᵢ = Σₖ L[i][k] + external liabilities. */
  readonly totalObligations: Float64Array;
  /** Obligations by debtor: row i lists creditors k with L[i][k] (`outPtr` has n+1 entries). */
  readonly outPtr: Int32Array;
  readonly outIdx: Int32Array;
  readonly outAmt: Float64Array;
  /** Obligations by creditor: row k lists debtors i with L[i][k]. */
  readonly inPtr: Int32Array;
  readonly inIdx: Int32Array;
  readonly inAmt: Float64Array;
  /** Stakes by investee: row i lists investors k and the carrying value of k's stake in i. */
  readonly stakePtr: Int32Array;
  readonly stakeIdx: Int32Array;
  readonly stakeAmt: Float64Array;
  /** Exposures by counterparty (obligations owed by i plus stakes in i): row i lists holders k and what k loses if i fails with nothing recovered. */
  readonly claimPtr: Int32Array;
  readonly claimIdx: Int32Array;
  readonly claimAmt: Float64Array;
}

export interface NetworkCompany {
  readonly id: string;
  readonly equityUsd?: number;
  readonly externalAssetsUsd?: number;
  readonly externalLiabilitiesUsd?: number;
  /** A buyer's contract asset (see `ContagionNetwork.contractAssets`). */
  readonly contractAssetUsd?: number;
  /** DebtRank's relative economic value before normalisation; defaults to total assets. */
  readonly weight?: number;
}

export interface NetworkObligation {
  readonly debtor: string;
  readonly creditor: string;
  readonly amountUsd: number;
}

export interface NetworkStake {
  readonly investor: string;
  readonly investee: string;
  readonly amountUsd: number;
}

export interface NetworkInput {
  readonly companies: readonly NetworkCompany[];
  readonly obligations?: readonly NetworkObligation[];
  readonly stakes?: readonly NetworkStake[];
}

/** Index-based input for large synthetic networks (no per-edge objects). */
export interface NetworkArrays {
  readonly ids: readonly string[];
  readonly equity: Float64Array;
  readonly externalAssets: Float64Array;
  readonly externalLiabilities: Float64Array;
  readonly contractAssets?: Float64Array;
  readonly weight?: Float64Array;
  readonly obligationDebtor: Int32Array;
  readonly obligationCreditor: Int32Array;
  readonly obligationAmount: Float64Array;
  readonly stakeInvestor?: Int32Array;
  readonly stakeInvestee?: Int32Array;
  readonly stakeAmount?: Float64Array;
}

interface Csr {
  ptr: Int32Array;
  idx: Int32Array;
  amt: Float64Array;
}

/**
 * Compressed rows from coordinate lists, by two stable counting sorts (columns, then rows), so
 * columns come out sorted inside each row and duplicates are adjacent and summed.
 */
function csrFromCoo(
  nRows: number,
  nCols: number,
  rows: Int32Array,
  cols: Int32Array,
  vals: Float64Array,
): Csr {
  const m = rows.length;
  const byCol = new Int32Array(m);
  const colPtr = new Int32Array(nCols + 1);
  for (let e = 0; e < m; e++) colPtr[cols[e] + 1]++;
  for (let c = 0; c < nCols; c++) colPtr[c + 1] += colPtr[c];
  const cursor = colPtr.slice(0, nCols);
  for (let e = 0; e < m; e++) byCol[cursor[cols[e]]++] = e;

  const rowPtr = new Int32Array(nRows + 1);
  for (let e = 0; e < m; e++) rowPtr[rows[e] + 1]++;
  for (let r = 0; r < nRows; r++) rowPtr[r + 1] += rowPtr[r];
  const rowCursor = rowPtr.slice(0, nRows);
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const e = byCol[k];
    order[rowCursor[rows[e]]++] = e;
  }

  // Merge duplicates (same row and column) in place.
  const ptr = new Int32Array(nRows + 1);
  const idx = new Int32Array(m);
  const amt = new Float64Array(m);
  let w = 0;
  for (let r = 0; r < nRows; r++) {
    ptr[r] = w;
    const rowStart = w;
    for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
      const e = order[k];
      const c = cols[e];
      if (w > rowStart && idx[w - 1] === c) amt[w - 1] += vals[e];
      else {
        idx[w] = c;
        amt[w] = vals[e];
        w++;
      }
    }
  }
  ptr[nRows] = w;
  return { ptr, idx: idx.slice(0, w), amt: amt.slice(0, w) };
}

function checkAmount(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new ValidationError(field, 'must be a finite number ≥ 0');
}

/** Builds the sparse network from index arrays (the fast path for large synthetic networks). */
export function networkFromArrays(input: NetworkArrays): ContagionNetwork {
  const n = input.ids.length;
  const indexOf = new Map<string, number>();
  input.ids.forEach((id, i) => {
    if (indexOf.has(id))
      throw new ValidationError('companies', `duplicate company ${id}`);
    indexOf.set(id, i);
  });
  const contractAssets = input.contractAssets ?? new Float64Array(n);
  for (const [name, arr] of [
    ['equity', input.equity],
    ['externalAssets', input.externalAssets],
    ['externalLiabilities', input.externalLiabilities],
    ['contractAssets', contractAssets],
  ] as const) {
    if (arr.length !== n)
      throw new ValidationError(name, `must have one entry per company (${n})`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(input.equity[i]))
      throw new ValidationError(
        `companies[${i}].equityUsd`,
        'must be a finite number',
      );
    checkAmount(input.externalAssets[i], `companies[${i}].externalAssetsUsd`);
    checkAmount(
      input.externalLiabilities[i],
      `companies[${i}].externalLiabilitiesUsd`,
    );
    checkAmount(contractAssets[i], `companies[${i}].contractAssetUsd`);
  }

  const keep = (
    from: Int32Array,
    to: Int32Array,
    amount: Float64Array,
    field: string,
  ): { a: Int32Array; b: Int32Array; v: Float64Array } => {
    if (from.length !== to.length || from.length !== amount.length)
      throw new ValidationError(
        field,
        'index and amount arrays differ in length',
      );
    let m = 0;
    for (let e = 0; e < from.length; e++) {
      checkAmount(amount[e], `${field}[${e}].amountUsd`);
      if (from[e] < 0 || from[e] >= n || to[e] < 0 || to[e] >= n)
        throw new ValidationError(
          `${field}[${e}]`,
          'names a company outside the network',
        );
      if (from[e] !== to[e] && amount[e] > 0) m++;
    }
    const a = new Int32Array(m);
    const b = new Int32Array(m);
    const v = new Float64Array(m);
    let w = 0;
    for (let e = 0; e < from.length; e++) {
      if (from[e] !== to[e] && amount[e] > 0) {
        a[w] = from[e];
        b[w] = to[e];
        v[w] = amount[e];
        w++;
      }
    }
    return { a, b, v };
  };

  const obl = keep(
    input.obligationDebtor,
    input.obligationCreditor,
    input.obligationAmount,
    'obligations',
  );
  const stk = keep(
    input.stakeInvestee ?? new Int32Array(0),
    input.stakeInvestor ?? new Int32Array(0),
    input.stakeAmount ?? new Float64Array(0),
    'stakes',
  );

  const out = csrFromCoo(n, n, obl.a, obl.b, obl.v);
  const inn = csrFromCoo(n, n, obl.b, obl.a, obl.v);
  const stakes = csrFromCoo(n, n, stk.a, stk.b, stk.v);
  const claimRows = new Int32Array(obl.a.length + stk.a.length);
  claimRows.set(obl.a);
  claimRows.set(stk.a, obl.a.length);
  const claimCols = new Int32Array(claimRows.length);
  claimCols.set(obl.b);
  claimCols.set(stk.b, obl.b.length);
  const claimVals = new Float64Array(claimRows.length);
  claimVals.set(obl.v);
  claimVals.set(stk.v, obl.v.length);
  const claims = csrFromCoo(n, n, claimRows, claimCols, claimVals);

  const totalObligations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = input.externalLiabilities[i];
    for (let k = out.ptr[i]; k < out.ptr[i + 1]; k++) s += out.amt[k];
    totalObligations[i] = s;
  }

  // Relative economic value: given weights, else total assets (outside assets, receivables, stakes held).
  const weight = new Float64Array(n);
  if (input.weight) {
    if (input.weight.length !== n)
      throw new ValidationError(
        'weight',
        `must have one entry per company (${n})`,
      );
    for (let i = 0; i < n; i++) {
      checkAmount(input.weight[i], `companies[${i}].weight`);
      weight[i] = input.weight[i];
    }
  } else {
    for (let i = 0; i < n; i++) weight[i] = input.externalAssets[i];
    for (let e = 0; e < claims.idx.length; e++)
      weight[claims.idx[e]] += claims.amt[e];
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i];
  if (total > 0) for (let i = 0; i < n; i++) weight[i] /= total;

  return {
    n,
    ids: [...input.ids],
    indexOf,
    equity: Float64Array.from(input.equity),
    externalAssets: Float64Array.from(input.externalAssets),
    externalLiabilities: Float64Array.from(input.externalLiabilities),
    contractAssets: Float64Array.from(contractAssets),
    weight,
    totalObligations,
    outPtr: out.ptr,
    outIdx: out.idx,
    outAmt: out.amt,
    inPtr: inn.ptr,
    inIdx: inn.idx,
    inAmt: inn.amt,
    stakePtr: stakes.ptr,
    stakeIdx: stakes.idx,
    stakeAmt: stakes.amt,
    claimPtr: claims.ptr,
    claimIdx: claims.idx,
    claimAmt: claims.amt,
  };
}

/** Builds the sparse network from named companies and edges; unknown names are a ValidationError naming the field. */
export function buildNetwork(input: NetworkInput): ContagionNetwork {
  const ids = input.companies.map((c) => c.id);
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (indexOf.has(id))
      throw new ValidationError(
        `companies[${i}].id`,
        `duplicate company ${id}`,
      );
    indexOf.set(id, i);
  });
  const at = (id: string, field: string): number => {
    const i = indexOf.get(id);
    if (i === undefined)
      throw new ValidationError(field, `unknown company ${id}`);
    return i;
  };
  const obligations = input.obligations ?? [];
  const stakes = input.stakes ?? [];
  const hasWeights = input.companies.some((c) => c.weight !== undefined);
  return networkFromArrays({
    ids,
    equity: Float64Array.from(input.companies, (c) => c.equityUsd ?? 0),
    externalAssets: Float64Array.from(
      input.companies,
      (c) => c.externalAssetsUsd ?? 0,
    ),
    externalLiabilities: Float64Array.from(
      input.companies,
      (c) => c.externalLiabilitiesUsd ?? 0,
    ),
    contractAssets: Float64Array.from(
      input.companies,
      (c) => c.contractAssetUsd ?? 0,
    ),
    weight: hasWeights
      ? Float64Array.from(input.companies, (c) => c.weight ?? 0)
      : undefined,
    obligationDebtor: Int32Array.from(obligations, (o, e) =>
      at(o.debtor, `obligations[${e}].debtor`),
    ),
    obligationCreditor: Int32Array.from(obligations, (o, e) =>
      at(o.creditor, `obligations[${e}].creditor`),
    ),
    obligationAmount: Float64Array.from(obligations, (o) => o.amountUsd),
    stakeInvestor: Int32Array.from(stakes, (s, e) =>
      at(s.investor, `stakes[${e}].investor`),
    ),
    stakeInvestee: Int32Array.from(stakes, (s, e) =>
      at(s.investee, `stakes[${e}].investee`),
    ),
    stakeAmount: Float64Array.from(stakes, (s) => s.amountUsd),
  });
}
