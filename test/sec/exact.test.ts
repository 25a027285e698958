/**
 * SEC on exact Fourier bases (GUIDE §4, §10): the Hodge spectrum of the circle and the flat
 * torus, the Galerkin matrices against direct quadrature of their integrals with analytic
 * gradients, invariances, and the error cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { symEig } from "../../src/linalg/index.js";
import type { Matrix } from "../../src/matrix/index.js";
import { type SecFields, secFields } from "../../src/sec/index.js";
import { type ExactBasis, fourierCircle, fourierTorus } from "./fourier.js";

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    return;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** ⟨∇φ_a, ∇φ_b⟩ at point s (flat intrinsic metric). */
function gradDot(b: ExactBasis, s: number, a: number, c: number): number {
  const M = b.phi.cols;
  let r = 0;
  for (let t = 0; t < b.d; t++) r += b.grad[(s * M + a) * b.d + t] * b.grad[(s * M + c) * b.d + t];
  return r;
}

/**
 * Direct quadrature, frame f(i, j) = i(n1 − 1) + j − 1:
 * G = Σ_s w φ_i φ_k ⟨∇φ_j, ∇φ_l⟩; E_δ = Σ_s w δ_ij δ_kl with δ(φ_i dφ_j) = λ_j φ_i φ_j − ⟨∇φ_i, ∇φ_j⟩;
 * E_d = Σ_s w (⟨∇φ_i,∇φ_k⟩⟨∇φ_j,∇φ_l⟩ − ⟨∇φ_i,∇φ_l⟩⟨∇φ_j,∇φ_k⟩).
 */
function quadrature(b: ExactBasis, n1: number): { G: Matrix; Edelta: Matrix; Ed: Matrix } {
  const N = b.points.rows;
  const M = b.phi.cols;
  const J = n1 - 1;
  const F = n1 * J;
  const G = new Float64Array(F * F);
  const Edelta = new Float64Array(F * F);
  const Ed = new Float64Array(F * F);
  const delta = new Float64Array(F);
  for (let s = 0; s < N; s++) {
    const w = b.weights[s];
    const phi = (l: number) => b.phi.data[s * M + l];
    for (let i = 0; i < n1; i++) {
      for (let j = 1; j < n1; j++) {
        delta[i * J + j - 1] = b.xi[j] * phi(i) * phi(j) - gradDot(b, s, i, j);
      }
    }
    for (let i = 0; i < n1; i++) {
      for (let j = 1; j < n1; j++) {
        const f = i * J + j - 1;
        for (let k = 0; k < n1; k++) {
          for (let l = 1; l < n1; l++) {
            const h = k * J + l - 1;
            G[f * F + h] += w * phi(i) * phi(k) * gradDot(b, s, j, l);
            Edelta[f * F + h] += w * delta[f] * delta[h];
            Ed[f * F + h] +=
              w *
              (gradDot(b, s, i, k) * gradDot(b, s, j, l) -
                gradDot(b, s, i, l) * gradDot(b, s, j, k));
          }
        }
      }
    }
  }
  const m = (data: Float64Array): Matrix => ({ rows: F, cols: F, data });
  return { G: m(G), Edelta: m(Edelta), Ed: m(Ed) };
}

function maxDiff(a: Matrix, b: Matrix): number {
  let m = 0;
  for (let t = 0; t < a.data.length; t++) m = Math.max(m, Math.abs(a.data[t] - b.data[t]));
  return m;
}

/** Component values of field k at point s. */
function field(sec: SecFields, k: number, s: number): Float64Array {
  const n = sec.ambientDim;
  const o = (k * sec.numPoints + s) * n;
  return sec.values!.subarray(o, o + n);
}

