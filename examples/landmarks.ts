/**
 * Landmark CIDM: fit on m Poisson-disk landmarks of a large cloud, extend the eigenfunctions to
 * every point by Nyström, and see how the spectral error falls with m (SVG plot), with a
 * progress bar driven by `onProgress`.
 *
 * Run: npx tsx examples/landmarks.ts
 */
import { cidm, flatTorus } from "manifold-geom";
import { progress } from "./progress.js";
import { linePlot, writeSvg } from "./svg.js";
import { heading, isMain, OUT_DIR } from "./util.js";

const TORUS = [...Array(4).fill(1), ...Array(4).fill(2), ...Array(4).fill(4), ...Array(8).fill(5)];

/** Largest relative error of ξ_j/ξ_1, j = 1..20, against the flat torus truths. */
function worstError(xi: Float64Array): number {
  return Math.max(...TORUS.map((t, j) => Math.abs(xi[j + 1] / xi[1] - t) / t));
}

export function main(): void {
  heading("Landmark CIDM on a flat torus (Kronecker points), N = 60 000, m = 3000");
  const { points } = flatTorus({ n: 60_000, sampling: "kronecker" });
  const bar = progress("landmark fit");
  const t0 = performance.now();
  const model = cidm(points, {
    k: 32,
    nEigs: 21,
    landmarks: 3000,
    onProgress: (fraction, stage) => bar.update(fraction, stage),
  });
  bar.done();
  const secs = (performance.now() - t0) / 1000;
  const lm = model.landmarks;
  if (!lm) throw new Error("expected a landmark model");
  const ratios = TORUS.map((_, j) => model.xi[j + 1] / model.xi[1]);
  console.log(
    `  ${lm.m} ${lm.method} landmarks of ${lm.N} points; φ_0..φ_20 extended to all points (phiAll ${lm.phiAll.rows}×${lm.phiAll.cols}) in ${secs.toFixed(1)} s`,
  );
  console.log(`  ξ_j/ξ_1 : ${ratios.map((r) => r.toFixed(2).padStart(5)).join("")}`);
  console.log(`  exact   : ${TORUS.map((r) => r.toFixed(2).padStart(5)).join("")}`);
  console.log(`  worst relative error ${(100 * worstError(model.xi)).toFixed(2)}%`);

  heading("Spectral error vs m (N = 20 000): Poisson-disk vs random landmarks");
  const { points: small } = flatTorus({ n: 20_000, sampling: "kronecker" });
  const ms = [500, 1000, 2000, 4000];
  const series = (["poisson", "random"] as const).map((method) => {
    const errors = ms.map((m) => {
      const fit = cidm(small, { k: 32, nEigs: 21, landmarks: m, landmarkMethod: method });
      return worstError(fit.xi);
    });
    console.log(
      `  ${method.padEnd(8)} ${ms.map((m, i) => `m=${m}: ${(100 * errors[i]).toFixed(1)}%`).join("   ")}`,
    );
    return { name: `${method} landmarks`, x: ms, y: errors.map((e) => 100 * e), markers: true };
  });
  const file = writeSvg(
    `${OUT_DIR}/landmarks-error.svg`,
    linePlot(series, {
      title: "Landmark CIDM on the flat torus: worst error of ξ_j/ξ_1 (j ≤ 20)",
      xLabel: "m (landmarks)",
      yLabel: "max relative error (%)",
      yLog: true,
      xTicks: ms,
    }),
  );
  console.log(`  wrote ${file}`);
}

if (isMain(import.meta.url)) main();
