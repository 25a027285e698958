/**
 * A WebAssembly SIMD (f64x2) micro-kernel for the blocked matrix product
 * (internal). The module is assembled here, instruction by instruction, with
 * the shared assembler of `src/wasm`, at first use; when WebAssembly or its
 * SIMD extension is unavailable, {@link gemmWasmKernel} returns null and the
 * pure TypeScript kernel is used. Nothing is computed at import time.
 *
 * Kernel `k(aOff, bOff, cOff, kc, panels)` (byte offsets into the module's
 * memory): for each panel jp < panels, the 4×4 tile
 *   T[r][c] = Σ_{p<kc} Ap[p·4 + r] · Bp[jp·kc·4 + p·4 + c]
 * is written row-major to cOff + jp·128. Ap and Bp are packed as in the
 * TypeScript kernel. Two f64x2 accumulators per row hold the tile.
 *
 * @module
 * @internal
 */
import {
  assembleModule,
  block,
  br,
  brIf,
  compileOnce,
  END,
  emit,
  F64X2_ADD,
  F64X2_MUL,
  I32_ADD,
  I32_GE_S,
  I32_MUL,
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
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
  ValType,
  v128Const,
} from "../wasm/assembler.js";

/** Depth of a packed block (rows of Bp, columns of the A sliver). */
export const WASM_KC = 256;
/** Width of a packed B block (a multiple of 4). */
export const WASM_NC = 512;

/**
 * Byte layout of the kernel's memory: the A sliver (4·KC doubles) at `aOff`,
 * the output tiles (16 doubles per panel) at `cOff`, the B block (KC·NC
 * doubles) at `bOff`, `bytes` in all (≈ 1 MiB).
 */
function layout(): { aOff: number; cOff: number; bOff: number; bytes: number } {
  const aOff = 0;
  const cOff = aOff + WASM_KC * 4 * 8;
  const bOff = cOff + (WASM_NC / 4) * 16 * 8;
  return { aOff, cOff, bOff, bytes: bOff + WASM_KC * WASM_NC * 8 };
}

/** The instantiated kernel and typed views on its memory. */
export interface GemmWasmKernel {
  /** Run the micro-kernel over `panels` panels of depth `kc`. */
  run(kc: number, panels: number): void;
  /** Packed A sliver (4·kc doubles). */
  ap: Float64Array;
  /** Packed B block (kc·4·panels doubles). */
  bp: Float64Array;
  /** Output tiles, 16 doubles per panel. */
  tiles: Float64Array;
}

type KernelFn = (a: number, b: number, c: number, kc: number, panels: number) => void;

let cached: GemmWasmKernel | null | undefined;

/**
 * The SIMD kernel, compiled and instantiated once (≈ 1 MiB of wasm memory);
 * null where WebAssembly SIMD is unavailable. Never throws.
 */
export function gemmWasmKernel(): GemmWasmKernel | null {
  if (cached !== undefined) return cached;
  cached = null;
  const mod = compileOnce(gemmModuleBytes);
  const instance = mod === null ? null : instantiate(mod);
  if (instance === null) return null;
  const k = instance.exports.k as KernelFn;
  const mem = instance.exports.m as WebAssembly.Memory;
  const { aOff, bOff, cOff } = layout();
  cached = {
    run: (kc, panels) => k(aOff, bOff, cOff, kc, panels),
    ap: new Float64Array(mem.buffer, aOff, WASM_KC * 4),
    bp: new Float64Array(mem.buffer, bOff, WASM_KC * WASM_NC),
    tiles: new Float64Array(mem.buffer, cOff, (WASM_NC / 4) * 16),
  };
  return cached;
}

/** The kernel module's bytes: one function `k`, one exported memory `m`. */
function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  // Params: 0 aOff, 1 bOff, 2 cOff, 3 kc, 4 panels. Locals: 5 jp, 6 a, 7 b, 8 p,
  // 9..16 accumulators (row r: 9 + 2r columns 0–1, 10 + 2r columns 2–3), 17 b01, 18 b23, 19 splat.
  const [AOFF, BOFF, COFF, KC, PANELS, JP, A, B, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const acc = (r: number, half: number) => 9 + 2 * r + half;
  const [B01, B23, AV] = [17, 18, 19];
  const c: number[] = [];
  emit(c, i32Const(0), localSet(JP), block(), loop());
  emit(c, localGet(JP), localGet(PANELS), I32_GE_S, brIf(1));
  const zero = v128Const(new Array(16).fill(0));
  for (let t = 0; t < 8; t++) emit(c, zero, localSet(9 + t));
  emit(c, localGet(AOFF), localSet(A));
  // b = bOff + jp·kc·32
  emit(c, localGet(BOFF), localGet(JP), localGet(KC), I32_MUL, i32Const(32), I32_MUL, I32_ADD);
  emit(c, localSet(B), localGet(KC), localSet(P), loop());
  emit(c, localGet(B), simdMem(V128_LOAD, 0), localSet(B01));
  emit(c, localGet(B), simdMem(V128_LOAD, 16), localSet(B23));
  const mul = simd(F64X2_MUL);
  const add = simd(F64X2_ADD);
  for (let r = 0; r < 4; r++) {
    emit(c, localGet(A), simdMem(V128_LOAD64_SPLAT, 8 * r), localSet(AV));
    emit(c, localGet(acc(r, 0)), localGet(AV), localGet(B01), mul, add, localSet(acc(r, 0)));
    emit(c, localGet(acc(r, 1)), localGet(AV), localGet(B23), mul, add, localSet(acc(r, 1)));
  }
  emit(c, localGet(A), i32Const(32), I32_ADD, localSet(A));
  emit(c, localGet(B), i32Const(32), I32_ADD, localSet(B));
  // p ← p − 1; loop while p ≠ 0
  emit(c, localGet(P), i32Const(1), I32_SUB, localTee(P), brIf(0), END);
  // Store the tile at cOff + jp·128 (reuse local b as the address).
  emit(c, localGet(COFF), localGet(JP), i32Const(128), I32_MUL, I32_ADD, localSet(B));
  for (let r = 0; r < 4; r++) {
    emit(c, localGet(B), localGet(acc(r, 0)), simdMem(V128_STORE, 32 * r));
    emit(c, localGet(B), localGet(acc(r, 1)), simdMem(V128_STORE, 32 * r + 16));
  }
  emit(c, localGet(JP), i32Const(1), I32_ADD, localSet(JP), br(0), END, END);
  const i32 = ValType.i32;
  return assembleModule({
    funcs: [
      {
        params: [i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [4, i32],
          [11, ValType.v128],
        ],
        code: c,
        export: "k",
      },
    ],
    memory: { min: pagesFor(layout().bytes), export: "m" },
  });
}
