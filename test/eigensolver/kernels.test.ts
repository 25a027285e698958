import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LinearOperator, lanczosEigs } from "../../src/eigensolver/index.js";
import { symmetryOf } from "../../src/eigensolver/operator.js";
import { krylovWasmModule } from "../../src/eigensolver/wasmKernels.js";
import {
  createWorkspace,
  spmvCsr,
  spmvSymUpper,
  tsKernels,
  type Workspace,
} from "../../src/eigensolver/workspace.js";
import { ManifoldError } from "../../src/errors/index.js";
import { createRng } from "../../src/random/index.js";
import { csrFromTriplets, isSymmetric, type SparseMatrix, spmv } from "../../src/sparse/index.js";

const ts = tsKernels();

/** A SIMD workspace (Node ≥ 20 has WebAssembly SIMD). */
function simdWorkspace(bytes: number): Workspace {
  const ws = createWorkspace(bytes);
  expect(ws.kern.simd).toBe(true);
  return ws;
}

function expectSameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) {
      throw new Error(`${what}: entry ${i} differs: ${got[i]} vs ${want[i]}`);
    }
  }
}

/** Random symmetric sparse matrix with exactly mirrored values (and some diagonal entries). */
function randomSymmetric(n: number, perRow: number, seed: number, integer = false): SparseMatrix {
  const rng = createRng(seed);
  const I: number[] = [];
  const J: number[] = [];
  const V: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < perRow; t++) {
      const j = rng.int(n);
      const v = integer ? rng.int(9) - 4 : rng.normal();
      I.push(i, j);
      J.push(j, i);
      V.push(v, v);
    }
    if (rng.uniform() < 0.7) {
      I.push(i);
      J.push(i);
      V.push(integer ? rng.int(5) : rng.normal());
    }
  }
  return csrFromTriplets(n, n, I, J, V);
}

/** The upper triangle (c ≥ r) of a CSR matrix. */
function upper(A: SparseMatrix): { uptr: Int32Array; uidx: Int32Array; udata: Float64Array } {
  const ptr = [0];
  const idx: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < A.rows; r++) {
    for (let p = A.indptr[r]; p < A.indptr[r + 1]; p++) {
      if (A.indices[p] >= r) {
        idx.push(A.indices[p]);
        val.push(A.data[p]);
      }
    }
    ptr.push(idx.length);
  }
  return {
    uptr: Int32Array.from(ptr),
    uidx: Int32Array.from(idx),
    udata: Float64Array.from(val),
  };
}

