import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { createRng } from "../../src/random/index.js";
import {
  checkCsr,
  connectedComponents,
  csrFromDense,
  csrFromTriplets,
  csrToDense,
  isSymmetric,
  nnz,
  rowSums,
  type SparseMatrix,
  scaleSym,
  spmv,
  transposeCsr,
} from "../../src/sparse/index.js";

/** Random triplets (with duplicates) and the naively accumulated dense matrix. */
function randomTriplets(seed: number, rows: number, cols: number, count: number) {
  const rng = createRng(seed);
  const i: number[] = [];
  const j: number[] = [];
  const v: number[] = [];
  const dense = new Float64Array(rows * cols);
  for (let t = 0; t < count; t++) {
    const r = rng.int(rows);
    const c = rng.int(cols);
    const x = rng.normal();
    i.push(r);
    j.push(c);
    v.push(x);
    dense[r * cols + c] += x;
  }
  return { i, j, v, dense };
}

function expectSortedUnique(A: SparseMatrix): void {
  for (let r = 0; r < A.rows; r++) {
    for (let t = A.indptr[r] + 1; t < A.indptr[r + 1]; t++) {
      expect(A.indices[t]).toBeGreaterThan(A.indices[t - 1]);
    }
  }
}

function expectThrowsCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    return;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

