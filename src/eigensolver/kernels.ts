/**
 * Dense vector kernels for the Krylov eigensolver: dot products, classical
 * Gram–Schmidt passes and basis recombination, all on bases stored as
 * consecutive length-n blocks of one Float64Array (vector k at offset k·n).
 *
 * Internal module: not part of the public API.
 *
 * @module
 */
import { matmul } from "../linalg/index.js";

/** `Σ_t a[ao+t]·b[bo+t]` for t < n (four partial sums). Cost 2n flops. */
export function dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  const n4 = n - (n % 4);
  for (; t < n4; t += 4) {
    s0 += a[ao + t] * b[bo + t];
    s1 += a[ao + t + 1] * b[bo + t + 1];
    s2 += a[ao + t + 2] * b[bo + t + 2];
    s3 += a[ao + t + 3] * b[bo + t + 3];
  }
  for (; t < n; t++) s0 += a[ao + t] * b[bo + t];
  return s0 + s1 + (s2 + s3);
}

/** Euclidean norm of `x[0..n)`. Cost 2n flops. */
export function norm2(x: Float64Array, n: number): number {
  return Math.sqrt(dotAt(x, 0, x, 0, n));
}

/**
 * `c[i] = b_iᵀ z` for the `count` vectors stored in `B` (two at a time, so
 * each load of z serves two products). Cost 2·count·n flops.
 */
export function dotMany(
  z: Float64Array,
  B: Float64Array,
  count: number,
  n: number,
  c: Float64Array,
): void {
  let i = 0;
  const n2 = n - (n % 2);
  for (; i + 1 < count; i += 2) {
    const o0 = i * n;
    const o1 = o0 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t = 0;
    for (; t < n2; t += 2) {
      const z0 = z[t];
      const z1 = z[t + 1];
      s0 += B[o0 + t] * z0;
      s1 += B[o0 + t + 1] * z1;
      s2 += B[o1 + t] * z0;
      s3 += B[o1 + t + 1] * z1;
    }
    if (t < n) {
      s0 += B[o0 + t] * z[t];
      s2 += B[o1 + t] * z[t];
    }
    c[i] = s0 + s1;
    c[i + 1] = s2 + s3;
  }
  if (i < count) c[i] = dotAt(B, i * n, z, 0, n);
}

/**
 * `z ← z − Σ_{i<count} c[i]·b_i` over the vectors stored in `B`, four basis
 * vectors per sweep over z (a quarter of the read-modify-write traffic on z).
 * Cost 2·count·n flops.
 */
export function subtractMany(
  z: Float64Array,
  B: Float64Array,
  count: number,
  n: number,
  c: ArrayLike<number>,
): void {
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const c0 = c[i];
    const c1 = c[i + 1];
    const c2 = c[i + 2];
    const c3 = c[i + 3];
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    for (let t = 0; t < n; t++) {
      z[t] -= c0 * B[o0 + t] + c1 * B[o1 + t] + (c2 * B[o2 + t] + c3 * B[o3 + t]);
    }
  }
  for (; i < count; i++) {
    const c0 = c[i];
    const o0 = i * n;
    for (let t = 0; t < n; t++) z[t] -= c0 * B[o0 + t];
  }
}

/**
 * One classical Gram–Schmidt pass of `z` against the `count` orthonormal
 * vectors stored in `B`: `c_i = b_iᵀ z` (all computed first), then
 * `z ← z − Σ c_i b_i`. Coefficients are added into `acc[0..count)` when given.
 * Cost 4·count·n flops.
 */
export function cgsPass(
  z: Float64Array,
  B: Float64Array,
  count: number,
  n: number,
  c: Float64Array,
  acc: Float64Array | null,
): void {
  dotMany(z, B, count, n, c);
  subtractMany(z, B, count, n, c);
  if (acc !== null) for (let k = 0; k < count; k++) acc[k] += c[k];
}

/**
 * Orthogonalise `z` against the locked vectors `Y[0..nl)` and the basis
 * `V[0..m)` by classical Gram–Schmidt, repeated (at most three passes) while
 * a pass shrinks ‖z‖ by more than 1/√2 (the Daniel–Gragg–Kaufman–Stewart
 * test: "twice is enough"). The projections onto V are added into
 * `coef[0..m)` (not zeroed here, so a caller that already removed known
 * components can pass them in); those onto Y are discarded.
 *
 * @returns ‖z‖ after orthogonalisation. Cost 4·(nl + m)·n flops per pass.
 */
export function orthogonalize(
  z: Float64Array,
  n: number,
  Y: Float64Array,
  nl: number,
  V: Float64Array,
  m: number,
  coef: Float64Array,
  scratch: Float64Array,
): number {
  let prev = norm2(z, n);
  let cur = prev;
  for (let pass = 0; pass < 3; pass++) {
    if (nl > 0) cgsPass(z, Y, nl, n, scratch, null);
    if (m > 0) cgsPass(z, V, m, n, scratch, coef);
    cur = norm2(z, n);
    if (cur > Math.SQRT1_2 * prev) break;
    prev = cur;
  }
  return cur;
}

/**
 * Recombine a basis: `out_c = Σ_{j<a} S[j, cols[c]] · V_j` for each listed
 * column, where `S` is a×ldS row-major (`S[j·ldS + col]`). Output vector c is
 * written at `out[(outStart + c)·n ...]` (must not overlap V). The basis is
 * the a×n row-major matrix of its vectors, so this is the product
 * `C (k×a) · V (a×n)` with C the selected columns of S transposed, done by the
 * blocked (WebAssembly SIMD where available) {@link matmul}.
 * Cost 2·a·cols.length·n flops, cols.length·n doubles of scratch.
 */
export function combine(
  V: Float64Array,
  n: number,
  a: number,
  S: Float64Array,
  ldS: number,
  cols: ArrayLike<number>,
  out: Float64Array,
  outStart: number,
): void {
  const k = cols.length;
  if (k === 0) return;
  const C = new Float64Array(k * a);
  for (let c = 0; c < k; c++) {
    const col = cols[c];
    for (let j = 0; j < a; j++) C[c * a + j] = S[j * ldS + col];
  }
  const prod = matmul(
    { rows: k, cols: a, data: C },
    { rows: a, cols: n, data: V.subarray(0, a * n) },
  );
  out.set(prod.data, outStart * n);
}
