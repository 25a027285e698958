import { build } from "esbuild";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManifoldError } from "../../src/errors/index.js";
import { gemmWasmKernel, WASM_KC, WASM_NC } from "../../src/linalg/gemmKernelWasm.js";
import { wasmTileKernel } from "../../src/neighbors/wasm.js";
import {
  assembleModule,
  block,
  brIf,
  compileOnce,
  END,
  emit,
  F64X2_ADD,
  F64X2_MUL,
  f64Bytes,
  f64Const,
  I32_ADD,
  I32_EQZ,
  I32_SUB,
  i32Const,
  instantiate,
  localGet,
  localSet,
  localTee,
  loop,
  pagesFor,
  simd,
  simdMem,
  sleb,
  uleb,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
  ValType,
  v128Const,
} from "../../src/wasm/assembler.js";

const { i32, f64 } = ValType;

/** Value of an unsigned LEB128 sequence by its definition Σ (b_i & 0x7F)·128^i. */
function decodeU(bytes: number[]): number {
  return bytes.reduce((sum, b, i) => sum + (b & 0x7f) * 128 ** i, 0);
}

/** Value of a signed LEB128 sequence: the unsigned value minus 128^len when the last sign bit is set. */
function decodeS(bytes: number[]): number {
  const last = bytes[bytes.length - 1];
  return decodeU(bytes) - ((last & 0x40) !== 0 ? 128 ** bytes.length : 0);
}

/** Continuation bits: set on every byte but the last. */
function expectWellFramed(bytes: number[]) {
  bytes.forEach((b, i) => {
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(256);
    expect((b & 0x80) !== 0).toBe(i < bytes.length - 1);
  });
}

/** The ManifoldError code `f` throws, or "none". */
function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof ManifoldError ? e.code : "not a ManifoldError";
  }
  return "none";
}

/** Compile and instantiate a one-function module exporting `f`. */
function instanceOf(bytes: Uint8Array<ArrayBuffer>, imports: WebAssembly.Imports = {}) {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
}

describe("LEB128", () => {
  it("matches the known byte sequences", () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it("uleb decodes back to n by definition and uses the minimal length ⌈bits/7⌉", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        const bytes = uleb(n);
        expectWellFramed(bytes);
        expect(decodeU(bytes)).toBe(n);
        const bits = n === 0 ? 1 : Math.floor(Math.log2(n)) + 1;
        expect(bytes.length).toBe(Math.ceil(bits / 7));
      }),
      { seed: 1101, numRuns: 400 },
    );
  });

  it("sleb decodes back to n (two's complement) with the minimal length", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        const bytes = sleb(n);
        expectWellFramed(bytes);
        expect(decodeS(bytes)).toBe(n);
        // Minimal: L bytes hold exactly [−64·128^(L−1), 64·128^(L−1)).
        const L = bytes.length;
        expect(n).toBeGreaterThanOrEqual(-64 * 128 ** (L - 1));
        expect(n).toBeLessThan(64 * 128 ** (L - 1));
        if (L > 1) expect(n < -64 * 128 ** (L - 2) || n >= 64 * 128 ** (L - 2)).toBe(true);
      }),
      { seed: 1102, numRuns: 400 },
    );
  });

  it("rejects values outside u32 / i32 with INVALID_PARAMETER", () => {
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN])
      expect(errorCode(() => uleb(bad))).toBe("INVALID_PARAMETER");
    for (const bad of [2 ** 31, -(2 ** 31) - 1, 0.5])
      expect(errorCode(() => sleb(bad))).toBe("INVALID_PARAMETER");
  });
});

