/**
 * Optional WebAssembly SIMD (f64x2) version of the 4×4 dot-product tile
 * kernel of the brute-force search. It computes bit-for-bit the same sums as
 * the JavaScript kernel (the same left-to-right order over coordinates,
 * separate multiply and add, no fused multiply-add), two columns per
 * instruction. The module (≈ 300 bytes) is assembled here from its opcodes,
 * compiled once on first use, and instantiated per call with its own memory,
 * so no data outlives a call. Where WebAssembly SIMD is unavailable the
 * caller falls back to the JavaScript kernel.
 *
 * @module
 */

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** A section: id, byte length, contents. */
function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

// opcodes
const LGET = 0x20;
const LSET = 0x21;
const I32CONST = 0x41;
const I32ADD = 0x6a;
const I32MUL = 0x6c;
const I32LTU = 0x49;
const I32GEU = 0x4f;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BRIF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const SIMD = 0xfd;
const V128LOAD = [SIMD, 0x00];
const V128LOAD64SPLAT = [SIMD, 0x0a];
const V128STORE = [SIMD, 0x0b];
const F64X2ADD = [SIMD, ...uleb(0xf0)];
const F64X2MUL = [SIMD, ...uleb(0xf2)];
const F64X2SPLAT = [SIMD, 0x14];
const F64CONST0 = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];

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

function memarg(offset: number): number[] {
  return [3, ...uleb(offset)]; // alignment hint 2^3
}

function kernelBody(): number[] {
  const c: number[] = [];
  const get = (l: number) => c.push(LGET, l);
  const set = (l: number) => c.push(LSET, l);
  const i32 = (v: number) => c.push(I32CONST, ...uleb(v)); // small non-negative constants only
  // stride = D * 32
  get(P_D);
  i32(32);
  c.push(I32MUL);
  set(L_STRIDE);
  // ia = 0
  i32(0);
  set(L_IA);
  c.push(BLOCK, VOID, LOOP, VOID);
  // if ia >= nga break
  get(L_IA);
  get(P_NGA);
  c.push(I32GEU, BRIF, 1);
  i32(0);
  set(L_IB);
  c.push(BLOCK, VOID, LOOP, VOID);
  get(L_IB);
  get(P_NGB);
  c.push(I32GEU, BRIF, 1);
  // pa = a + ia*stride; end = pa + stride; pb = b + ib*stride
  get(P_A);
  get(L_IA);
  get(L_STRIDE);
  c.push(I32MUL, I32ADD);
  set(L_PA);
  get(L_PA);
  get(L_STRIDE);
  c.push(I32ADD);
  set(L_END);
  get(P_B);
  get(L_IB);
  get(L_STRIDE);
  c.push(I32MUL, I32ADD);
  set(L_PB);
  // zero accumulators
  for (let r = 0; r < 8; r++) {
    c.push(...F64CONST0, ...F64X2SPLAT);
    set(L_ACC + r);
  }
  c.push(LOOP, VOID);
  get(L_PB);
  c.push(...V128LOAD, ...memarg(0));
  set(L_B01);
  get(L_PB);
  c.push(...V128LOAD, ...memarg(16));
  set(L_B23);
  for (let r = 0; r < 4; r++) {
    get(L_PA);
    c.push(...V128LOAD64SPLAT, ...memarg(8 * r));
    set(L_AV);
    for (let h = 0; h < 2; h++) {
      const acc = L_ACC + 2 * r + h;
      get(acc);
      get(L_AV);
      get(h === 0 ? L_B01 : L_B23);
      c.push(...F64X2MUL, ...F64X2ADD);
      set(acc);
    }
  }
  get(L_PA);
  i32(32);
  c.push(I32ADD);
  set(L_PA);
  get(L_PB);
  i32(32);
  c.push(I32ADD);
  set(L_PB);
  get(L_PA);
  get(L_END);
  c.push(I32LTU, BRIF, 0);
  c.push(END);
  // go = g + ia*4*ld + ib*32
  get(P_G);
  get(L_IA);
  get(P_LD);
  c.push(I32MUL);
  i32(4);
  c.push(I32MUL, I32ADD);
  get(L_IB);
  i32(32);
  c.push(I32MUL, I32ADD);
  set(L_GO);
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) {
      get(L_GO);
      get(L_ACC + 2 * r + h);
      c.push(...V128STORE, ...memarg(16 * h));
    }
    if (r < 3) {
      get(L_GO);
      get(P_LD);
      c.push(I32ADD);
      set(L_GO);
    }
  }
  // ib++
  get(L_IB);
  i32(1);
  c.push(I32ADD);
  set(L_IB);
  c.push(BR, 0);
  c.push(END, END);
  get(L_IA);
  i32(1);
  c.push(I32ADD);
  set(L_IA);
  c.push(BR, 0);
  c.push(END, END);
  c.push(END); // function end
  // locals: 7 i32, 11 v128
  const locals = [2, 7, 0x7f, 11, 0x7b];
  const body = [...locals, ...c];
  return [...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 7, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name("e"), ...name("m"), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name("t"), 0x00, 0]),
    ...section(10, [1, ...kernelBody()]),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null when WebAssembly SIMD is unavailable. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly === "object") {
      const bytes = moduleBytes();
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    }
  } catch {
    compiled = null;
  }
  return compiled;
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
  const mod = kernelModule();
  if (mod === null) return null;
  const same = A === B;
  const aOff = 0;
  const bOff = same ? 0 : A.length * 8;
  const gOff = bOff + (same ? A.length * 8 : B.length * 8);
  const bytes = gOff + tileLen * 8;
  if (bytes > 1.5 * 2 ** 30) return null;
  let memory: WebAssembly.Memory;
  let fn: TileFn;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    const inst = new WebAssembly.Instance(mod, { e: { m: memory } });
    fn = inst.exports.t as TileFn;
  } catch {
    return null;
  }
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
