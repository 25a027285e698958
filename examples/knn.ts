/**
 * Exact k nearest neighbours on a non-uniformly sampled (warped) circle.
 *
 * Run: npx tsx examples/knn.ts
 */
import { circle, knn } from "manifold-geom";
import { isMain } from "./util.js";

export function main(): void {
  // 400 points on the unit circle at angles θ_i = 2πu_i + 0.8 sin 2πu_i: dense on one side,
  // sparse on the other. That is the density CIDM will have to see through.
  const { points, theta } = circle({ n: 400, warp: 0.8 });
  const k = 5;
  const { indices, distances } = knn(points, k);
  console.log(
    `kNN on the warped circle: N = ${points.rows}, k = ${k} (self-inclusive, sorted, exact)`,
  );
  for (const i of [0, 100, 200, 300]) {
    const row = Array.from(indices.subarray(i * k, (i + 1) * k));
    const dist = Array.from(distances.subarray(i * k, (i + 1) * k), (d) => d.toFixed(4));
    console.log(
      `  point ${String(i).padStart(3)} (θ = ${theta[i].toFixed(3)}): neighbours [${row.join(", ")}], distances [${dist.join(", ")}]`,
    );
  }
  // The mean distance to the k-1 other neighbours tracks the sampling density: that is ρ in CIDM.
  let dense = 0;
  let sparse = 0;
  for (let j = 1; j < k; j++) {
    dense += distances[200 * k + j];
    sparse += distances[0 * k + j];
  }
  console.log(
    `  mean neighbour distance: ${(sparse / (k - 1)).toFixed(4)} at θ ≈ 0 vs ${(dense / (k - 1)).toFixed(4)} at θ ≈ π`,
  );
}

if (isMain(import.meta.url)) main();
