/**
 * Vanishing ideals: one ABM fit (ψ = 0.01) of 2 000 noisy points of the Clifford torus
 * (cos a, sin a, cos b, sin b) ⊂ R⁴ up to degree 4, vs the same ABM in numpy.
 */
import { createRng } from "../../src/random/index.js";
import { fitVanishingIdeal, monomialKey, type VanishingModel } from "../../src/vanishing/index.js";
import { type BenchCase, type CaseData, type CheckResult, defineCase } from "../types.js";

interface AbmData extends CaseData {
  readonly psi: number;
  readonly maxDegree: number;
  readonly tol: number;
}

interface AbmReference {
  orderTerms: number[][];
  leadingTerms: number[][];
  coefficients: number[][];
}

export const cases: BenchCase[] = [
  defineCase<AbmData, VanishingModel>({
    name: "vanishing-abm",
    setup: ({ quick }) => {
      const m = quick ? 500 : 2000;
      const rng = createRng(12);
      const data = new Float64Array(m * 4);
      for (let i = 0; i < m; i++) {
        const a = 2 * Math.PI * rng.uniform();
        const b = 2 * Math.PI * rng.uniform();
        const p = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
        for (let j = 0; j < 4; j++) data[i * 4 + j] = p[j] + 1e-3 * rng.normal();
      }
      const params = { psi: 0.01, maxDegree: 4, tol: 1e-9 };
      return {
        ...params,
        matrices: { X: { rows: m, cols: 4, data } },
        params,
        label: `ABM, ${m} points of the Clifford torus in R⁴ (noise 1e-3), ψ = 0.01, degree ≤ 4 (numpy)`,
      };
    },
    run: (d) => fitVanishingIdeal(d.matrices.X, { psi: d.psi, maxDegree: d.maxDegree, tol: d.tol }),
    python: { script: "vanishing.py", args: [] },
    check: (ours, reference): CheckResult => {
      const ref = reference as AbmReference;
      const sameO =
        ours.orderTerms.map(monomialKey).join(";") === ref.orderTerms.map(monomialKey).join(";");
      const sameLead =
        ours.generators.map((g) => monomialKey(g.leadingTerm)).join(";") ===
        ref.leadingTerms.map(monomialKey).join(";");
      let worst = 0;
      if (sameLead) {
        ours.generators.forEach((g, k) => {
          const c = ref.coefficients[k];
          if (c.length !== g.coefficients.length) worst = Number.POSITIVE_INFINITY;
          else
            for (let i = 0; i < c.length; i++)
              worst = Math.max(worst, Math.abs(c[i] - g.coefficients[i]));
        });
      }
      const ok = sameO && sameLead && worst <= 1e-6;
      return {
        ok,
        detail: `|O| = ${ours.orderTerms.length} (${sameO ? "same" : "DIFFERENT"}), ${ours.generators.length} generators (leading terms ${sameLead ? "same" : "DIFFERENT"}), max |Δcoef| = ${worst.toExponential(1)} (tol 1e-6)`,
      };
    },
  }),
];
