/**
 * Vector kernels on strided-free ranges of Float64Arrays (internal).
 *
 * @module
 * @internal
 */

/**
 * Σ_{i<len} x[xo + i]·y[yo + i] with four independent partial sums (a single
 * running sum is bound by floating-point add latency). Cost 2·len flops.
 * @internal
 */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xo + i] * y[yo + i];
    s1 += x[xo + i + 1] * y[yo + i + 1];
    s2 += x[xo + i + 2] * y[yo + i + 2];
    s3 += x[xo + i + 3] * y[yo + i + 3];
  }
  for (; i < len; i++) s0 += x[xo + i] * y[yo + i];
  return s0 + s1 + (s2 + s3);
}

/** y[yo + i] += alpha·x[xo + i] for i < len. Cost 2·len flops. @internal */
export function axpy(
  alpha: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  len: number,
): void {
  for (let i = 0; i < len; i++) y[yo + i] += alpha * x[xo + i];
}