describe("WebAssembly vector kernels", () => {
  it("compile where WebAssembly SIMD exists, and a workspace can be forced to plain TypeScript", () => {
    expect(krylovWasmModule()).not.toBeNull();
    const plain = createWorkspace(1024, false);
    expect(plain.kern.simd).toBe(false);
  });

  it("dot, multi-dot, multi-subtract and recombination equal the naive sums exactly (small integers)", () => {
    const ws = simdWorkspace(1 << 20);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 65]) {
      for (const count of [0, 1, 2, 3, 4, 5, 6, 9]) {
        // Integers below 2^20: every partial sum is exact, so any order gives the naive value.
        const z = ws.f64(n).view();
        const B = ws.f64(count * n).view();
        const c = ws.f64(Math.max(count, 1)).view();
        for (let t = 0; t < n; t++) z[t] = ((t * 7) % 13) - 6;
        for (let t = 0; t < count * n; t++) B[t] = ((t * 5) % 11) - 5;
        ws.kern.dotMany(z, B, count, n, c);
        for (let i = 0; i < count; i++) {
          let s = 0;
          for (let t = 0; t < n; t++) s += B[i * n + t] * z[t];
          expect(c[i]).toBe(s);
        }
        if (count > 0) {
          let s = 0;
          for (let t = 0; t < n; t++) s += B[t] * z[t];
          expect(ws.kern.dotAt(B, 0, z, 0, n)).toBe(s);
        }
        for (let i = 0; i < count; i++) c[i] = (i % 3) - 1;
        const want = Float64Array.from(z);
        for (let t = 0; t < n; t++) for (let i = 0; i < count; i++) want[t] -= c[i] * B[i * n + t];
        ws.kern.subtractMany(z, B, count, n, c);
        expectSameBits(z, want, `subtractMany n=${n} count=${count}`);
        // out_q = Σ_j C[q·count + j]·b_j for q < 3.
        const C = ws.f64(3 * Math.max(count, 1)).view();
        for (let t = 0; t < C.length; t++) C[t] = (t % 5) - 2;
        const out = ws.f64(3 * n).view();
        out.fill(Number.NaN);
        ws.kern.combine(B, count, n, C, 3, out);
        for (let q = 0; q < 3; q++) {
          for (let t = 0; t < n; t++) {
            let s = 0;
            for (let j = 0; j < count; j++) s += C[q * count + j] * B[j * n + t];
            expect(out[q * n + t]).toBe(s);
          }
        }
      }
    }
  });

  it("give bit-identical results to their TypeScript twins on random doubles", () => {
    const rng = createRng(11);
    for (const n of [1, 2, 3, 5, 6, 7, 8, 9, 13, 31, 64, 513, 1001]) {
      for (const count of [0, 1, 2, 3, 4, 5, 7, 9]) {
        const ws = simdWorkspace(8 * (n * (2 * count + 12) + count * 8 + 64));
        const z = ws.f64(n).view();
        const B = ws.f64(count * n).view();
        const c = ws.f64(Math.max(count, 1)).view();
        for (let t = 0; t < n; t++) z[t] = rng.normal();
        for (let t = 0; t < count * n; t++) B[t] = rng.normal() * 10 ** (rng.int(7) - 3);
        const z2 = Float64Array.from(z);
        const B2 = Float64Array.from(B);
        const c2 = new Float64Array(c.length);
        ws.kern.dotMany(z, B, count, n, c);
        ts.dotMany(z2, B2, count, n, c2);
        expectSameBits(c, c2, `dotMany n=${n} count=${count}`);
        expect(Object.is(ws.kern.dotAt(z, 0, z, 0, n), ts.dotAt(z2, 0, z2, 0, n))).toBe(true);
        ws.kern.subtractMany(z, B, count, n, c);
        ts.subtractMany(z2, B2, count, n, c2);
        expectSameBits(z, z2, `subtractMany n=${n} count=${count}`);
        const k = 1 + rng.int(5);
        const C = ws.f64(k * Math.max(count, 1)).view();
        for (let t = 0; t < C.length; t++) C[t] = rng.normal();
        const out = ws.f64(k * n).view();
        const out2 = new Float64Array(k * n);
        ws.kern.combine(B, count, n, C, k, out);
        ts.combine(B2, count, n, Float64Array.from(C), k, out2);
        expectSameBits(out, out2, `combine n=${n} a=${count} k=${k}`);
      }
    }
  });

  it("importing the kernel modules for side effects leaves no code (nothing runs at import time)", async () => {
    const root = new URL("../../", import.meta.url).pathname;
    const out = await build({
      stdin: {
        contents: ["wasmKernels", "workspace", "kernels", "operator", "krylovCheck"]
          .map((f) => `import "./src/eigensolver/${f}.ts";`)
          .join("\n"),
        resolveDir: root,
        loader: "ts",
      },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      logLevel: "silent",
      ignoreAnnotations: true,
    });
    expect(out.outputFiles[0].text.trim()).toBe("");
  });

  it("arrays outside the WebAssembly memory fall back to TypeScript with the same bits", () => {
    const ws = simdWorkspace(1 << 16);
    const rng = createRng(3);
    const n = 37;
    const z = ws.f64(n).view();
    const B = Float64Array.from({ length: 3 * n }, () => rng.normal());
    for (let t = 0; t < n; t++) z[t] = rng.normal();
    const c = new Float64Array(3);
    const c2 = new Float64Array(3);
    ws.kern.dotMany(z, B, 3, n, c);
    ts.dotMany(Float64Array.from(z), B, 3, n, c2);
    expectSameBits(c, c2, "dotMany (mixed memory)");
  });
});

