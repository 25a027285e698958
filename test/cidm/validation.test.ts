/**
 * Bad input to the low-level CIDM helpers gets a ManifoldError with a code, never a NaN.
 */
import { describe, expect, it } from "vitest";
import { bandwidthFromNeighbors, reviveCidmModel } from "../../src/cidm/index.js";
import { codeOf } from "../shared/errors.js";

describe("bandwidthFromNeighbors validation", () => {
  const d = Float64Array.from([0, 1, 2, 0, 1, 2]); // N = 2 rows of K = 3

  it("computes ρ = mean of the first k distances and r_κ = the κ-th", () => {
    const { rho, rKappa } = bandwidthFromNeighbors(d, 3, 3, 2);
    expect(Array.from(rho)).toEqual([1, 1]);
    expect(Array.from(rKappa)).toEqual([1, 1]);
  });

  it("rejects k or κ beyond K, a length that is not a multiple of K, and NaN distances", () => {
    expect(codeOf(() => bandwidthFromNeighbors(d, 3, 4, 2))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => bandwidthFromNeighbors(d, 3, 3, 4))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => bandwidthFromNeighbors(d, 4, 3, 3))).toBe("DIMENSION_MISMATCH");
    expect(codeOf(() => bandwidthFromNeighbors(new Float64Array(0), 3, 3, 3))).toBe(
      "DIMENSION_MISMATCH",
    );
    expect(
      codeOf(() => bandwidthFromNeighbors(Float64Array.from([0, Number.NaN, 1]), 3, 3, 3)),
    ).toBe("NON_FINITE");
  });
});

describe("reviveCidmModel validation", () => {
  it("rejects null and non-objects with INVALID_PARAMETER", () => {
    expect(codeOf(() => reviveCidmModel(null))).toBe("INVALID_PARAMETER");
    expect(codeOf(() => reviveCidmModel(42))).toBe("INVALID_PARAMETER");
  });
});
