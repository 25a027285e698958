import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { fromArrays, toArrays, toMatrix } from "../../src/matrix/index.js";
import { codeOf } from "../shared/errors.js";

describe("toMatrix", () => {
  it("converts nested arrays row-major", () => {
    const m = toMatrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects empty input", () => {
    expect(codeOf(() => toMatrix([]))).toBe("EMPTY_INPUT");
    expect(codeOf(() => toMatrix([[]]))).toBe("EMPTY_INPUT");
    expect(codeOf(() => toMatrix({ rows: 0, cols: 3, data: new Float64Array(0) }))).toBe(
      "EMPTY_INPUT",
    );
  });

  it("rejects ragged input and names the row", () => {
    let err: unknown;
    try {
      toMatrix([[1, 2], [3, 4], [5]], "points");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifoldError);
    expect((err as ManifoldError).code).toBe("RAGGED_INPUT");
    expect((err as ManifoldError).message).toContain("points[2]");
  });

  it("rejects NaN and ±Infinity and names the entry", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      let err: unknown;
      try {
        toMatrix(
          [
            [0, 1],
            [2, bad],
          ],
          "X",
        );
      } catch (e) {
        err = e;
      }
      expect((err as ManifoldError).code).toBe("NON_FINITE");
      expect((err as ManifoldError).message).toContain("X[1][1]");
    }
    const data = Float64Array.from([1, 2, Number.NaN, 4]);
    expect(codeOf(() => toMatrix({ rows: 2, cols: 2, data }))).toBe("NON_FINITE");
  });

  it("rejects a Matrix whose data length disagrees with its shape", () => {
    expect(codeOf(() => toMatrix({ rows: 2, cols: 3, data: new Float64Array(5) }))).toBe(
      "DIMENSION_MISMATCH",
    );
  });

  it("rejects non-matrix values", () => {
    expect(codeOf(() => toMatrix("abc" as never))).toBe("INVALID_PARAMETER");
  });

  it("round-trips arbitrary finite matrices and never mutates its input (property)", () => {
    const matrixArb = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))
      .chain(([r, c]) =>
        fc.array(
          fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
            minLength: c,
            maxLength: c,
          }),
          {
            minLength: r,
            maxLength: r,
          },
        ),
      );
    fc.assert(
      fc.property(matrixArb, (a) => {
        const before = JSON.stringify(a);
        const m = toMatrix(a);
        expect(JSON.stringify(a)).toBe(before);
        expect(toArrays(m)).toEqual(a);
        const asMatrix = fromArrays(a);
        const snapshot = Float64Array.from(asMatrix.data);
        const copy = toMatrix(asMatrix, "m", { copy: true });
        copy.data[0] += 1;
        expect(asMatrix.data).toEqual(snapshot);
      }),
      { seed: 20261123, numRuns: 200 },
    );
  });
});
