/**
 * Exact squared Euclidean distance between two rows (internal).
 *
 * Computed as Σ_t (a_t − b_t)², the same arithmetic for training and
 * out-of-sample rows so that both see bit-identical values. Cost O(n).
 */
export function sqDist(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  n: number,
): number {
  let s = 0;
  for (let t = 0; t < n; t++) {
    const d = a[aOff + t] - b[bOff + t];
    s += d * d;
  }
  return s;
}