describe("sparse products", () => {
  it("CSR and symmetric upper-triangle products equal src/sparse spmv bit for bit, and the dense product on integers", () => {
    for (const [n, perRow, seed] of [
      [1, 1, 1],
      [2, 1, 2],
      [3, 2, 3],
      [7, 3, 4],
      [60, 4, 5],
      [301, 6, 6],
    ] as const) {
      for (const integer of [false, true]) {
        const A = randomSymmetric(n, perRow, seed, integer);
        expect(symmetryOf(A, 0)).toBe(2);
        const rng = createRng(seed + 100);
        const x = Float64Array.from({ length: n }, () => (integer ? rng.int(7) - 3 : rng.normal()));
        const want = spmv(A, x);
        const { uptr, uidx, udata } = upper(A);
        const ws = simdWorkspace(16 * (A.data.length + 4 * n) + 4096);
        const put = <T extends Float64Array | Int32Array>(src: T, make: (len: number) => T): T => {
          const v = make(src.length);
          v.set(src);
          return v;
        };
        const f = (len: number) => ws.f64(len).view();
        const i = (len: number) => ws.i32(len).view();
        const xw = put(x, f);
        const variants: [string, (y: Float64Array) => void][] = [
          ["ts csr", (y) => spmvCsr(A.indptr, A.indices, A.data, n, x, y)],
          ["ts sym", (y) => spmvSymUpper(uptr, uidx, udata, n, x, y)],
          [
            "wasm csr",
            (y) => ws.kern.spmv(put(A.indptr, i), put(A.indices, i), put(A.data, f), n, xw, y),
          ],
          ["wasm sym", (y) => ws.kern.spmvSym(put(uptr, i), put(uidx, i), put(udata, f), n, xw, y)],
        ];
        for (const [name, run] of variants) {
          const y = name.startsWith("wasm") ? f(n) : new Float64Array(n);
          y.fill(Number.NaN);
          run(y);
          expectSameBits(y, want, `${name} n=${n}`);
          if (integer) {
            for (let r = 0; r < n; r++) {
              let s = 0;
              for (let p = A.indptr[r]; p < A.indptr[r + 1]; p++) s += A.data[p] * x[A.indices[p]];
              expect(y[r]).toBe(s);
            }
          }
        }
      }
    }
  });

  it("symmetryOf agrees with isSymmetric (transpose-based) and with an exact dense comparison", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.nat(8), fc.nat(8), fc.integer({ min: -3, max: 3 }), fc.boolean()), {
          maxLength: 30,
        }),
        fc.constantFrom(0, 1e-10, 0.5),
        (n, entries, tol) => {
          const I: number[] = [];
          const J: number[] = [];
          const V: number[] = [];
          for (const [a, b, v, mirror] of entries) {
            const i = a % n;
            const j = b % n;
            I.push(i);
            J.push(j);
            V.push(v / 4);
            if (mirror && i !== j) {
              I.push(j);
              J.push(i);
              V.push(v / 4 + (v === 3 ? 1e-12 : 0));
            }
          }
          const A = csrFromTriplets(n, n, I, J, V);
          const dense = new Float64Array(n * n);
          const present = new Uint8Array(n * n);
          for (let r = 0; r < n; r++) {
            for (let p = A.indptr[r]; p < A.indptr[r + 1]; p++) {
              dense[r * n + A.indices[p]] = A.data[p];
              present[r * n + A.indices[p]] = 1;
            }
          }
          let exact = true;
          for (let r = 0; r < n; r++) {
            for (let c = 0; c < n; c++) {
              if (present[r * n + c] !== present[c * n + r]) exact = false;
              if (dense[r * n + c] !== dense[c * n + r]) exact = false;
            }
          }
          const s = symmetryOf(A, tol);
          expect(s > 0).toBe(isSymmetric(A, tol));
          if (s > 0) expect(s === 2).toBe(exact);
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
  });
});

describe("workspace", () => {
  it("grows on demand: earlier regions keep their contents and are viewed afresh", () => {
    const ws = simdWorkspace(64);
    const a = ws.f64(10);
    a.view().set(Array.from({ length: 10 }, (_, i) => i + 0.5));
    const before = ws.generation;
    const big = ws.f64(300_000); // beyond the first page: the memory grows
    expect(ws.generation).toBeGreaterThan(before);
    expect(Array.from(a.view())).toEqual(Array.from({ length: 10 }, (_, i) => i + 0.5));
    expect(big.view().length).toBe(300_000);
    expect(big.view()[299_999]).toBe(0);
  });
});

