/**
 * Optional WebAssembly SIMD (f64x2) version of the 4×4 dot-product tile
 * kernel of the brute-force search. It computes bit-for-bit the same sums as
 * the JavaScript kernel (the same left-to-right order over coordinates,
 * separate multiply and add, no fused multiply-add), two columns per
 * instruction. The module (≈ 530 bytes) is assembled from its opcodes with
 * the shared assembler of `src/wasm` and compiled on first use (nothing is
 * computed at import time), then instantiated per call with its own small
 * memory (one tile of each operand, copied in as needed), so no data
 * outlives a call. Where WebAssembly SIMD is unavailable the
 * caller falls back to the JavaScript kernel.
 *
 * @module
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
  F64X2_SPLAT,
  f64Const,
  I32_ADD,
  I32_GE_U,
  I32_LT_U,
  I32_MUL,
  i32Const,
  instantiate,
  localGet,
  localSet,
  loop,
  pagesFor,
  simd,
  simdMem,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
  ValType,
} from "../wasm/assembler.js";

// parameters: 0 a (byte offset of A's first group), 1 nga, 2 b, 3 ngb, 4 D, 5 g (byte offset of G), 6 ld (bytes)
const P_A = 0;
const P_NGA = 1;
const P_B = 2;
const P_NGB = 3;
const P_D = 4;
const P_G = 5;
const P_LD = 6;
// i32 locals
const L_IA = 7;
const L_IB = 8;
const L_PA = 9;
const L_PB = 10;
const L_END = 11;
const L_GO = 12;
const L_STRIDE = 13;
// v128 locals: accumulators 14..21 (row r, columns 0-1 → 14+2r, columns 2-3 → 15+2r), then b01, b23, a
const L_ACC = 14;
const L_B01 = 22;
const L_B23 = 23;
const L_AV = 24;

/** The tile kernel's instructions (see the module comment). */
function kernelCode(): number[] {
  const c: number[] = [];
  const get = localGet;
  const set = localSet;
  // stride = D * 32
  emit(c, get(P_D), i32Const(32), I32_MUL, set(L_STRIDE));
  // for (ia = 0; ia < nga; ia++)
  emit(c, i32Const(0), set(L_IA), block(), loop());
  emit(c, get(L_IA), get(P_NGA), I32_GE_U, brIf(1));
  // for (ib = 0; ib < ngb; ib++)
  emit(c, i32Const(0), set(L_IB), block(), loop());
  emit(c, get(L_IB), get(P_NGB), I32_GE_U, brIf(1));
  // pa = a + ia*stride; end = pa + stride; pb = b + ib*stride
  emit(c, get(P_A), get(L_IA), get(L_STRIDE), I32_MUL, I32_ADD, set(L_PA));
  emit(c, get(L_PA), get(L_STRIDE), I32_ADD, set(L_END));
  emit(c, get(P_B), get(L_IB), get(L_STRIDE), I32_MUL, I32_ADD, set(L_PB));
  // zero accumulators
  for (let r = 0; r < 8; r++) emit(c, f64Const(0), simd(F64X2_SPLAT), set(L_ACC + r));
  // do { acc += a ⊗ b; pa += 32; pb += 32 } while (pa < end)
  emit(c, loop());
  emit(c, get(L_PB), simdMem(V128_LOAD, 0), set(L_B01));
  emit(c, get(L_PB), simdMem(V128_LOAD, 16), set(L_B23));
  const mul = simd(F64X2_MUL);
  const add = simd(F64X2_ADD);
  for (let r = 0; r < 4; r++) {
    emit(c, get(L_PA), simdMem(V128_LOAD64_SPLAT, 8 * r), set(L_AV));
    for (let h = 0; h < 2; h++) {
      const acc = L_ACC + 2 * r + h;
      emit(c, get(acc), get(L_AV), get(h === 0 ? L_B01 : L_B23), mul, add, set(acc));
    }
  }
  emit(c, get(L_PA), i32Const(32), I32_ADD, set(L_PA));
  emit(c, get(L_PB), i32Const(32), I32_ADD, set(L_PB));
  emit(c, get(L_PA), get(L_END), I32_LT_U, brIf(0), END);
  // go = g + ia*4*ld + ib*32
  emit(c, get(P_G), get(L_IA), get(P_LD), I32_MUL, i32Const(4), I32_MUL, I32_ADD);
  emit(c, get(L_IB), i32Const(32), I32_MUL, I32_ADD, set(L_GO));
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++)
      emit(c, get(L_GO), get(L_ACC + 2 * r + h), simdMem(V128_STORE, 16 * h));
    if (r < 3) emit(c, get(L_GO), get(P_LD), I32_ADD, set(L_GO));
  }
  // ib++
  emit(c, get(L_IB), i32Const(1), I32_ADD, set(L_IB), br(0), END, END);
  // ia++
  emit(c, get(L_IA), i32Const(1), I32_ADD, set(L_IA), br(0), END, END);
  return c;
}