describe("secFields on the exact Fourier circle basis", () => {
  const circle = fourierCircle(256, 41);

  it("energies are 0, 1, 1, 4, 4, 9, 9, 16 (n1 = 10, n2 = 40) to 1e-8", () => {
    const sec = secFields(circle, { n1: 10, n2: 40, nFields: 8 });
    const exact = [0, 1, 1, 4, 4, 9, 9, 16];
    exact.forEach((mu, k) => {
      expect(Math.abs(sec.mu[k] - mu)).toBeLessThan(1e-8);
    });
    expect(sec.scale).toBe(1);
  });

  it("default n1 = 6 with a generous n2: 0, 1, 1, 4, 4 to 1e-6; the first field is the unit tangent", () => {
    const sec = secFields(circle, { n2: 30, nFields: 5 });
    expect(sec.n1).toBe(6);
    [0, 1, 1, 4, 4].forEach((mu, k) => {
      expect(Math.abs(sec.mu[k] - mu)).toBeLessThan(1e-6);
    });
    const theta = circle.angles[0];
    for (let s = 0; s < 256; s++) {
      const v = field(sec, 0, s);
      const norm = Math.hypot(v[0], v[1]);
      const cos = (-Math.sin(theta[s]) * v[0] + Math.cos(theta[s]) * v[1]) / norm;
      expect(Math.abs(Math.abs(cos) - 1)).toBeLessThan(1e-6);
      // The harmonic field is L²-normalised on a probability measure: |v| ≡ 1.
      expect(Math.abs(norm - 1)).toBeLessThan(1e-10);
    }
  });

  it("the other fields are exactly tangent with |v|² = 2cos²(kθ − θ₀): mean |v|² = 1, mean |v|⁴ = 3/2, CV of |v| = √(π²/8 − 1)", () => {
    const sec = secFields(circle, { n1: 10, n2: 40, nFields: 8 });
    const theta = circle.angles[0];
    for (let k = 1; k < 8; k++) {
      let m2 = 0;
      let m4 = 0;
      let m1 = 0;
      let vmax = 0;
      let normal = 0;
      for (let s = 0; s < 256; s++) {
        const v = field(sec, k, s);
        const q = v[0] * v[0] + v[1] * v[1];
        m1 += Math.sqrt(q) / 256;
        m2 += q / 256;
        m4 += (q * q) / 256;
        vmax = Math.max(vmax, Math.sqrt(q));
        normal = Math.max(normal, Math.abs(Math.cos(theta[s]) * v[0] + Math.sin(theta[s]) * v[1]));
      }
      expect(normal).toBeLessThan(1e-12 * vmax);
      expect(Math.abs(m2 - 1)).toBeLessThan(1e-8);
      expect(Math.abs(m4 - 1.5)).toBeLessThan(1e-8);
      // |cos| is not a trigonometric polynomial: the grid mean of |v| is exact to O(k²/N²) only.
      expect(Math.abs(Math.sqrt(m2 - m1 * m1) / m1 - Math.sqrt(Math.PI ** 2 / 8 - 1))).toBeLessThan(
        3e-3,
      );
    }
  });

  it("Gram, codifferential and exterior matrices equal direct quadrature to 1e-10 (the d-part is exactly 0)", () => {
    const n1 = 6;
    const sec = secFields(circle, { n1, n2: 20 });
    const q = quadrature(circle, n1);
    const scale = maxAbs(q.G.data);
    expect(maxDiff(sec.gram, q.G)).toBeLessThan(1e-10 * scale);
    expect(maxDiff(sec.energyCodifferential, q.Edelta)).toBeLessThan(1e-10 * maxAbs(q.Edelta.data));
    expect(maxAbs(q.Ed.data)).toBeLessThan(1e-12 * scale);
    expect(maxAbs(sec.energyExterior.data)).toBeLessThan(1e-10 * scale);
  });

  it("energies are scale-free: ξ → 7ξ leaves μ and the fields unchanged", () => {
    const scaled = { ...circle, xi: circle.xi.map((x) => 7 * x) };
    const a = secFields(circle, { n2: 30 });
    const b = secFields(scaled, { n2: 30 });
    expect(b.scale).toBe(7);
    for (let k = 0; k < 6; k++) expect(Math.abs(a.mu[k] - b.mu[k])).toBeLessThan(1e-9);
    expect(maxAbs(a.values!.map((v, t) => v - b.values![t]))).toBeLessThan(1e-9);
  });

  it("fields follow rigid motions and scalings of the ambient points: X → cQX + b gives v → cQv", () => {
    const small = fourierCircle(64, 21);
    const base = secFields(small, { n2: 20, nFields: 3 });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (angle, reflect, c, bx, by) => {
          const r = reflect ? -1 : 1;
          const Q = [Math.cos(angle), -r * Math.sin(angle), Math.sin(angle), r * Math.cos(angle)];
          const X = small.points.data;
          const Y = new Float64Array(X.length);
          for (let s = 0; s < 64; s++) {
            Y[2 * s] = c * (Q[0] * X[2 * s] + Q[1] * X[2 * s + 1]) + bx;
            Y[2 * s + 1] = c * (Q[2] * X[2 * s] + Q[3] * X[2 * s + 1]) + by;
          }
          const moved = secFields(
            { ...small, points: { rows: 64, cols: 2, data: Y } },
            { n2: 20, nFields: 3 },
          );
          for (let k = 0; k < 3; k++) expect(Math.abs(moved.mu[k] - base.mu[k])).toBeLessThan(1e-9);
          let worst = 0;
          for (let k = 0; k < 3; k++) {
            for (let s = 0; s < 64; s++) {
              const v = field(base, k, s);
              const w = field(moved, k, s);
              worst = Math.max(
                worst,
                Math.abs(w[0] - c * (Q[0] * v[0] + Q[1] * v[1])),
                Math.abs(w[1] - c * (Q[2] * v[0] + Q[3] * v[1])),
              );
            }
          }
          expect(worst).toBeLessThan(1e-9 * c * maxAbs(base.values!));
        },
      ),
      { seed: 61, numRuns: 25 },
    );
  });

  it("permuting the points permutes the field values and leaves μ unchanged", () => {
    // Fields 1, 2 share μ = 1, so they are defined up to a rotation within their pair: compare
    // the rotation-invariant Σ_{k∈pair} v_k v_kᵀ at every point, and field 0 itself.
    const small = fourierCircle(64, 21);
    const perm = Array.from({ length: 64 }, (_, i) => (i * 37) % 64);
    const M = 21;
    const phi = new Float64Array(64 * M);
    const pts = new Float64Array(128);
    perm.forEach((src, dst) => {
      phi.set(small.phi.data.subarray(src * M, (src + 1) * M), dst * M);
      pts.set(small.points.data.subarray(2 * src, 2 * src + 2), 2 * dst);
    });
    const a = secFields(small, { n2: 20, nFields: 3 });
    const b = secFields(
      {
        ...small,
        phi: { rows: 64, cols: M, data: phi },
        points: { rows: 64, cols: 2, data: pts },
      },
      { n2: 20, nFields: 3 },
    );
    for (let k = 0; k < 3; k++) expect(Math.abs(a.mu[k] - b.mu[k])).toBeLessThan(1e-10);
    const outer = (sec: SecFields, s: number) => {
      const o = [0, 0, 0];
      for (const k of [1, 2]) {
        const v = field(sec, k, s);
        o[0] += v[0] * v[0];
        o[1] += v[0] * v[1];
        o[2] += v[1] * v[1];
      }
      return o;
    };
    perm.forEach((src, dst) => {
      const v = field(a, 0, src);
      const w = field(b, 0, dst);
      expect(Math.abs(v[0] - w[0]) + Math.abs(v[1] - w[1])).toBeLessThan(1e-10);
      const oa = outer(a, src);
      const ob = outer(b, dst);
      for (let c = 0; c < 3; c++) expect(Math.abs(oa[c] - ob[c])).toBeLessThan(1e-10);
    });
  });
});

