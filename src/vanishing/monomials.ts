/**
 * Monomials as exponent vectors, the degree-lexicographic order, and batched evaluation.
 *
 * A monomial x^e = x_1^{e_1}·…·x_n^{e_n} is stored as its exponent vector e (plain numbers).
 * Degree-lexicographic order (x_1 > x_2 > … > x_n): a < b when deg a < deg b, or the degrees
 * are equal and at the first index i where they differ a_i < b_i. In R² this orders
 * 1 < y < x < y² < xy < x² < y³ < …
 *
 * @module
 */

/**
 * Total degree Σ e_i of the monomial x^e. Cost O(n). Never throws (e is not validated).
 *
 * @example
 * ```ts
 * import { monomialDegree } from "manifold-geom";
 * console.log(monomialDegree([2, 0, 1])); // 3  (x0²·x2)
 * ```
 */
export function monomialDegree(e: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < e.length; i++) d += e[i];
  return d;
}

/**
 * Degree-lexicographic comparison: negative when a < b, 0 when equal, positive when a > b
 * (see the module comment). Cost O(n). Never throws (a and b are not validated; they should
 * have the same length).
 *
 * @example
 * ```ts
 * import { compareDegLex } from "manifold-geom";
 * // In R²: 1 < y < x < y² < xy < x².
 * const terms = [[2, 0], [0, 0], [1, 1], [0, 1], [1, 0], [0, 2]];
 * console.log(terms.sort(compareDegLex).map((e) => e.join(""))); // [ '00', '01', '10', '02', '11', '20' ]
 * ```
 */
export function compareDegLex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = monomialDegree(a) - monomialDegree(b);
  if (d !== 0) return d;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * A string key for a monomial (for Map look-ups): the exponents joined by commas. Cost O(n).
 * Never throws.
 *
 * @example
 * ```ts
 * import { monomialKey } from "manifold-geom";
 * console.log(monomialKey(Int32Array.of(1, 0, 2)) === monomialKey([1, 0, 2])); // true ("1,0,2")
 * ```
 */
export function monomialKey(e: ArrayLike<number>): string {
  return Array.prototype.join.call(e, ",");
}

/**
 * Format a polynomial Σ c_k x^{e_k} as text, e.g. "0.7071·x0^2 + 0.7071·x1^2 − 0.7071".
 * Terms with |c| ≤ `drop` are omitted; terms are printed from the degree-lexicographically
 * largest down. Options: `names` (default x0, x1, …), `digits` (default 4, enough to read a
 * coefficient), `drop` (default 0: print every non-zero term). Cost O(terms·log(terms)·n).
 * Never throws (terms and coefficients are not validated).
 *
 * @example
 * ```ts
 * import { formatPolynomial } from "manifold-geom";
 * console.log(formatPolynomial([[0, 0], [2, 0], [0, 2]], [-1, 1, 1], { names: ["x", "y"], digits: 1 }));
 * // 1.0·x^2 + 1.0·y^2 − 1.0
 * ```
 */
export function formatPolynomial(
  terms: ReadonlyArray<ArrayLike<number>>,
  coefficients: ArrayLike<number>,
  options: { names?: readonly string[]; digits?: number; drop?: number } = {},
): string {
  const digits = options.digits ?? 4;
  const drop = options.drop ?? 0;
  const order = terms.map((_, k) => k).sort((p, q) => compareDegLex(terms[q], terms[p]));
  let out = "";
  for (const k of order) {
    const c = coefficients[k];
    if (Math.abs(c) <= drop) continue;
    const e = terms[k];
    const parts: string[] = [];
    for (let i = 0; i < e.length; i++) {
      if (e[i] === 0) continue;
      const name = options.names?.[i] ?? `x${i}`;
      parts.push(e[i] === 1 ? name : `${name}^${e[i]}`);
    }
    const mag = Math.abs(c).toFixed(digits);
    const body = parts.length === 0 ? mag : `${mag}·${parts.join("·")}`;
    out += out === "" ? (c < 0 ? `−${body}` : body) : c < 0 ? ` − ${body}` : ` + ${body}`;
  }
  return out === "" ? "0" : out;
}