describe("csrFromTriplets", () => {
  it("sums duplicates and sorts columns: equals naive dense accumulation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer(),
        (rows, cols, count, seed) => {
          const { i, j, v, dense } = randomTriplets(seed, rows, cols, count);
          const A = csrFromTriplets(rows, cols, i, j, v);
          expect(checkCsr(A)).toBe(A);
          expectSortedUnique(A);
          const D = csrToDense(A);
          for (let t = 0; t < dense.length; t++) expect(D.data[t]).toBeCloseTo(dense[t], 12);
          // Every distinct (i, j) pair is stored exactly once.
          const distinct = new Set(i.map((r, t) => r * cols + j[t]));
          expect(nnz(A)).toBe(distinct.size);
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it("keeps an explicit zero produced by cancelling duplicates (the pattern is kept)", () => {
    const A = csrFromTriplets(2, 2, [0, 0, 1], [1, 1, 0], [2.5, -2.5, 1]);
    expect(Array.from(A.indptr)).toEqual([0, 1, 2]);
    expect(Array.from(A.indices)).toEqual([1, 0]);
    expect(Array.from(A.data)).toEqual([0, 1]);
  });

  it("rejects mismatched lengths, out-of-range indices and non-finite values", () => {
    expectThrowsCode(() => csrFromTriplets(2, 2, [0], [0, 1], [1]), "DIMENSION_MISMATCH");
    expectThrowsCode(() => csrFromTriplets(2, 2, [2], [0], [1]), "DIMENSION_MISMATCH");
    expectThrowsCode(() => csrFromTriplets(2, 2, [0], [-1], [1]), "DIMENSION_MISMATCH");
    expectThrowsCode(() => csrFromTriplets(2, 2, [0.5], [0], [1]), "DIMENSION_MISMATCH");
    expectThrowsCode(() => csrFromTriplets(2, 2, [0], [0], [Number.NaN]), "NON_FINITE");
    expectThrowsCode(() => csrFromTriplets(-1, 2, [], [], []), "INVALID_PARAMETER");
  });
});

describe("dense conversions", () => {
  it("csrFromDense ∘ csrToDense is the identity and drops |a| ≤ dropTol", () => {
    const dense = [
      [0, 1.5, 0, -2],
      [0, 0, 0, 0],
      [1e-3, 0, 4, 0],
    ];
    const A = csrFromDense(dense);
    expect(nnz(A)).toBe(4);
    expectSortedUnique(A);
    const D = csrToDense(A);
    expect(D.rows).toBe(3);
    expect(D.cols).toBe(4);
    expect(Array.from(D.data)).toEqual(dense.flat());
    const B = csrFromDense(dense, 1e-2);
    expect(nnz(B)).toBe(3);
    expect(csrToDense(B).data[8]).toBe(0);
    expectThrowsCode(() => csrFromDense(dense, -1), "INVALID_PARAMETER");
    expectThrowsCode(() => csrFromDense([[1, Number.NaN]]), "NON_FINITE");
  });
});

describe("spmv and transpose", () => {
  it("y = Ax equals the naive dense product, into a reused buffer", () => {
    const rows = 17;
    const cols = 23;
    const { i, j, v, dense } = randomTriplets(5, rows, cols, 120);
    const A = csrFromTriplets(rows, cols, i, j, v);
    const rng = createRng(6);
    const y = new Float64Array(rows).fill(Number.NaN);
    for (let rep = 0; rep < 3; rep++) {
      const x = Float64Array.from({ length: cols }, () => rng.normal());
      const out = spmv(A, x, y);
      expect(out).toBe(y);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += dense[r * cols + c] * x[c];
        expect(y[r]).toBeCloseTo(s, 12);
      }
    }
    expectThrowsCode(() => spmv(A, new Float64Array(cols + 1)), "DIMENSION_MISMATCH");
    expectThrowsCode(
      () => spmv(A, new Float64Array(cols), new Float64Array(rows - 1)),
      "DIMENSION_MISMATCH",
    );
  });

  it("transposeCsr gives (Aᵀ)_ij = A_ji with sorted rows, and is an involution", () => {
    const { i, j, v, dense } = randomTriplets(8, 9, 14, 60);
    const A = csrFromTriplets(9, 14, i, j, v);
    const T = transposeCsr(A);
    expect(T.rows).toBe(14);
    expect(T.cols).toBe(9);
    expectSortedUnique(T);
    const DT = csrToDense(T);
    for (let r = 0; r < 14; r++)
      for (let c = 0; c < 9; c++) expect(DT.data[r * 9 + c]).toBe(dense[c * 14 + r]);
    const TT = transposeCsr(T);
    expect(Array.from(TT.indptr)).toEqual(Array.from(A.indptr));
    expect(Array.from(TT.indices)).toEqual(Array.from(A.indices));
    expect(Array.from(TT.data)).toEqual(Array.from(A.data));
  });
});

describe("isSymmetric, rowSums, scaleSym", () => {
  it("detects symmetry, asymmetric values and asymmetric patterns", () => {
    const { i, j, v } = randomTriplets(3, 10, 10, 40);
    // B + Bᵀ is symmetric (up to the order in which duplicates were summed).
    const S = csrFromTriplets(10, 10, [...i, ...j], [...j, ...i], [...v, ...v]);
    expect(isSymmetric(S, 1e-12)).toBe(true);
    const exact = csrFromDense([
      [1, 2, 0],
      [2, 0, -3],
      [0, -3, 5],
    ]);
    expect(isSymmetric(exact)).toBe(true);
    const P = csrFromTriplets(10, 10, [...i, ...j, 0], [...j, ...i, 1], [...v, ...v, 1e-6]);
    expect(isSymmetric(P)).toBe(false);
    expect(isSymmetric(P, 1e-5)).toBe(true);
    expect(isSymmetric(csrFromTriplets(2, 3, [0], [1], [1]))).toBe(false);
  });

  it("rowSums and diag(s)·A·diag(s) match the dense definitions", () => {
    const { i, j, v, dense } = randomTriplets(4, 12, 12, 50);
    const A = csrFromTriplets(12, 12, i, j, v);
    const d = rowSums(A);
    for (let r = 0; r < 12; r++) {
      let s = 0;
      for (let c = 0; c < 12; c++) s += dense[r * 12 + c];
      expect(d[r]).toBeCloseTo(s, 12);
    }
    const s = Float64Array.from({ length: 12 }, (_, k) => 1 / (k + 1));
    const before = Float64Array.from(A.data);
    const B = csrToDense(scaleSym(A, s));
    for (let r = 0; r < 12; r++) {
      for (let c = 0; c < 12; c++)
        expect(B.data[r * 12 + c]).toBeCloseTo(s[r] * dense[r * 12 + c] * s[c], 14);
    }
    expect(A.data).toEqual(before); // the input is not modified
    expectThrowsCode(() => scaleSym(A, new Float64Array(11)), "DIMENSION_MISMATCH");
    expectThrowsCode(() => scaleSym(A, new Float64Array(12).fill(Number.NaN)), "NON_FINITE");
  });
});

describe("checkCsr", () => {
  it("rejects unsorted, out-of-range, inconsistent and non-finite data", () => {
    const mk = (
      indptr: number[],
      indices: number[],
      data: number[],
      rows = 2,
      cols = 3,
    ): SparseMatrix => ({
      rows,
      cols,
      indptr: Int32Array.from(indptr),
      indices: Int32Array.from(indices),
      data: Float64Array.from(data),
    });
    expect(() => checkCsr(mk([0, 1, 2], [2, 0], [1, 2]))).not.toThrow();
    expectThrowsCode(() => checkCsr(mk([0, 2, 2], [2, 1], [1, 2])), "INVALID_PARAMETER");
    expectThrowsCode(() => checkCsr(mk([0, 2, 2], [1, 1], [1, 2])), "INVALID_PARAMETER");
    expectThrowsCode(() => checkCsr(mk([0, 1, 2], [3, 0], [1, 2])), "DIMENSION_MISMATCH");
    expectThrowsCode(() => checkCsr(mk([0, 1, 3], [0, 1], [1, 2])), "DIMENSION_MISMATCH");
    expectThrowsCode(() => checkCsr(mk([0, 1], [0], [1])), "DIMENSION_MISMATCH");
    expectThrowsCode(
      () => checkCsr(mk([0, 1, 2], [0, 1], [1, Number.POSITIVE_INFINITY])),
      "NON_FINITE",
    );
  });
});

describe("connectedComponents", () => {
  /** Reference: BFS on a dense symmetric adjacency. */
  function bfsCount(n: number, adj: boolean[][]): number {
    const seen = new Array(n).fill(false);
    let count = 0;
    for (let s = 0; s < n; s++) {
      if (seen[s]) continue;
      count++;
      const queue = [s];
      seen[s] = true;
      while (queue.length > 0) {
        const u = queue.pop()!;
        for (let w = 0; w < n; w++) {
          if (adj[u][w] && !seen[w]) {
            seen[w] = true;
            queue.push(w);
          }
        }
      }
    }
    return count;
  }

  it("finds the components of known graphs, labelled by smallest vertex", () => {
    // Vertices 0..9: triangle {0, 4, 7}, path 1-2-3, isolated 5, edge 6-9 given one way only, 8 alone.
    const I = [0, 4, 7, 1, 2, 6, 5];
    const J = [4, 7, 0, 2, 3, 9, 5];
    const A = csrFromTriplets(
      10,
      10,
      I,
      J,
      I.map(() => 1),
    );
    const { count, labels, sizes } = connectedComponents(A);
    expect(count).toBe(5);
    expect(Array.from(labels)).toEqual([0, 1, 1, 1, 0, 2, 3, 0, 4, 3]);
    expect(Array.from(sizes)).toEqual([3, 3, 1, 2, 1]);
    // A path graph is connected; a stored zero still counts as an edge.
    const path = csrFromTriplets(5, 5, [0, 1, 2, 3], [1, 2, 3, 4], [1, 1, 0, 1]);
    expect(connectedComponents(path).count).toBe(1);
    expectThrowsCode(
      () => connectedComponents(csrFromTriplets(2, 3, [], [], [])),
      "DIMENSION_MISMATCH",
    );
  });

  it("agrees with breadth-first search on random sparse graphs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer(),
        (n, m, seed) => {
          const rng = createRng(seed);
          const adj = Array.from({ length: n }, () => new Array(n).fill(false));
          const I: number[] = [];
          const J: number[] = [];
          for (let e = 0; e < m; e++) {
            const a = rng.int(n);
            const b = rng.int(n);
            I.push(a);
            J.push(b);
            adj[a][b] = adj[b][a] = true;
          }
          const cc = connectedComponents(
            csrFromTriplets(
              n,
              n,
              I,
              J,
              I.map(() => 1),
            ),
          );
          expect(cc.count).toBe(bfsCount(n, adj));
          expect(cc.sizes.reduce((x, y) => x + y, 0)).toBe(n);
          // Adjacent vertices share a label.
          for (let e = 0; e < m; e++) expect(cc.labels[I[e]]).toBe(cc.labels[J[e]]);
        },
      ),
      { seed: 12, numRuns: 80 },
    );
  });
});