describe("secFields on the exact flat torus basis", () => {
  const torus = fourierTorus(32, 32, 8);

  it("energies are 0, 0 (∂α, ∂β), then 1 ×8, then 2 ×8 (n1 = 9) to 1e-8; harmonic fields have |v| ≡ 1", () => {
    const sec = secFields(torus, { n1: 9, nFields: 18 });
    const exact = [0, 0, ...Array(8).fill(1), ...Array(8).fill(2)];
    exact.forEach((mu, k) => {
      expect(Math.abs(sec.mu[k] - mu)).toBeLessThan(1e-8);
    });
    const [A, B] = torus.angles;
    for (let k = 0; k < 18; k++) {
      let vmax = 0;
      let normal = 0;
      for (let s = 0; s < torus.points.rows; s++) {
        const v = field(sec, k, s);
        const norm = Math.hypot(v[0], v[1], v[2], v[3]);
        vmax = Math.max(vmax, norm);
        if (k < 2) expect(Math.abs(norm - 1)).toBeLessThan(1e-10);
        normal = Math.max(
          normal,
          Math.abs(Math.cos(A[s]) * v[0] + Math.sin(A[s]) * v[1]),
          Math.abs(Math.cos(B[s]) * v[2] + Math.sin(B[s]) * v[3]),
        );
      }
      expect(normal).toBeLessThan(1e-12 * vmax);
    }
  });

  it("Gram, codifferential and exterior-derivative matrices equal direct quadrature to 1e-10", () => {
    const n1 = 5;
    const sec = secFields(torus, { n1, nFields: 4 });
    const q = quadrature(torus, n1);
    expect(maxDiff(sec.gram, q.G)).toBeLessThan(1e-10 * maxAbs(q.G.data));
    expect(maxDiff(sec.energyCodifferential, q.Edelta)).toBeLessThan(1e-10 * maxAbs(q.Edelta.data));
    // On a 2-manifold dφ_i ∧ dφ_j is not zero: the d-part is a real test here.
    expect(maxAbs(q.Ed.data)).toBeGreaterThan(0.1);
    expect(maxDiff(sec.energyExterior, q.Ed)).toBeLessThan(1e-10 * maxAbs(q.Ed.data));
  });

  it("Gram is symmetric PSD, the energy symmetric PSD, μ ≥ −1e-10", () => {
    const sec = secFields(torus, { n1: 9, nFields: 18 });
    for (const A of [sec.gram, sec.energyCodifferential, sec.energyExterior]) {
      const F = A.rows;
      for (let i = 0; i < F; i++) {
        for (let j = 0; j < F; j++) expect(A.data[i * F + j]).toBe(A.data[j * F + i]);
      }
    }
    const gmax = sec.gramEigenvalues[sec.frameSize - 1];
    expect(sec.gramEigenvalues[0]).toBeGreaterThan(-1e-12 * gmax);
    const E = sec.energyCodifferential.data.map((v, t) => v + sec.energyExterior.data[t]);
    const ee = symEig({ rows: sec.frameSize, cols: sec.frameSize, data: E });
    expect(ee.values[0]).toBeGreaterThan(-1e-10 * ee.values[sec.frameSize - 1]);
    for (const mu of sec.mu) expect(mu).toBeGreaterThan(-1e-10);
  });
});

