import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { matmul, matmulTransA, matmulTransB, transpose } from "../../src/linalg/index.js";
import { gemm } from "../../src/linalg/matmul.js";
import { mat, naiveMul, naiveT, randomMatrix, snapshot } from "./helpers.js";

/** |C − ref| ≤ 1e-13·Σ_p |a_ip||b_pj| entrywise (the forward error bound of any summation order, with slack). */
function expectClose(
  C: ReturnType<typeof matmul>,
  A: ReturnType<typeof mat>,
  B: ReturnType<typeof mat>,
) {
  const ref = naiveMul(A, B);
  const absA = mat(A.rows, A.cols, (i, j) => Math.abs(A.data[i * A.cols + j]));
  const absB = mat(B.rows, B.cols, (i, j) => Math.abs(B.data[i * B.cols + j]));
  const bound = naiveMul(absA, absB);
  expect(C.rows).toBe(ref.rows);
  expect(C.cols).toBe(ref.cols);
  let worst = 0;
  for (let t = 0; t < ref.data.length; t++) {
    worst = Math.max(worst, Math.abs(C.data[t] - ref.data[t]) - 1e-13 * bound.data[t]);
  }
  expect(worst).toBeLessThanOrEqual(0);
}

describe("matmul", () => {
  it("matches the naive triple loop on random shapes (incl. 1×1, k = 1, non-multiples of the tile)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer(),
        (m, k, n, seed) => {
          const A = randomMatrix(m, k, seed);
          const B = randomMatrix(k, n, seed + 1);
          expectClose(matmul(A, B), A, B);
          expectClose(matmulTransA(transpose(A), B), A, B);
          expectClose(matmulTransB(A, transpose(B)), A, B);
        },
      ),
      { seed: 20240601, numRuns: 60 },
    );
  });

  it("handles the degenerate shapes 1×1, k = 1 and single rows/columns exactly", () => {
    expect(
      Array.from(
        matmul(
          mat(1, 1, () => 3),
          mat(1, 1, () => -2),
        ).data,
      ),
    ).toEqual([-6]);
    const outer = matmul(
      mat(3, 1, (i) => i + 1),
      mat(1, 2, (_, j) => 10 * (j + 1)),
    );
    expect(Array.from(outer.data)).toEqual([10, 20, 20, 40, 30, 60]);
    const inner = matmul(
      mat(1, 3, (_, j) => j + 1),
      mat(3, 1, (i) => i + 4),
    );
    expect(Array.from(inner.data)).toEqual([4 + 10 + 18]);
  });

  it("crosses every blocking boundary (k > 256, n > 512, ragged tiles) and is exact on small integers", () => {
    // Integer entries in [-8, 8]: every partial sum is an exactly representable integer,
    // so any summation order must give the naive result bit for bit.
    let s = 12345;
    const next = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return (s % 17) - 8;
    };
    const A = mat(13, 301, next);
    const B = mat(301, 530, next);
    expect(Array.from(matmul(A, B).data)).toEqual(Array.from(naiveMul(A, B).data));
    expect(Array.from(matmulTransA(naiveT(A), B).data)).toEqual(Array.from(naiveMul(A, B).data));
    expect(Array.from(matmulTransB(A, naiveT(B)).data)).toEqual(Array.from(naiveMul(A, B).data));
  });

  it("is accurate on a large ill-scaled product (entries spanning 1e-150..1e150)", () => {
    const A = mat(
      67,
      45,
      (i, j) => 10 ** (((i * 7 + j * 3) % 21) * 15 - 150) * (((i + j) % 3) - 1),
    );
    const B = randomMatrix(45, 71, 9);
    expectClose(matmul(A, B), A, B);
  });

  it("the TypeScript fallback kernel agrees bit for bit with the default (SIMD) kernel and the naive loop", () => {
    for (const [m, k, n] of [
      [37, 41, 45],
      [5, 300, 530],
      [64, 64, 64],
    ]) {
      const A = randomMatrix(m, k, m);
      const B = randomMatrix(k, n, n);
      for (const [tA, tB] of [
        [false, false],
        [true, false],
        [false, true],
      ]) {
        const a = tA ? naiveT(A) : A;
        const b = tB ? naiveT(B) : B;
        const ts = gemm(m, n, k, a.data, tA, b.data, tB, "ts");
        const auto = gemm(m, n, k, a.data, tA, b.data, tB);
        expect(Array.from(ts.data)).toEqual(Array.from(auto.data));
        expectClose(ts, A, B);
      }
    }
  });

  it("AᵀA from matmulTransA is exactly symmetric", () => {
    const X = randomMatrix(123, 37, 4);
    const G = matmulTransA(X, X);
    for (let i = 0; i < 37; i++)
      for (let j = 0; j < 37; j++) expect(G.data[i * 37 + j]).toBe(G.data[j * 37 + i]);
  });

  it("does not modify its inputs", () => {
    const A = randomMatrix(40, 50, 1);
    const B = randomMatrix(50, 60, 2);
    const a = snapshot(A);
    const b = snapshot(B);
    matmul(A, B);
    matmulTransA(B, B);
    matmulTransB(A, A);
    expect(snapshot(A)).toEqual(a);
    expect(snapshot(B)).toEqual(b);
  });

  it("throws DIMENSION_MISMATCH on incompatible shapes, naming both", () => {
    const A = randomMatrix(3, 4, 1);
    const B = randomMatrix(5, 2, 2);
    expect(() => matmul(A, B)).toThrowError(/DIMENSION_MISMATCH.*3×4.*5×2/);
    expect(() => matmulTransA(A, B)).toThrowError(ManifoldError);
    expect(() => matmulTransB(A, B)).toThrowError(/A\.cols \(4\) must equal B\.cols \(2\)/);
    expect(() => matmul({ rows: 2, cols: 2, data: new Float64Array(3) }, A)).toThrowError(
      /DIMENSION_MISMATCH/,
    );
  });
});