describe("f64 immediates", () => {
  it("are the IEEE 754 bits, little-endian", () => {
    // 1.5 = 0x3FF8000000000000, −2 = 0xC000000000000000.
    expect(f64Bytes(1.5)).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(f64Bytes(-2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0xc0]);
    expect(f64Bytes(0)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("assembled modules", () => {
  it("i32.add of two parameters wraps modulo 2^32", () => {
    const code: number[] = [];
    emit(code, localGet(0), localGet(1), I32_ADD);
    const bytes = assembleModule({
      funcs: [{ params: [i32, i32], results: [i32], locals: [], code, export: "add" }],
    });
    const add = instanceOf(bytes).exports.add as (a: number, b: number) => number;
    expect(add(2, 3)).toBe(5);
    expect(add(-7, 4)).toBe(-3);
    expect(add(2 ** 31 - 1, 1)).toBe(-(2 ** 31));
  });

  it("i32.const round-trips every i32 through the engine's own decoder", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) => {
        const code = i32Const(v);
        const bytes = assembleModule({
          funcs: [{ params: [], results: [i32], locals: [], code, export: "c" }],
        });
        expect((instanceOf(bytes).exports.c as () => number)()).toBe(v);
      }),
      { seed: 1103, numRuns: 40 },
    );
  });

  it("f64.const returns its value exactly (π, −0, 2^−1074)", () => {
    for (const v of [Math.PI, -0, 2 ** -1074, -1e308]) {
      const code = f64Const(v);
      const bytes = assembleModule({
        funcs: [{ params: [], results: [f64], locals: [], code, export: "c" }],
      });
      expect(Object.is((instanceOf(bytes).exports.c as () => number)(), v)).toBe(true);
    }
  });

  it("block/loop/br_if and locals: Σ_{i=1..n} i = n(n+1)/2", () => {
    // params: 0 n; locals: 1 s. loop { s += n; n -= 1; br_if n ≠ 0 }.
    const code: number[] = [];
    emit(code, block(), localGet(0), I32_EQZ, brIf(0), loop());
    emit(code, localGet(1), localGet(0), I32_ADD, localSet(1));
    emit(code, localGet(0), i32Const(1), I32_SUB, localTee(0), brIf(0), END, END);
    emit(code, localGet(1));
    const bytes = assembleModule({
      funcs: [{ params: [i32], results: [i32], locals: [[1, i32]], code, export: "sum" }],
    });
    const sum = instanceOf(bytes).exports.sum as (n: number) => number;
    for (const n of [0, 1, 2, 10, 1000]) expect(sum(n)).toBe((n * (n + 1)) / 2);
  });

  it("f64x2 add and mul over an exported memory give the lane-wise IEEE results", () => {
    // mem[32..48) = mem[0..16) + mem[16..32); mem[48..64) = mem[0..16) · splat(mem[16]).
    const code: number[] = [];
    const zero = i32Const(0);
    emit(code, zero, zero, simdMem(V128_LOAD, 0), zero, simdMem(V128_LOAD, 16));
    emit(code, simd(F64X2_ADD), simdMem(V128_STORE, 32));
    emit(code, zero, zero, simdMem(V128_LOAD, 0), zero, simdMem(V128_LOAD64_SPLAT, 16));
    emit(code, simd(F64X2_MUL), simdMem(V128_STORE, 48));
    const mod = compileOnce(() =>
      assembleModule({
        funcs: [{ params: [], results: [], locals: [], code, export: "f" }],
        memory: { min: 1, export: "m" },
      }),
    );
    expect(mod).not.toBeNull();
    const inst = instantiate(mod!)!;
    const mem = new Float64Array((inst.exports.m as WebAssembly.Memory).buffer, 0, 8);
    mem.set([1.5, 2.25, 3, -4]);
    (inst.exports.f as () => void)();
    expect(Array.from(mem.subarray(4, 8))).toEqual([4.5, -1.75, 4.5, 6.75]);
    // Rounding is per lane, as in scalar double arithmetic.
    mem.set([0.1, 1e16, 0.2, 1]);
    (inst.exports.f as () => void)();
    expect(Array.from(mem.subarray(4, 6))).toEqual([0.1 + 0.2, 1e16 + 1]);
  });

  it("imports a memory and zeroes v128 locals with v128.const", () => {
    const code: number[] = [];
    emit(code, v128Const(new Array(16).fill(0)), localSet(0));
    emit(code, i32Const(16), localGet(0), simdMem(V128_STORE, 0));
    const bytes = assembleModule({
      funcs: [{ params: [], results: [], locals: [[1, ValType.v128]], code, export: "z" }],
      importMemory: { module: "env", name: "mem", min: 1 },
    });
    const memory = new WebAssembly.Memory({ initial: 1 });
    const view = new Float64Array(memory.buffer, 0, 4).fill(7);
    (instanceOf(bytes, { env: { mem: memory } }).exports.z as () => void)();
    expect(Array.from(view)).toEqual([7, 7, 0, 0]);
  });

  it("encodes memory limits: min pages allocated, growth stops at max", () => {
    const bytes = assembleModule({ funcs: [], memory: { min: 2, max: 3, export: "m" } });
    const mem = instanceOf(bytes).exports.m as WebAssembly.Memory;
    expect(mem.buffer.byteLength).toBe(2 * 65536);
    expect(mem.grow(1)).toBe(2);
    expect(() => mem.grow(1)).toThrow(RangeError);
  });

  it("rejects a module with both a defined and an imported memory, and a short v128.const", () => {
    expect(() =>
      assembleModule({
        funcs: [],
        memory: { min: 1 },
        importMemory: { module: "e", name: "m", min: 1 },
      }),
    ).toThrow(ManifoldError);
    expect(errorCode(() => v128Const([0, 0]))).toBe("INVALID_PARAMETER");
  });

  it("pagesFor is ⌈bytes / 65536⌉", () => {
    expect(pagesFor(0)).toBe(0);
    expect(pagesFor(1)).toBe(1);
    expect(pagesFor(65536)).toBe(1);
    expect(pagesFor(65537)).toBe(2);
  });
});

describe("compileOnce / instantiate", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("builds and compiles once per builder, then returns the cached module", () => {
    let calls = 0;
    const builder = () => {
      calls++;
      return assembleModule({ funcs: [] });
    };
    const a = compileOnce(builder);
    const b = compileOnce(builder);
    expect(a).toBeInstanceOf(WebAssembly.Module);
    expect(b).toBe(a);
    expect(calls).toBe(1);
  });

  it("returns null for invalid bytes, a throwing builder, or no WebAssembly", () => {
    expect(compileOnce(() => new Uint8Array([0, 1, 2, 3]))).toBeNull();
    expect(
      compileOnce(() => {
        throw new Error("boom");
      }),
    ).toBeNull();
    vi.stubGlobal("WebAssembly", undefined);
    expect(compileOnce(() => new Uint8Array(8))).toBeNull();
  });

  it("instantiate returns null when a required import is missing", () => {
    const mod = compileOnce(() =>
      assembleModule({ funcs: [], importMemory: { module: "e", name: "m", min: 1 } }),
    );
    expect(mod).not.toBeNull();
    expect(instantiate(mod!)).toBeNull();
    expect(instantiate(mod!, { e: { m: new WebAssembly.Memory({ initial: 1 }) } })).not.toBeNull();
  });
});

