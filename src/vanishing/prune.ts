/**
 * Pruning of per-class generators by how well they discriminate between classes.
 *
 * @module
 */
import { ManifoldError, requireInt } from "../errors/index.js";
import type { MatrixInput } from "../matrix/index.js";
import { evaluateGenerators, type VanishingModel } from "./abm.js";

/** Options of {@link pruneGenerators}. */
export interface PruneOptions {
  /** Generators kept per class: the `keep` with the largest score (default 10). */
  keep?: number;
}

/**
 * Score every generator p of class j by s(p) = min_{k≠j} (1/m_k)·Σ_i |p(z_i^k)| (how far it is
 * from vanishing on the other classes) and keep, per class, the `keep` generators with the
 * largest score (ties keep the earlier generator). Each returned model carries its kept
 * generators in their original order; the order terms are unchanged; `scores` lists s(p)
 * for the kept generators.
 *
 * Cost: one {@link evaluateGenerators} per (class, other class) pair, O(C²·N̄·(M·n + nnz)).
 *
 * @param models - one fitted model per class (C ≥ 2).
 * @param dataByClass - the points of each class, in the same order as `models`.
 * @throws ManifoldError `INVALID_PARAMETER` for fewer than 2 classes, mismatched lengths or a
 *   bad `keep`; errors of {@link evaluateGenerators} for bad data.
 * @example
 * ```ts
 * import { fitVanishingIdeal, pruneGenerators } from "manifold-geom";
 * const ring = (r: number) => Array.from({ length: 12 }, (_, i) => [r * Math.cos(i / 2), r * Math.sin(i / 2)]);
 * const data = [ring(1), ring(2)];
 * const models = data.map((X) => fitVanishingIdeal(X, { psi: 0, maxDegree: 3 }));
 * const kept = pruneGenerators(models, data, { keep: 1 });
 * // The unit circle's kept generator scores mean |p| on the radius-2 ring: p = (x² + y² − 1)/√3
 * // is 3/√3 = √3 there.
 * console.log(kept[0].generators.length, kept[0].scores[0].toFixed(6)); // 1 1.732051
 * ```
 */
export function pruneGenerators(
  models: readonly VanishingModel[],
  dataByClass: readonly MatrixInput[],
  options: PruneOptions = {},
): Array<
  VanishingModel & {
    /** The score s(p) of each kept generator, in the order of `generators`. */
    readonly scores: number[];
  }
> {
  const keep = requireInt(options.keep ?? 10, "keep", 1);
  const C = models.length;
  if (C < 2 || dataByClass.length !== C) {
    throw new ManifoldError(
      "INVALID_PARAMETER",
      `pruneGenerators needs one model and one data matrix per class, at least 2 classes; got ${C} models and ${dataByClass.length} data matrices.`,
    );
  }
  return models.map((model, j) => {
    const G = model.generators.length;
    const score = new Float64Array(G).fill(Number.POSITIVE_INFINITY);
    for (let k = 0; k < C; k++) {
      if (k === j || G === 0) continue;
      const E = evaluateGenerators(model, dataByClass[k]);
      for (let g = 0; g < G; g++) {
        let s = 0;
        for (let i = 0; i < E.rows; i++) s += Math.abs(E.data[i * G + g]);
        score[g] = Math.min(score[g], s / E.rows);
      }
    }
    const order = Array.from({ length: G }, (_, g) => g).sort(
      (a, b) => score[b] - score[a] || a - b,
    );
    const kept = order.slice(0, Math.min(keep, G)).sort((a, b) => a - b);
    return {
      ...model,
      generators: kept.map((g) => model.generators[g]),
      scores: kept.map((g) => score[g]),
    };
  });
}
