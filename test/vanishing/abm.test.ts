import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { createRng } from "../../src/random/index.js";
import {
  evaluateGenerators,
  fitVanishingIdeal,
  monomialKey,
  type VanishingGenerator,
} from "../../src/vanishing/index.js";

/** Dense coefficient vector of g over the list of monomials `basis` (keys). */
function dense(g: VanishingGenerator, basis: string[]): number[] {
  const v = new Array<number>(basis.length).fill(0);
  g.terms.forEach((t, k) => {
    const at = basis.indexOf(monomialKey(t));
    if (at < 0) throw new Error(`term ${t} outside basis`);
    v[at] += g.coefficients[k];
  });
  return v;
}

/** All monomials of degree ≤ d in n variables, as keys. */
function monomials(n: number, d: number): string[] {
  const out: string[] = [];
  const rec = (prefix: number[], left: number) => {
    if (prefix.length === n) {
      out.push(prefix.join(","));
      return;
    }
    for (let e = 0; e <= left; e++) rec([...prefix, e], left - e);
  };
  rec([], d);
  return out;
}

/** Rank of the rows by Gram–Schmidt with relative tolerance. */
function rank(rows: number[][], tol = 1e-6): number {
  const basis: number[][] = [];
  for (const r of rows) {
    const w = r.slice();
    for (const b of basis) {
      const s = w.reduce((a, x, i) => a + x * b[i], 0);
      for (let i = 0; i < w.length; i++) w[i] -= s * b[i];
    }
    const nrm = Math.hypot(...w);
    if (nrm > tol * Math.max(1, Math.hypot(...r))) basis.push(w.map((x) => x / nrm));
  }
  return basis.length;
}

function circlePoints(N: number, noise: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: N }, () => {
    const t = 2 * Math.PI * rng.uniform();
    const r = 1 + noise * rng.normal();
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

function spherePoints(N: number, noise: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: N }, () => {
    const v = [rng.normal(), rng.normal(), rng.normal()];
    const s = (1 + noise * rng.normal()) / Math.hypot(...v);
    return v.map((x) => x * s);
  });
}

