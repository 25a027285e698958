/**
 * Dense vector kernels for the Krylov eigensolver: dot products, classical
 * Gram–Schmidt passes and basis recombination, all on bases stored as
 * consecutive length-n blocks of one Float64Array (vector k at offset k·n).
 *
 * Internal module: not part of the public API.
 *
 * @module
 */
import type { VecKernels } from "./workspace.js";

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

/**
 * `dst[dOff + t] = s·src[sOff + t]` for t < n (dst may equal src). One
 * rounding per element, so any implementation gives the same bits. Cost n flops.
 */
export function scaleInto(
  dst: Float64Array,
  dOff: number,
  src: Float64Array,
  sOff: number,
  s: number,
  n: number,
): void {
  for (let t = 0; t < n; t++) dst[dOff + t] = s * src[sOff + t];
}

/** `w[t] ← w[t] − (a·q[t] + b·p[t])` for t < n (the three-term Lanczos update). Cost 4n flops. */
export function subtract2(
  w: Float64Array,
  a: number,
  q: Float64Array,
  b: number,
  p: Float64Array,
  n: number,
): void {
  for (let t = 0; t < n; t++) w[t] -= a * q[t] + b * p[t];
}

/** `w[t] ← w[t] − a·q[t]` for t < n. Cost 2n flops. */
export function subtract1(w: Float64Array, a: number, q: Float64Array, n: number): void {
  for (let t = 0; t < n; t++) w[t] -= a * q[t];
}

/** `Σ_{t<n} (au[ao+t] − θ·u[uo+t])²`, summed left to right. Cost 4n flops. */
export function residualSq(
  u: Float64Array,
  uo: number,
  au: Float64Array,
  ao: number,
  theta: number,
  n: number,
): number {
  let rr = 0;
  for (let t = 0; t < n; t++) {
    const r = au[ao + t] - theta * u[uo + t];
    rr += r * r;
  }
  return rr;
}

/** Euclidean norm of `x[0..n)`. Cost 2n flops. */
export function norm2(x: Float64Array, n: number): number {
  return Math.sqrt(dotAt(x, 0, x, 0, n));
}

/**
 * `c[i] = b_iᵀ z` for the `count` vectors stored in `B` (two at a time, so
 * each load of z serves two products). Each product is summed in two
 * accumulators, even t and odd t (an odd last element joins the even one),
 * then `c[i] = even + odd`: the lanes of the f64x2 kernel. Cost 2·count·n flops.
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
  if (i < count) {
    const o0 = i * n;
    let s0 = 0;
    let s1 = 0;
    let t = 0;
    for (; t < n2; t += 2) {
      s0 += B[o0 + t] * z[t];
      s1 += B[o0 + t + 1] * z[t + 1];
    }
    if (t < n) s0 += B[o0 + t] * z[t];
    c[i] = s0 + s1;
  }
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
 * vectors stored in `B` with the kernels `kern`: `c_i = b_iᵀ z` (all
 * computed first: one sweep over B), then `z ← z − Σ c_i b_i` (a second
 * sweep). Coefficients are added into `acc[0..count)` when given.
 * Cost 4·count·n flops.
 */
export function cgsPass(
  kern: VecKernels,
  z: Float64Array,
  B: Float64Array,
  count: number,
  n: number,
  c: Float64Array,
  acc: Float64Array | null,
): void {
  kern.dotMany(z, B, count, n, c);
  kern.subtractMany(z, B, count, n, c);
  if (acc !== null) for (let k = 0; k < count; k++) acc[k] += c[k];
}

/**
 * Orthogonalise `z` against the locked vectors `Y[0..nl)` and the basis
 * `V[0..m)` by classical Gram–Schmidt, repeated (at most three passes) while
 * a pass shrinks ‖z‖ by more than 1/√2 (the Daniel–Gragg–Kaufman–Stewart
 * test: "twice is enough"). The projections onto V are added into
 * `coef[0..m)` (not zeroed here, so a caller that already removed known
 * components can pass them in); those onto Y are discarded. `scratch` holds
 * max(nl, m) doubles.
 *
 * @returns ‖z‖ after orthogonalisation. Cost 4·(nl + m)·n flops per pass.
 */
export function orthogonalize(
  kern: VecKernels,
  z: Float64Array,
  n: number,
  Y: Float64Array,
  nl: number,
  V: Float64Array,
  m: number,
  coef: Float64Array,
  scratch: Float64Array,
): number {
  let prev = Math.sqrt(kern.dotAt(z, 0, z, 0, n));
  let cur = prev;
  for (let pass = 0; pass < 3; pass++) {
    if (nl > 0) cgsPass(kern, z, Y, nl, n, scratch, null);
    if (m > 0) cgsPass(kern, z, V, m, n, scratch, coef);
    cur = Math.sqrt(kern.dotAt(z, 0, z, 0, n));
    if (cur > Math.SQRT1_2 * prev) break;
    prev = cur;
  }
  return cur;
}

/**
 * `out_c = Σ_{j<a} C[c·a + j] · v_j` for c < k: k combinations of the a
 * basis vectors stored in `V` (C is k×a row-major), written to out at
 * offset c·n. Each element is summed over j in order from j = 0 (the order
 * of the WebAssembly kernel). Cost 2·a·k·n flops.
 */
export function combineInto(
  V: Float64Array,
  a: number,
  n: number,
  C: Float64Array,
  k: number,
  out: Float64Array,
): void {
  for (let c = 0; c < k; c++) {
    const o = c * n;
    const r = c * a;
    out.fill(0, o, o + n);
    let j = 0;
    // Four basis vectors per sweep over out_c; same order as one at a time.
    for (; j + 3 < a; j += 4) {
      const s0 = C[r + j];
      const s1 = C[r + j + 1];
      const s2 = C[r + j + 2];
      const s3 = C[r + j + 3];
      const v0 = j * n;
      const v1 = v0 + n;
      const v2 = v1 + n;
      const v3 = v2 + n;
      for (let t = 0; t < n; t++) {
        let x = out[o + t];
        x += s0 * V[v0 + t];
        x += s1 * V[v1 + t];
        x += s2 * V[v2 + t];
        x += s3 * V[v3 + t];
        out[o + t] = x;
      }
    }
    for (; j < a; j++) {
      const s = C[r + j];
      const vo = j * n;
      for (let t = 0; t < n; t++) out[o + t] += s * V[vo + t];
    }
  }
}

/**
 * Recombine a basis: `out_c = Σ_{j<a} S[j, cols[c]] · V_j` for each listed
 * column, where `S` is a×ldS row-major (`S[j·ldS + col]`). Output vector c is
 * written at `out[(outStart + c)·n ...]` (must not overlap V). The selected
 * columns are gathered into `Cbuf` (at least k·a doubles; a workspace array
 * so the WebAssembly kernel applies) and {@link VecKernels.combine} forms
 * the product. Cost 2·a·cols.length·n flops.
 */
export function combine(
  kern: VecKernels,
  V: Float64Array,
  n: number,
  a: number,
  S: Float64Array,
  ldS: number,
  cols: ArrayLike<number>,
  out: Float64Array,
  outStart: number,
  Cbuf: Float64Array,
): void {
  const k = cols.length;
  if (k === 0) return;
  const C = Cbuf.subarray(0, k * a);
  for (let c = 0; c < k; c++) {
    const col = cols[c];
    for (let j = 0; j < a; j++) C[c * a + j] = S[j * ldS + col];
  }
  kern.combine(V, a, n, C, k, out.subarray(outStart * n, (outStart + k) * n));
}
