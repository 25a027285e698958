/**
 * The gpu.js kernel sources: one function per operation, transpiled by gpu.js to GLSL
 * (webgl2/webgl/headlessgl) or WebAssembly (webasm). They are written in the small
 * JavaScript subset gpu.js accepts: flat float arrays indexed by hand, loops bounded by the
 * constant `D` (the dimension; one compiled kernel per dimension), no closures.
 *
 * Thread layout: `this.thread.x` = training row j, `this.thread.y` = query row i, so an
 * output of size [cols = training rows, rows = query rows] is the row-major Q×N block.
 *
 * @module
 */

/** What gpu.js provides as `this` inside a kernel (the part these kernels use). */
export interface KernelThis {
  readonly thread: { readonly x: number; readonly y: number };
  readonly constants: { readonly D: number };
}

/**
 * `s_ij = Σ_d (a_id − b_jd)²` (difference form, left to right) for flat row-major a (queries)
 * and b (training points), both D columns. 3·D flops per entry.
 */
export function sqDistKernel(this: KernelThis, a: number[], b: number[]): number {
  let s = 0;
  for (let d = 0; d < this.constants.D; d++) {
    const e = a[this.thread.y * this.constants.D + d] - b[this.thread.x * this.constants.D + d];
    s += e * e;
  }
  return s;
}

/**
 * `K_ij = exp(−s_ij / (ε·(ρ_i·ρ_j)))` with s_ij as in {@link sqDistKernel}, `rq` the
 * queries' bandwidths ρ_i, `rt` the training points' ρ_j and `eps[0]` = ε. 3·D + 4 flops and
 * one exponential per entry.
 */
export function gaussKernel(
  this: KernelThis,
  a: number[],
  b: number[],
  rq: number[],
  rt: number[],
  eps: number[],
): number {
  let s = 0;
  for (let d = 0; d < this.constants.D; d++) {
    const e = a[this.thread.y * this.constants.D + d] - b[this.thread.x * this.constants.D + d];
    s += e * e;
  }
  return Math.exp(-s / (eps[0] * (rq[this.thread.y] * rt[this.thread.x])));
}
