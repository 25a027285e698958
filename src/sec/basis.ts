/**
 * Validation of the diffusion basis and of the SEC options (internal).
 *
 * @module
 * @internal
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import { isMatrix, type Matrix, toMatrix } from "../matrix/index.js";
import { reviveFloat64, reviveMatrix } from "../serialize/index.js";
import type { SecBasis, SecOptions } from "./types.js";

/** A validated basis: finite arrays with consistent shapes. */
export interface CheckedBasis {
  phi: Matrix;
  xi: Float64Array;
  weights: Float64Array;
  points: Matrix;
}

function matrixField(x: unknown, name: string): Matrix {
  if (isMatrix(x)) return toMatrix(x, name);
  if (Array.isArray(x)) return toMatrix(x as number[][], name);
  return toMatrix(reviveMatrix(x, name), name);
}

function finiteArray(x: unknown, name: string): Float64Array {
  const a = reviveFloat64(x, name);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new ManifoldError(
        "NON_FINITE",
        `${name}[${i}] is ${a[i]}; every entry must be a finite number.`,
        { name, index: i, value: a[i] },
      );
    }
  }
  return a;
}

/**
 * Check `{ phi, xi, weights, points }` (a CIDM model or an exact basis, possibly from JSON).
 * @throws ManifoldError `INVALID_PARAMETER` (not an object, ξ_1 ≤ 0, M < 2),
 *   `DIMENSION_MISMATCH` (inconsistent lengths), `NON_FINITE`, `EMPTY_INPUT`.
 */
export function checkBasis(basis: unknown): CheckedBasis {
  if (typeof basis !== "object" || basis === null) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      "model must be a CIDM model or an object { phi, xi, weights, points } (φ orthonormal in weights).",
    );
  }
  const b = basis as Partial<SecBasis>;
  const phi = matrixField(b.phi, "model.phi");
  const points = matrixField(b.points, "model.points");
  const xi = finiteArray(b.xi, "model.xi");
  const weights = finiteArray(b.weights, "model.weights");
  const N = points.rows;
  const M = phi.cols;
  if (phi.rows !== N || weights.length !== N || xi.length !== M) {
    throw new ManifoldError(
      "DIMENSION_MISMATCH",
      `model is inconsistent: ${N} points but phi is ${phi.rows}×${M}, ${weights.length} weights and ${xi.length} eigenvalues; phi needs one row per point and one column per eigenvalue.`,
      { points: N, phiRows: phi.rows, phiCols: M, weights: weights.length, xi: xi.length },
    );
  }
  if (M < 2) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `model has ${M} eigenfunction; SEC needs φ_0 and at least φ_1 (fit with nEigs ≥ 2, usually ≥ 20).`,
      { M },
    );
  }
  if (!(xi[1] > 0)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `model.xi[1] = ${xi[1]} must be > 0: eigenvalues are normalised by ξ_1. Pass ξ ascending with ξ_0 = 0 < ξ_1.`,
      { xi1: xi[1] },
    );
  }
  return { phi, xi, weights, points };
}

/** Resolved SEC options. */
export interface ResolvedSecOptions {
  n1: number;
  n2: number;
  nFields: number;
  gramTol: number;
  computeValues: boolean;
}

/**
 * Defaults and ranges: 2 ≤ n1 ≤ n2 ≤ M, nFields ≥ 1, 0 < gramTol < 1.
 * @throws ManifoldError `INVALID_PARAMETER` naming the option and its valid range.
 */
export function resolveSecOptions(M: number, options: SecOptions): ResolvedSecOptions {
  const n2 = options.n2 ?? M;
  requireInt(n2, "n2", 2);
  if (n2 > M) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `n2 = ${n2} exceeds the model's ${M} eigenfunctions; use n2 ≤ ${M} or fit with nEigs ≥ ${n2}.`,
      { name: "n2", value: n2, max: M },
    );
  }
  const n1 = options.n1 ?? Math.min(6, n2);
  requireInt(n1, "n1", 2);
  if (n1 > n2) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `n1 = ${n1} exceeds n2 = ${n2}; the frame φ_i ∇φ_j (i, j < n1) must be expanded in at least as many eigenfunctions (n1 ≤ n2 ≤ M).`,
      { name: "n1", value: n1, n2 },
    );
  }
  const nFields = requireInt(options.nFields ?? 6, "nFields", 1, n1 * (n1 - 1));
  const gramTol = options.gramTol ?? 1e-2;
  if (typeof gramTol !== "number" || !(gramTol > 0 && gramTol < 1)) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `gramTol must be a number in (0, 1) (default 1e-2); got ${String(gramTol)}.`,
      { name: "gramTol", value: gramTol },
    );
  }
  const computeValues = options.computeValues ?? true;
  if (typeof computeValues !== "boolean") {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `computeValues must be a boolean; got ${String(computeValues)}.`,
    );
  }
  return { n1, n2, nFields, gramTol, computeValues };
}