/** The kernel module's bytes: function `t` over the imported memory `e.m`. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const i32 = ValType.i32;
  return assembleModule({
    funcs: [
      {
        params: [i32, i32, i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [7, i32],
          [11, ValType.v128],
        ],
        code: kernelCode(),
        export: "t",
      },
    ],
    importMemory: { module: "e", name: "m", min: 1 },
  });
}

/** Signature of the exported tile function (byte offsets). */
type TileFn = (
  a: number,
  nga: number,
  b: number,
  ngb: number,
  D: number,
  g: number,
  ld: number,
) => void;

/** A tile kernel bound to two packed operands (see brute.ts `packCentred`). */
export interface TileKernel {
  /** The output tile: `G[(4·a + r)·ld + 4·b + c]` after {@link TileKernel.run}. */
  readonly G: Float64Array;
  /** Dot products of A's groups [ga0, ga0+nga) with B's groups [gb0, gb0+ngb). */
  run(ga0: number, nga: number, gb0: number, ngb: number): void;
}

/**
 * A WebAssembly tile kernel over A and B (packed as in brute.ts
 * `packCentred`) with an output tile of `tileLen` doubles and row stride `ld`:
 * tiles of at most `tileLen / ld` rows of A by `ld` rows of B. Null when
 * WebAssembly SIMD is unavailable.
 *
 * The instance's memory holds only one tile of each operand and the output
 * (`(tileLen / ld + ld)·D + tileLen` doubles): `run` copies the groups it
 * needs into it when they differ from the resident ones, so the operands are
 * never copied whole (a fresh multi-megabyte buffer costs far more in page
 * faults than the streaming copy of a tile that the kernel reads anyway).
 * Cost per `run`: 32·nga·ngb·D flops plus at most (nga + ngb)·4·D doubles copied.
 */
export function wasmTileKernel(
  A: Float64Array,
  B: Float64Array,
  D: number,
  tileLen: number,
  ld: number,
): TileKernel | null {
  const mod = compileOnce(moduleBytes);
  if (mod === null) return null;
  const rowsA = Math.floor(tileLen / ld);
  const aLen = rowsA * D;
  const bLen = ld * D;
  const aOff = 0;
  const bOff = aLen * 8;
  const gOff = bOff + bLen * 8;
  const bytes = gOff + tileLen * 8;
  if (bytes > 2 ** 30) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pagesFor(bytes) });
  } catch {
    return null;
  }
  const inst = instantiate(mod, { e: { m: memory } });
  if (inst === null) return null;
  const fn = inst.exports.t as TileFn;
  const aTile = new Float64Array(memory.buffer, aOff, aLen);
  const bTile = new Float64Array(memory.buffer, bOff, bLen);
  const G = new Float64Array(memory.buffer, gOff, tileLen);
  const group = 4 * D;
  const ldBytes = 8 * ld;
  // Resident groups of each operand (start, count); -1: none.
  let resA0 = -1;
  let resAn = 0;
  let resB0 = -1;
  let resBn = 0;
  return {
    G,
    run(ga0, nga, gb0, ngb) {
      if (ga0 !== resA0 || nga !== resAn) {
        aTile.set(A.subarray(ga0 * group, (ga0 + nga) * group));
        resA0 = ga0;
        resAn = nga;
      }
      if (gb0 !== resB0 || ngb !== resBn) {
        bTile.set(B.subarray(gb0 * group, (gb0 + ngb) * group));
        resB0 = gb0;
        resBn = ngb;
      }
      fn(aOff, nga, bOff, ngb, D, gOff, ldBytes);
    },
  };
}