/** Path-graph Laplacian P_N: eigenvalues 2 − 2cos(πj/N), eigenvectors cos(πj(i + ½)/N). */
function pathLaplacian(N: number): SparseMatrix {
  const I: number[] = [];
  const J: number[] = [];
  const V: number[] = [];
  for (let i = 0; i + 1 < N; i++) {
    I.push(i, i + 1, i, i + 1);
    J.push(i + 1, i, i, i + 1);
    V.push(-1, -1, 1, 1);
  }
  return csrFromTriplets(N, N, I, J, V);
}
function pathVector(N: number, j: number): Float64Array {
  const v = Float64Array.from({ length: N }, (_, i) => Math.cos((Math.PI * j * (i + 0.5)) / N));
  const s = Math.hypot(...v);
  return v.map((x) => x / s);
}
const pathEig = (N: number, j: number) => 2 - 2 * Math.cos((Math.PI * j) / N);

function expectThrowsCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifoldError);
    expect((e as ManifoldError).code).toBe(code);
    return;
  }
  throw new Error(`expected ManifoldError ${code}`);
}

describe("lanczosEigs with deflate and with either kernel set", () => {
  const N = 400;
  const L = pathLaplacian(N);

  it("deflating known eigenvectors returns the next ones, orthogonal to them (CSR, operator, dense)", () => {
    const op: LinearOperator = { n: N, apply: (x, y) => spmv(L, x, y) };
    // Largest end: deflate the top two; smallest end: deflate the null vector (λ = 0), which
    // P A P also maps to 0 — it must not come back.
    const cases = [
      { which: "largest" as const, W: [N - 1, N - 2], want: [N - 3, N - 4, N - 5, N - 6, N - 7] },
      { which: "smallest" as const, W: [0], want: [1, 2, 3, 4, 5] },
    ];
    for (const { which, W, want } of cases) {
      const deflate = W.map((j) => pathVector(N, j));
      for (const [A, method] of [
        [L, "lanczos"],
        [op, "lanczos"],
        [L, "dense"],
      ] as const) {
        const r = lanczosEigs(A, want.length, { which, deflate, method });
        for (let c = 0; c < want.length; c++) {
          expect(Math.abs(r.values[c] - pathEig(N, want[c]))).toBeLessThan(1e-10);
          const v = Float64Array.from({ length: N }, (_, i) => r.vectors[i * want.length + c]);
          for (const w of deflate) {
            let d = 0;
            for (let i = 0; i < N; i++) d += w[i] * v[i];
            expect(Math.abs(d)).toBeLessThan(1e-10);
          }
          // W is invariant under L, so these are eigenvectors of L itself.
          const Lv = spmv(L, v);
          let rr = 0;
          for (let i = 0; i < N; i++) rr += (Lv[i] - r.values[c] * v[i]) ** 2;
          expect(Math.sqrt(rr)).toBeLessThan(1e-9);
        }
      }
    }
  });

  it("WebAssembly and TypeScript kernels give bit-identical solves (symmetric CSR, nearly symmetric CSR, memory growth, deflated operator)", () => {
    const grid = (() => {
      const I: number[] = [];
      const J: number[] = [];
      const V: number[] = [];
      const nx = 23;
      const ny = 17;
      const id = (x: number, y: number) => x * ny + y;
      for (let x = 0; x < nx; x++) {
        for (let y = 0; y < ny; y++) {
          if (x + 1 < nx) {
            I.push(id(x, y), id(x + 1, y));
            J.push(id(x + 1, y), id(x, y));
            V.push(-1.1, -1.1);
          }
          if (y + 1 < ny) {
            I.push(id(x, y), id(x, y + 1));
            J.push(id(x, y + 1), id(x, y));
            V.push(-0.9, -0.9);
          }
          I.push(id(x, y));
          J.push(id(x, y));
          V.push(4 + 0.01 * ((x * 7 + y * 3) % 5));
        }
      }
      return csrFromTriplets(nx * ny, nx * ny, I, J, V);
    })();
    expect(symmetryOf(grid, 0)).toBe(2);
    // A copy with one mirrored pair off by 1e-13: symmetric to the tolerance, not exactly,
    // so the full-CSR product is used.
    const near = { ...grid, data: Float64Array.from(grid.data) };
    near.data[1] += 1e-13;
    expect(symmetryOf(near, 1e-10)).toBe(1);
    const v0 = pathVector(grid.rows, 0); // the constant vector (not an eigenvector here)
    const cycle = (() => {
      const n = 300;
      const I: number[] = [];
      const J: number[] = [];
      const V: number[] = [];
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        I.push(i, j, i, j);
        J.push(j, i, i, j);
        V.push(-1, -1, 1, 1);
      }
      return csrFromTriplets(n, n, I, J, V);
    })();
    const gridOp: LinearOperator = { n: grid.rows, apply: (x, y) => spmv(grid, x, y) };
    const runs: [
      string,
      () => ReturnType<typeof lanczosEigs>,
      () => ReturnType<typeof lanczosEigs>,
    ][] = [
      [
        "symmetric CSR",
        () => lanczosEigs(grid, 9, { which: "smallest", wasm: true }),
        () => lanczosEigs(grid, 9, { which: "smallest", wasm: false }),
      ],
      [
        "nearly symmetric CSR",
        () => lanczosEigs(near, 6, { wasm: true, seed: 4 }),
        () => lanczosEigs(near, 6, { wasm: false, seed: 4 }),
      ],
      [
        // Cycle C_300: five doubled eigenvalues; the checks lock more vectors than the
        // first reserve holds, so the WebAssembly memory grows during the solve.
        "repeated eigenvalues (locked block grows)",
        () => lanczosEigs(cycle, 11, { which: "smallest", wasm: true }),
        () => lanczosEigs(cycle, 11, { which: "smallest", wasm: false }),
      ],
      [
        "deflated operator",
        () => lanczosEigs(gridOp, 7, { deflate: [v0], wasm: true }),
        () => lanczosEigs(gridOp, 7, { deflate: [v0], wasm: false }),
      ],
    ];
    for (const [name, a, b] of runs) {
      const x = a();
      const y = b();
      if (name.startsWith("repeated")) {
        for (let k = 1; k <= 5; k++) {
          const want = 2 - 2 * Math.cos((2 * Math.PI * k) / 300);
          expect(Math.abs(x.values[2 * k - 1] - want)).toBeLessThan(1e-10);
          expect(Math.abs(x.values[2 * k] - want)).toBeLessThan(1e-10);
        }
      }
      expect(x.restarts, name).toBeGreaterThan(0);
      expectSameBits(x.values, y.values, `${name} values`);
      expectSameBits(x.vectors, y.vectors, `${name} vectors`);
      expectSameBits(x.residuals, y.residuals, `${name} residuals`);
      expect(x.matvecs, name).toBe(y.matvecs);
    }
  });

  it("rejects bad deflation vectors", () => {
    const w = pathVector(N, 1);
    expectThrowsCode(
      () => lanczosEigs(L, 3, { deflate: [w.map((x) => 2 * x)] }),
      "NOT_ORTHONORMAL",
    );
    expectThrowsCode(() => lanczosEigs(L, 3, { deflate: [w, w] }), "NOT_ORTHONORMAL");
    expectThrowsCode(() => lanczosEigs(L, 3, { deflate: [w.subarray(1)] }), "INVALID_PARAMETER");
    const bad = Float64Array.from(w);
    bad[5] = Number.NaN;
    expectThrowsCode(() => lanczosEigs(L, 3, { deflate: [bad] }), "NON_FINITE");
    expectThrowsCode(
      () => lanczosEigs(L, 3, { deflate: "x" as unknown as Float64Array[] }),
      "INVALID_PARAMETER",
    );
    const small = pathLaplacian(6);
    const basis = [0, 1, 2, 3, 4].map((j) => pathVector(6, j));
    // Five of six directions deflated: nothing left to solve in.
    expectThrowsCode(() => lanczosEigs(small, 1, { deflate: basis }), "INVALID_PARAMETER");
    // Four deflated leave a 2-dimensional space: nev must be 1.
    expectThrowsCode(
      () => lanczosEigs(small, 2, { deflate: basis.slice(0, 4) }),
      "INVALID_PARAMETER",
    );
    const one = lanczosEigs(small, 1, { deflate: basis.slice(0, 4) });
    expect(Math.abs(one.values[0] - pathEig(6, 5))).toBeLessThan(1e-12);
  });
});
