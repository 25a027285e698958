import { expect } from "vitest";
import type { CidmModel } from "../../src/cidm/index.js";

/** ξ_j / ξ_1 for j = 1..count. */
export function ratios(model: Pick<CidmModel, "xi">, count: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= count; j++) out.push(model.xi[j] / model.xi[1]);
  return out;
}

/** Expect each ratio within a relative tolerance of the truth (message lists them all). */
export function expectRatios(got: number[], truth: number[], relTol: number): void {
  const worst = Math.max(...got.map((g, j) => Math.abs(g - truth[j]) / truth[j]));
  expect(
    worst,
    `ratios ${got.map((g) => g.toFixed(4)).join(", ")} vs ${truth.join(", ")}`,
  ).toBeLessThan(relTol);
}

/** max |Σ_i w_i φ_a φ_b − δ_ab|. */
export function orthonormalityDefect(model: Pick<CidmModel, "phi" | "weights">): number {
  const { rows: N, cols: M, data } = model.phi;
  let worst = 0;
  for (let a = 0; a < M; a++) {
    for (let b = a; b < M; b++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += model.weights[i] * data[i * M + a] * data[i * M + b];
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}