describe("the two SIMD kernels built on the assembler", () => {
  it("gemm micro-kernel: tiles equal the naive Σ_p Ap[p·4+r]·Bp[jp·kc·4+p·4+c] (exact integers)", () => {
    const kern = gemmWasmKernel();
    expect(kern).not.toBeNull(); // Node ≥ 20 has WebAssembly SIMD
    const { ap, bp, tiles, run } = kern!;
    expect(ap.length).toBe(WASM_KC * 4);
    expect(bp.length).toBe(WASM_KC * WASM_NC);
    const kc = 37;
    const panels = 5;
    for (let t = 0; t < 4 * kc; t++) ap[t] = ((t * 7) % 11) - 5;
    for (let t = 0; t < kc * 4 * panels; t++) bp[t] = ((t * 5) % 13) - 6;
    run(kc, panels);
    for (let jp = 0; jp < panels; jp++) {
      for (let r = 0; r < 4; r++) {
        for (let c = 0; c < 4; c++) {
          let s = 0;
          for (let p = 0; p < kc; p++) s += ap[p * 4 + r] * bp[jp * kc * 4 + p * 4 + c];
          expect(tiles[jp * 16 + r * 4 + c]).toBe(s);
        }
      }
    }
  });

  it("kNN tile kernel: G[(4a+r)·ld + 4b+c] = Σ_d A[(ga·D+d)·4+r]·B[(gb·D+d)·4+c]", () => {
    const D = 6;
    const groupsA = 3;
    const groupsB = 2;
    const A = Float64Array.from({ length: groupsA * D * 4 }, (_, t) => ((t * 3) % 7) - 3);
    const B = Float64Array.from({ length: groupsB * D * 4 }, (_, t) => ((t * 5) % 9) - 4);
    const ld = 4 * groupsB;
    const kern = wasmTileKernel(A, B, D, 4 * groupsA * ld, ld);
    expect(kern).not.toBeNull();
    kern!.run(1, 2, 0, 2); // A's groups 1–2 against B's groups 0–1
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) {
        for (let r = 0; r < 4; r++) {
          for (let c = 0; c < 4; c++) {
            let s = 0;
            for (let d = 0; d < D; d++) s += A[((1 + a) * D + d) * 4 + r] * B[(b * D + d) * 4 + c];
            expect(kern!.G[(4 * a + r) * ld + 4 * b + c]).toBe(s);
          }
        }
      }
    }
  });
});

describe("tree-shaking and import-time work", () => {
  const root = new URL("../../", import.meta.url).pathname;
  async function bundle(contents: string, ignoreAnnotations = false): Promise<string> {
    const out = await build({
      stdin: { contents, resolveDir: root, loader: "ts" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      logLevel: "silent",
      ignoreAnnotations,
    });
    return out.outputFiles[0].text;
  }

  it("a bundle importing only knn has no matrix-product kernel, and vice versa", async () => {
    const k = await bundle(
      `import { knn } from "./src/index.ts"; console.log(knn([[0], [1], [3]], 2));`,
    );
    const m = await bundle(`import { matmul } from "./src/index.ts"; console.log(matmul);`);
    expect(k).toContain("wasmTileKernel");
    expect(k).not.toMatch(/gemmWasmKernel|gemmModuleBytes|WASM_KC/);
    expect(m).toContain("gemmWasmKernel");
    expect(m).not.toMatch(/wasmTileKernel|kernelCode|L_ACC/);
  });

  it("importing the assembler and both kernels for side effects leaves no code", async () => {
    // ignoreAnnotations drops the package's sideEffects: false, so only
    // esbuild's own purity analysis of each top-level statement remains.
    const out = await bundle(
      `import "./src/wasm/assembler.ts"; import "./src/linalg/gemmKernelWasm.ts"; import "./src/neighbors/wasm.ts";`,
      true,
    );
    expect(out.trim()).toBe("");
  });
});
