/**
 * CIDM on a non-uniformly sampled circle: the Laplacian spectrum comes out as the circle's
 * 0, 1, 1, 4, 4, 9, 9, … whatever the sampling density (conformal invariance).
 *
 * Run: npx tsx examples/cidm-circle.ts
 */
import { cidm, circle } from "manifold-geom";
import { isMain } from "./util.js";

export function main(): void {
  const exact = [1, 1, 4, 4, 9, 9, 16, 16, 25, 25];
  console.log("CIDM on the unit circle, N = 2000, k = 16, kernelNeighbors = 32, ε automatic");
  for (const warp of [0, 0.8]) {
    const { points } = circle({ n: 2000, warp });
    const t0 = performance.now();
    const model = cidm(points, { k: 16, nEigs: 11 });
    const ms = performance.now() - t0;
    const ratios = exact.map((_, j) => model.xi[j + 1] / model.xi[1]);
    const worst = Math.max(...ratios.map((r, j) => Math.abs(r - exact[j]) / exact[j]));
    console.log(
      `\n  sampling θ = 2πu + ${warp}·sin 2πu  (${warp === 0 ? "uniform" : "dense on one side, sparse on the other"})`,
    );
    console.log(
      `  ε = ${model.eps.toFixed(4)} (slope rule), intrinsic dimension ≈ ${model.intrinsicDim.toFixed(3)}, fit ${ms.toFixed(0)} ms`,
    );
    console.log(`  ξ_j/ξ_1 : ${ratios.map((r) => r.toFixed(3).padStart(7)).join("")}`);
    console.log(`  exact   : ${exact.map((r) => r.toFixed(3).padStart(7)).join("")}`);
    console.log(
      `  worst relative error ${(100 * worst).toFixed(3)}%, kernel ${model.kernelStats.nnz} non-zeros (mean degree ${model.kernelStats.meanDegree.toFixed(1)})`,
    );
  }
}

if (isMain(import.meta.url)) main();