describe("ABM on varieties with known ideals", () => {
  it("unit circle (noise 1e-9): one degree-2 generator ∝ x² + y² − 1", () => {
    const exact = fitVanishingIdeal(circlePoints(100, 0, 11), { psi: 0, maxDegree: 3 });
    expect(exact.generators.map((g) => g.degree)).toEqual([2]);
    const pts = circlePoints(300, 1e-9, 1);
    const model = fitVanishingIdeal(pts, { psi: 1e-6, maxDegree: 3 });
    expect(model.generators.length).toBe(1);
    const g = model.generators[0];
    expect(g.degree).toBe(2);
    const basis = monomials(2, 2);
    const v = dense(g, basis);
    const expected = new Array<number>(basis.length).fill(0);
    expected[basis.indexOf("2,0")] = 1 / Math.sqrt(3);
    expected[basis.indexOf("0,2")] = 1 / Math.sqrt(3);
    expected[basis.indexOf("0,0")] = -1 / Math.sqrt(3);
    for (let i = 0; i < v.length; i++) expect(Math.abs(v[i] - expected[i])).toBeLessThan(1e-6);
    const E = evaluateGenerators(model, pts);
    for (const x of E.data) expect(Math.abs(x)).toBeLessThan(1e-6);
    // evaluateGenerators agrees with the closed form on fresh points.
    const Q = evaluateGenerators(model, [
      [0.3, -2],
      [1.5, 0.5],
    ]);
    expect(Q.data[0]).toBeCloseTo((0.09 + 4 - 1) / Math.sqrt(3), 8);
    expect(Q.data[1]).toBeCloseTo((2.25 + 0.25 - 1) / Math.sqrt(3), 8);
  });

  it("unit sphere: x² + y² + z² − 1", () => {
    const model = fitVanishingIdeal(spherePoints(400, 1e-9, 2), { psi: 1e-6, maxDegree: 2 });
    expect(model.generators.length).toBe(1);
    const basis = monomials(3, 2);
    const v = dense(model.generators[0], basis);
    const c = 0.5;
    for (let i = 0; i < basis.length; i++) {
      const want = ["2,0,0", "0,2,0", "0,0,2"].includes(basis[i])
        ? c
        : basis[i] === "0,0,0"
          ? -c
          : 0;
      expect(Math.abs(v[i] - want)).toBeLessThan(1e-6);
    }
  });

  it("twisted cubic: degree-2 generators span {y − x², z − xy, xz − y²}", () => {
    const pts = Array.from({ length: 200 }, (_, i) => {
      const t = -1 + (2 * (i + 0.5)) / 200;
      return [t, t * t, t * t * t];
    });
    const model = fitVanishingIdeal(pts, { psi: 0, maxDegree: 2 });
    const basis = monomials(3, 2);
    const gens = model.generators.map((g) => dense(g, basis));
    expect(gens.length).toBe(3);
    const truthRows: Array<Record<string, number>> = [
      { "0,1,0": 1, "2,0,0": -1 },
      { "0,0,1": 1, "1,1,0": -1 },
      { "1,0,1": 1, "0,2,0": -1 },
    ];
    const truth = truthRows.map((o) => basis.map((k) => o[k] ?? 0));
    expect(rank(gens)).toBe(3);
    expect(rank(truth)).toBe(3);
    expect(rank([...gens, ...truth])).toBe(3);
  });

  it("generic m points in R²: no generator below the degree where monomials exceed m", () => {
    for (const [m, firstDeg] of [
      [6, 3],
      [10, 4],
    ]) {
      const rng = createRng(m);
      const pts = Array.from({ length: m }, () => [2 * rng.uniform() - 1, 2 * rng.uniform() - 1]);
      const model = fitVanishingIdeal(pts, { psi: 0, maxDegree: firstDeg });
      expect(model.orderTerms.length).toBe(m);
      expect(Math.min(...model.generators.map((g) => g.degree))).toBe(firstDeg);
      expect(model.generators.length).toBe(firstDeg + 1);
    }
  });

  it("is invariant under reordering the points (same generator spans per degree)", () => {
    const pts = spherePoints(300, 0.01, 3);
    const rng = createRng(9);
    const perm = pts.map((_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const a = fitVanishingIdeal(pts, { psi: 0.05, maxDegree: 3 });
    const b = fitVanishingIdeal(
      perm.map((i) => pts[i]),
      { psi: 0.05, maxDegree: 3 },
    );
    expect(a.orderTerms).toEqual(b.orderTerms);
    expect(a.generators.length).toBeGreaterThan(0);
    expect(b.generators.length).toBe(a.generators.length);
    const basis = monomials(3, 3);
    for (let d = 1; d <= 3; d++) {
      const ga = a.generators.filter((g) => g.degree === d).map((g) => dense(g, basis));
      const gb = b.generators.filter((g) => g.degree === d).map((g) => dense(g, basis));
      expect(gb.length).toBe(ga.length);
      if (ga.length > 0) expect(rank([...ga, ...gb])).toBe(ga.length);
    }
  });

  it("the number of generators does not increase as ψ decreases", () => {
    const pts = circlePoints(400, 0.01, 4);
    const counts = [10, 1, 0.05, 1e-4].map(
      (psi) => fitVanishingIdeal(pts, { psi, maxDegree: 3 }).generators.length,
    );
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
    expect(counts[0]).toBe(2); // x and y vanish at ψ = 10
    expect(counts[2]).toBe(1); // x² + y² − 1
    expect(counts[3]).toBe(0);
  });

  it("reports the RMS and mean |p| it was selected by", () => {
    const pts = circlePoints(200, 0.02, 5);
    const model = fitVanishingIdeal(pts, { psi: 0.1, maxDegree: 2 });
    const E = evaluateGenerators(model, pts);
    model.generators.forEach((g, j) => {
      let sa = 0;
      let sq = 0;
      for (let i = 0; i < E.rows; i++) {
        const p = E.data[i * E.cols + j];
        sa += Math.abs(p);
        sq += p * p;
      }
      expect(g.meanAbs).toBeCloseTo(sa / E.rows, 10);
      expect(g.rms).toBeCloseTo(Math.sqrt(sq / E.rows), 10);
      expect(g.rms).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(Math.hypot(...g.coefficients)).toBeCloseTo(1, 12);
    });
  });

  it("tanh scaling equals fitting on tanh((x − mean)/std) computed by hand", () => {
    const pts = circlePoints(200, 0.01, 6).map(([x, y]) => [100 * x + 5, 100 * y - 3]);
    const model = fitVanishingIdeal(pts, { psi: 0.2, maxDegree: 3, scale: "tanh" });
    expect(model.scaling.kind).toBe("tanh");
    const mean = [0, 1].map((j) => pts.reduce((a, p) => a + p[j], 0) / pts.length);
    const std = [0, 1].map((j) =>
      Math.sqrt(pts.reduce((a, p) => a + (p[j] - mean[j]) ** 2, 0) / pts.length),
    );
    const z = pts.map((p) => p.map((x, j) => Math.tanh((x - mean[j]) / std[j])));
    for (const row of z) for (const x of row) expect(Math.abs(x)).toBeLessThan(1);
    const ref = fitVanishingIdeal(z, { psi: 0.2, maxDegree: 3 });
    expect(model.generators.length).toBeGreaterThan(0);
    expect(model.generators.length).toBe(ref.generators.length);
    expect(model.orderTerms).toEqual(ref.orderTerms);
    const E = evaluateGenerators(model, pts);
    const Er = evaluateGenerators(ref, z);
    for (let i = 0; i < E.data.length; i++) expect(E.data[i]).toBeCloseTo(Er.data[i], 9);
  });

  it("rejects bad input with ManifoldError", () => {
    expect(() => fitVanishingIdeal([[0, Number.NaN]])).toThrow(ManifoldError);
    expect(() => fitVanishingIdeal([[0, 1]], { psi: -1 })).toThrow(/psi/);
    expect(() => fitVanishingIdeal([[0, 1]], { maxDegree: 0 })).toThrow(/maxDegree/);
    const model = fitVanishingIdeal(circlePoints(50, 0, 7), { psi: 1e-6, maxDegree: 2 });
    expect(() => evaluateGenerators(model, [[1, 2, 3]])).toThrow(/columns/);
  });
});

describe("ABM decisions against a dense SVD of the evaluation matrix", () => {
  it("order terms keep σ_min/√m > ψ and generators have σ_min/√m ≤ ψ (naive reference)", async () => {
    const { svd } = await import("../../src/linalg/index.js");
    const rng = createRng(21);
    // Noisy points on the surface z = x·y in R³.
    const pts = Array.from({ length: 120 }, () => {
      const x = 2 * rng.uniform() - 1;
      const y = 2 * rng.uniform() - 1;
      return [x, y, x * y + 0.003 * rng.normal()];
    });
    const psi = 0.01;
    const model = fitVanishingIdeal(pts, { psi, maxDegree: 3 });
    const col = (e: number[]) => pts.map((p) => p.reduce((a, x, j) => a * x ** e[j], 1));
    const sigmaMin = (terms: number[][]) => {
      const cols = terms.map(col);
      const data = new Float64Array(pts.length * cols.length);
      for (let i = 0; i < pts.length; i++)
        for (let c = 0; c < cols.length; c++) data[i * cols.length + c] = cols[c][i];
      const { s } = svd({ rows: pts.length, cols: cols.length, data });
      return s[s.length - 1] / Math.sqrt(pts.length);
    };
    for (let k = 1; k < model.orderTerms.length; k++)
      expect(sigmaMin(model.orderTerms.slice(0, k + 1))).toBeGreaterThan(psi);
    expect(model.generators.length).toBeGreaterThan(0);
    for (const g of model.generators) {
      expect(sigmaMin(g.terms)).toBeLessThanOrEqual(psi + 1e-9);
      expect(g.rms).toBeCloseTo(sigmaMin(g.terms), 8);
    }
    // z − x·y is found at degree 2 (RMS ≈ noise/√2 after normalising the coefficients).
    const zxy = model.generators.find((g) => monomialKey(g.leadingTerm) === "1,1,0");
    expect(zxy).toBeDefined();
  });
});

describe("PCA option", () => {
  it("a unit circle in a rotated plane of R⁵ gives y₁² + y₂² − 1 in PCA coordinates", () => {
    const rng = createRng(31);
    // Orthonormal u, v in R⁵ by Gram–Schmidt.
    const u = Array.from({ length: 5 }, () => rng.normal());
    const nu = Math.hypot(...u);
    for (let j = 0; j < 5; j++) u[j] /= nu;
    const v = Array.from({ length: 5 }, () => rng.normal());
    const uv = v.reduce((a, x, j) => a + x * u[j], 0);
    for (let j = 0; j < 5; j++) v[j] -= uv * u[j];
    const nv = Math.hypot(...v);
    for (let j = 0; j < 5; j++) v[j] /= nv;
    const embed = (a: number, b: number) => u.map((x, j) => a * x + b * v[j]);
    const pts = Array.from({ length: 200 }, (_, i) => {
      const t = (2 * Math.PI * (i + 0.5)) / 200;
      return embed(Math.cos(t), Math.sin(t));
    });
    const model = fitVanishingIdeal(pts, { psi: 1e-6, maxDegree: 2, pca: 2 });
    expect(model.nVars).toBe(2);
    expect(model.inputDim).toBe(5);
    expect(model.generators.length).toBe(1);
    const g = model.generators[0];
    const want: Record<string, number> = { "2,0": 1, "0,2": 1, "0,0": -1 };
    g.terms.forEach((t, k) => {
      expect(Math.abs(g.coefficients[k] - (want[monomialKey(t)] ?? 0) / Math.sqrt(3))).toBeLessThan(
        1e-6,
      );
    });
    // A point at radius 2 in the plane: (4 − 1)/√3.
    const E = evaluateGenerators(model, [embed(2 * Math.cos(0.3), 2 * Math.sin(0.3))]);
    expect(E.data[0]).toBeCloseTo(3 / Math.sqrt(3), 8);
    expect(() => fitVanishingIdeal(pts, { pca: 6 })).toThrow(/pca/);
  });
});