describe("secFields errors", () => {
  const circle = fourierCircle(64, 21);

  it("rejects n1 > n2, n2 > M, bad nFields and gramTol", () => {
    expectCode(() => secFields(circle, { n1: 8, n2: 6 }), "INVALID_PARAMETER");
    expectCode(() => secFields(circle, { n2: 22 }), "INVALID_PARAMETER");
    expectCode(() => secFields(circle, { n1: 1 }), "INVALID_PARAMETER");
    expectCode(() => secFields(circle, { nFields: 0 }), "INVALID_PARAMETER");
    expectCode(() => secFields(circle, { gramTol: 0 }), "INVALID_PARAMETER");
    expectCode(() => secFields(circle, { gramTol: 1 }), "INVALID_PARAMETER");
  });

  it("rejects inconsistent shapes, non-finite entries and ξ_1 ≤ 0", () => {
    expectCode(
      () => secFields({ ...circle, weights: circle.weights.subarray(1) }),
      "DIMENSION_MISMATCH",
    );
    expectCode(() => secFields({ ...circle, xi: circle.xi.subarray(1) }), "DIMENSION_MISMATCH");
    const bad = Float64Array.from(circle.phi.data);
    bad[5] = Number.NaN;
    expectCode(() => secFields({ ...circle, phi: { ...circle.phi, data: bad } }), "NON_FINITE");
    expectCode(() => secFields({ ...circle, xi: new Float64Array(21) }), "INVALID_PARAMETER");
    expectCode(() => secFields(null as never), "INVALID_PARAMETER");
  });

  it("a basis whose non-constant functions vanish has a zero Gram matrix: RANK_DEFICIENT", () => {
    const phi = new Float64Array(64 * 21);
    for (let s = 0; s < 64; s++) phi[s * 21] = 1;
    expectCode(
      () => secFields({ ...circle, phi: { rows: 64, cols: 21, data: phi } }),
      "RANK_DEFICIENT",
    );
  });

  it("more fields than Gram directions above gramTol: RANK_DEFICIENT", () => {
    // n1 = 2: the frame is {φ_0∇φ_1, φ_1∇φ_1} = {−√2 sin θ ∂θ, −sin 2θ ∂θ}: rank 2.
    const sec = secFields(circle, { n1: 2, nFields: 2 });
    expect(sec.gramRank).toBe(2);
    expectCode(() => secFields(circle, { n1: 2, nFields: 2, gramTol: 0.99 }), "RANK_DEFICIENT");
  });

  it("accepts the JSON form of a basis", () => {
    const json = JSON.parse(JSON.stringify(circle));
    const a = secFields(circle, { n2: 20, nFields: 3 });
    const b = secFields(json, { n2: 20, nFields: 3 });
    for (let k = 0; k < 3; k++) expect(b.mu[k]).toBe(a.mu[k]);
  });
});
