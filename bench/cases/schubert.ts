/**
 * SVBF cases: our accelerated minorise–maximise fit against the paper's baseline (eq. 6 with
 * Adam, λ₀ = 10 000, lr 1e-3, 40 000 iterations, U[0, 1] initialisation; bench/python/schubert.py,
 * baseline only) on random samples, c = 1, objective cos², for (n, l, k) in the issue's sets.
 * The largest set runs at n = 1 024 with r = 40 instead of n = 4 096, r = 100: the baseline's
 * 40 000 iterations there take ≈ 24 min single-threaded (≈ 36 ms each), this one ≈ 2.5 min.
 * `--quick` runs the baseline for 4 000 iterations.
 */
import { orthonormalize } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { createRng } from "../../src/random/index.js";
import { type FitSchubertResult, fitSchubert } from "../../src/schubert/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface SvbfData extends CaseData {
  readonly samples: Matrix[];
  readonly k: number;
}

function randomSamples(n: number, r: number, l: number, seed: number): Matrix[] {
  const rng = createRng(seed);
  return Array.from({ length: r }, () => {
    const data = new Float64Array(n * l);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    return orthonormalize({ rows: n, cols: l, data });
  });
}

function stack(ms: Matrix[]): Matrix {
  const rows = ms.reduce((s, m) => s + m.rows, 0);
  const data = new Float64Array(rows * ms[0].cols);
  let off = 0;
  for (const m of ms) {
    data.set(m.data, off);
    off += m.data.length;
  }
  return { rows, cols: ms[0].cols, data };
}

function svbfCase(n: number, l: number, k: number, r: number, note: string): BenchCase {
  return defineCase<SvbfData, FitSchubertResult>({
    name: `schubert-${n}-${l}-${k}`,
    setup: ({ quick }) => {
      const samples = randomSamples(n, r, l, 8000 + n + l + k);
      const iters = quick ? 4000 : 40_000;
      return {
        samples,
        k,
        matrices: { X: stack(samples) },
        params: { n, l, k, r, iters },
        label: `SVBF c=1 cos², ${r} random Gr(${l}, ${n}), k=${k}${note} vs Adam ×${iters}`,
      };
    },
    run: (d) => fitSchubert(d.samples, { k: d.k, c: 1, restarts: 0 }),
    python: { script: "schubert.py", args: ["adam"] },
    check: (ours, reference, d): CheckResult => {
      const ref = reference as { objective: number; raw: number; defect: number };
      const reached = ours.history.findIndex((f) => f >= ref.objective);
      // Time to Adam's final objective: the same deterministic run, stopped at that iteration
      // (median of 3; the flag-mean start included).
      const times: number[] = [];
      for (let rep = 0; rep < 3 && reached >= 0; rep++) {
        const t0 = performance.now();
        fitSchubert(d.samples, { k: d.k, c: 1, restarts: 0, maxIter: Math.max(reached, 1) });
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const toTarget = times.length ? times[1] : Number.NaN;
      const adamS = (reference as { seconds?: number }).seconds;
      const plain = fitSchubert(d.samples, {
        k: d.k,
        c: 1,
        restarts: 0,
        accelerate: false,
        maxIter: 1000,
      });
      const plainIt = plain.converged
        ? `${plain.iterations}`
        : `>${plain.iterations} (not converged)`;
      const detail = `objective ours ${ours.objective.toFixed(10)} vs Adam ${ref.objective.toFixed(10)} (Adam raw ${ref.raw.toFixed(6)}, |KᵀK − I| ${ref.defect.toExponential(1)}); ours ≥ Adam's final from iteration ${reached}, reached in ${toTarget.toFixed(1)} ms${adamS ? ` (${((1000 * adamS) / toTarget).toFixed(0)}× faster than Adam's ${adamS.toFixed(1)} s)` : ""}; MM iterations plain ${plainIt}, accelerated ${ours.iterations} (${ours.evaluations} passes)`;
      console.log(`    ${detail}`); // the harness prints details only on failure
      return { ok: ours.objective >= ref.objective - 1e-9, detail };
    },
  });
}

export const cases: BenchCase[] = [
  svbfCase(64, 1, 8, 100, ""),
  svbfCase(512, 4, 32, 100, ""),
  svbfCase(1024, 16, 32, 40, " (reduced from n=4096, r=100)"),
];
