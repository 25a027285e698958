/**
 * Optional WebAssembly SIMD (f64x2) version of the 4×4 dot-product tile
 * kernel of the brute-force search. It computes bit-for-bit the same sums as
 * the JavaScript kernel (the same left-to-right order over coordinates,
 * separate multiply and add, no fused multiply-add), two columns per
 * instruction. The module (≈ 530 bytes) is assembled from its opcodes with
 * the shared assembler of `src/wasm` and compiled on first use (nothing is
 * computed at import time), then instantiated per call with its own memory,
 * so no data outlives a call. Where WebAssembly SIMD is unavailable the
 * caller falls back to the JavaScript kernel.
 *
 * @module
 */
import {
  assembleModule,
  codeWriter,
  compileOnce,
  instantiate,
  Op,
  pagesFor,
  SimdOp,
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
  const w = codeWriter();
  // stride = D * 32
  w.localGet(P_D).i32Const(32).op(Op.i32Mul).localSet(L_STRIDE);
  // for (ia = 0; ia < nga; ia++)
  w.i32Const(0).localSet(L_IA).block().loop();
  w.localGet(L_IA).localGet(P_NGA).op(Op.i32GeU).brIf(1);
  // for (ib = 0; ib < ngb; ib++)
  w.i32Const(0).localSet(L_IB).block().loop();
  w.localGet(L_IB).localGet(P_NGB).op(Op.i32GeU).brIf(1);
  // pa = a + ia*stride; end = pa + stride; pb = b + ib*stride
  w.localGet(P_A).localGet(L_IA).localGet(L_STRIDE).op(Op.i32Mul, Op.i32Add).localSet(L_PA);
  w.localGet(L_PA).localGet(L_STRIDE).op(Op.i32Add).localSet(L_END);
  w.localGet(P_B).localGet(L_IB).localGet(L_STRIDE).op(Op.i32Mul, Op.i32Add).localSet(L_PB);
  // zero accumulators
  for (let r = 0; r < 8; r++)
    w.f64Const(0)
      .simd(SimdOp.f64x2Splat)
      .localSet(L_ACC + r);
  // do { acc += a ⊗ b; pa += 32; pb += 32 } while (pa < end)
  w.loop();
  w.localGet(L_PB).simdMem(SimdOp.v128Load, 0).localSet(L_B01);
  w.localGet(L_PB).simdMem(SimdOp.v128Load, 16).localSet(L_B23);
  for (let r = 0; r < 4; r++) {
    w.localGet(L_PA)
      .simdMem(SimdOp.v128Load64Splat, 8 * r)
      .localSet(L_AV);
    for (let h = 0; h < 2; h++) {
      const acc = L_ACC + 2 * r + h;
      w.localGet(acc)
        .localGet(L_AV)
        .localGet(h === 0 ? L_B01 : L_B23);
      w.simd(SimdOp.f64x2Mul).simd(SimdOp.f64x2Add).localSet(acc);
    }
  }
  w.localGet(L_PA).i32Const(32).op(Op.i32Add).localSet(L_PA);
  w.localGet(L_PB).i32Const(32).op(Op.i32Add).localSet(L_PB);
  w.localGet(L_PA).localGet(L_END).op(Op.i32LtU).brIf(0);
  w.end();
  // go = g + ia*4*ld + ib*32
  w.localGet(P_G).localGet(L_IA).localGet(P_LD).op(Op.i32Mul).i32Const(4).op(Op.i32Mul, Op.i32Add);
  w.localGet(L_IB).i32Const(32).op(Op.i32Mul, Op.i32Add).localSet(L_GO);
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) {
      w.localGet(L_GO)
        .localGet(L_ACC + 2 * r + h)
        .simdMem(SimdOp.v128Store, 16 * h);
    }
    if (r < 3) w.localGet(L_GO).localGet(P_LD).op(Op.i32Add).localSet(L_GO);
  }
  // ib++
  w.localGet(L_IB).i32Const(1).op(Op.i32Add).localSet(L_IB).br(0).end().end();
  // ia++
  w.localGet(L_IA).i32Const(1).op(Op.i32Add).localSet(L_IA).br(0).end().end();
  return w.code;
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
 * A WebAssembly tile kernel over copies of `A` and `B` (the same copy when
 * `A === B`) with an output tile of `tileLen` doubles and row stride `ld`;
 * null when WebAssembly SIMD is unavailable or the data would not fit in
 * 1.5 GiB of wasm memory. Cost: one copy of A and B.
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
  const same = A === B;
  const aOff = 0;
  const bOff = same ? 0 : A.length * 8;
  const gOff = bOff + (same ? A.length * 8 : B.length * 8);
  const bytes = gOff + tileLen * 8;
  if (bytes > 1.5 * 2 ** 30) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pagesFor(bytes) });
  } catch {
    return null;
  }
  const inst = instantiate(mod, { e: { m: memory } });
  if (inst === null) return null;
  const fn = inst.exports.t as TileFn;
  new Float64Array(memory.buffer, aOff, A.length).set(A);
  if (!same) new Float64Array(memory.buffer, bOff, B.length).set(B);
  const G = new Float64Array(memory.buffer, gOff, tileLen);
  const stride = 32 * D;
  const ldBytes = 8 * ld;
  return {
    G,
    run(ga0, nga, gb0, ngb) {
      fn(aOff + ga0 * stride, nga, bOff + gb0 * stride, ngb, D, gOff, ldBytes);
    },
  };
}
