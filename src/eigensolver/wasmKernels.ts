/**
 * WebAssembly SIMD (f64x2) versions of the Krylov vector kernels (internal):
 * the 4-way dot product, the multi-vector dot product `c = Bᵀz`, the
 * multi-vector update `z ← z − B c`, the basis recombination `out = C·V`, and
 * the CSR matrix–vector product (plain, and upper-triangle-only for exactly
 * symmetric matrices). The module is assembled instruction by instruction
 * with the shared assembler of `src/wasm` and compiled on first use (nothing
 * runs at import time).
 *
 * Every kernel performs exactly the floating-point operations of its
 * TypeScript twin (`kernels.ts`, `workspace.ts`), in the same order (separate multiply and
 * add, no fused multiply–add; f64x2 lanes hold what the TypeScript code keeps
 * in two scalar accumulators), so both give bit-identical results.
 *
 * Memory is imported, so each solve owns a memory of its own size; all
 * pointers below are byte offsets into it.
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
  F64_ADD,
  F64_LOAD,
  F64_MUL,
  F64_STORE,
  F64_SUB,
  F64X2_ADD,
  F64X2_EXTRACT_LANE,
  F64X2_MUL,
  F64X2_REPLACE_LANE,
  F64X2_SUB,
  f64Const,
  I32_ADD,
  I32_EQ,
  I32_EQZ,
  I32_GE_U,
  I32_GT_U,
  I32_LOAD,
  I32_MUL,
  I32_SHL,
  i32Const,
  instantiate,
  localGet,
  localSet,
  localTee,
  loop,
  simd,
  simdMem,
  uleb,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
  ValType,
  v128Const,
} from "../wasm/assembler.js";

/** The raw exports of the kernel module (all pointers are byte offsets). */
export interface KrylovWasmExports {
  /** `Σ_t a[t]·b[t]` in the 4-accumulator order of `dotAt`; n4b = 8·(n − n mod 4), nb = 8n. */
  dot(a: number, b: number, n4b: number, nb: number): number;
  /** `c[i] = b_iᵀz`, i < count, vectors nb bytes apart; n2b = 8·(n − n mod 2). */
  dotMany(z: number, B: number, count: number, nb: number, n2b: number, c: number): void;
  /** `z ← z − Σ_i c[i]·b_i`, four vectors per sweep. */
  subMany(z: number, B: number, count: number, nb: number, n2b: number, c: number): void;
  /** `y = A x` for CSR A (Int32 indptr/indices, f64 data) with `rows` rows. */
  spmv(indptr: number, indices: number, data: number, x: number, y: number, rows: number): void;
  /** `y = A x` for exactly symmetric A stored as its upper triangle (see `spmvSymCode`). */
  spmvSym(uptr: number, uidx: number, udata: number, x: number, y: number, rows: number): void;
  /** `out_c = Σ_j C[c·a + j]·v_j` for c < k (see `combCode`). */
  comb(
    V: number,
    a: number,
    nb: number,
    C: number,
    k: number,
    out: number,
    n8b: number,
    tb: number,
  ): void;
}

/** The compiled module, or null where WebAssembly SIMD is unavailable. Never throws. */
export function krylovWasmModule(): WebAssembly.Module | null {
  return compileOnce(krylovModuleBytes);
}

/**
 * Instantiate the kernels on `memory`; null when WebAssembly SIMD is missing
 * or instantiation fails. Never throws.
 */
export function instantiateKrylovKernels(memory: WebAssembly.Memory): KrylovWasmExports | null {
  const mod = krylovWasmModule();
  if (mod === null) return null;
  const inst = instantiate(mod, { e: { m: memory } });
  return inst === null ? null : (inst.exports as unknown as KrylovWasmExports);
}

// ---- instruction helpers ----------------------------------------------------

/** A scalar memory instruction with memarg (alignment 2^alignLog2, byte offset). */
function mem(op: number, offset: number, alignLog2: number): number[] {
  return [op, ...uleb(alignLog2), ...uleb(offset)];
}
const f64Load = (offset = 0) => mem(F64_LOAD, offset, 3);
const f64Store = (offset = 0) => mem(F64_STORE, offset, 3);
const i32Load = (offset = 0) => mem(I32_LOAD, offset, 2);
const vLoad = (offset = 0) => simdMem(V128_LOAD, offset, 3);
const vStore = (offset = 0) => simdMem(V128_STORE, offset, 3);
const vSplat = (offset = 0) => simdMem(V128_LOAD64_SPLAT, offset, 3);
const lane = (l: number) => simd(F64X2_EXTRACT_LANE, l);
const setLane0 = () => simd(F64X2_REPLACE_LANE, 0);
const vAdd = () => simd(F64X2_ADD);
const vSub = () => simd(F64X2_SUB);
const vMul = () => simd(F64X2_MUL);
const vZero = () => v128Const(new Array(16).fill(0));
const get = localGet;
const set = localSet;

/** `local[x] ← local[x] + k` (i32). */
function incr(c: number[], x: number, k: number | number[]): void {
  emit(c, get(x), typeof k === "number" ? i32Const(k) : k, I32_ADD, set(x));
}

// ---- kernels -----------------------------------------------------------------

/**
 * dot(a, b, n4b, nb) → f64. Locals: 4 p, 5 s0 (f64), 6 acc01, 7 acc23 (v128).
 * acc01 holds the TypeScript accumulators s0, s1 (t ≡ 0, 1 mod 4), acc23
 * holds s2, s3; the tail t ≥ n4 goes to s0; result (s0 + s1) + (s2 + s3).
 */
function dotCode(): number[] {
  const [A, B, N4B, NB, P, S0, ACC01, ACC23] = [0, 1, 2, 3, 4, 5, 6, 7];
  const c: number[] = [];
  emit(c, vZero(), set(ACC01), vZero(), set(ACC23), i32Const(0), set(P));
  emit(c, block(), loop(), get(P), get(N4B), I32_GE_U, brIf(1));
  emit(c, get(ACC01), get(A), get(P), I32_ADD, vLoad(0), get(B), get(P), I32_ADD, vLoad(0));
  emit(c, vMul(), vAdd(), set(ACC01));
  emit(c, get(ACC23), get(A), get(P), I32_ADD, vLoad(16), get(B), get(P), I32_ADD, vLoad(16));
  emit(c, vMul(), vAdd(), set(ACC23));
  incr(c, P, 32);
  emit(c, br(0), END, END);
  emit(c, get(ACC01), lane(0), set(S0));
  emit(c, block(), loop(), get(P), get(NB), I32_GE_U, brIf(1));
  emit(c, get(S0), get(A), get(P), I32_ADD, f64Load(), get(B), get(P), I32_ADD, f64Load());
  emit(c, F64_MUL, F64_ADD, set(S0));
  incr(c, P, 8);
  emit(c, br(0), END, END);
  emit(c, get(S0), get(ACC01), lane(1), F64_ADD);
  emit(c, get(ACC23), lane(0), get(ACC23), lane(1), F64_ADD, F64_ADD);
  return c;
}

/**
 * dotMany(z, B, count, nb, n2b, c). Locals: 6 i, 7 p, 8–11 b0..b3 (vector
 * addresses), 12 zt (f64), 13–16 acc0..acc3, 17 zv (v128). Four vectors per
 * sweep over z, then one at a time; per vector lane 0 sums even t, lane 1 odd
 * t, an odd tail element joins lane 0, and c_i = lane0 + lane1.
 */
function dotManyCode(): number[] {
  const [Z, B, COUNT, NB, N2B, C] = [0, 1, 2, 3, 4, 5];
  const [I, P, ZT, ZV] = [6, 7, 12, 17];
  const bv = (k: number) => 8 + k;
  const acc = (k: number) => 13 + k;
  const c: number[] = [];
  /** The sweep over one group of `w` vectors starting at address b0. */
  const group = (w: number) => {
    for (let k = 1; k < w; k++) emit(c, get(bv(k - 1)), get(NB), I32_ADD, set(bv(k)));
    for (let k = 0; k < w; k++) emit(c, vZero(), set(acc(k)));
    emit(c, i32Const(0), set(P));
    emit(c, block(), loop(), get(P), get(N2B), I32_GE_U, brIf(1));
    emit(c, get(Z), get(P), I32_ADD, vLoad(0), set(ZV));
    for (let k = 0; k < w; k++) {
      emit(c, get(acc(k)), get(bv(k)), get(P), I32_ADD, vLoad(0), get(ZV), vMul(), vAdd());
      emit(c, set(acc(k)));
    }
    incr(c, P, 16);
    emit(c, br(0), END, END);
    // odd n: the last element joins lane 0
    emit(c, block(), get(P), get(NB), I32_GE_U, brIf(0));
    emit(c, get(Z), get(P), I32_ADD, f64Load(), set(ZT));
    for (let k = 0; k < w; k++) {
      emit(c, get(acc(k)), get(acc(k)), lane(0), get(bv(k)), get(P), I32_ADD, f64Load());
      emit(c, get(ZT), F64_MUL, F64_ADD, setLane0(), set(acc(k)));
    }
    emit(c, END);
    for (let k = 0; k < w; k++) {
      emit(c, get(C), get(I), i32Const(3), I32_SHL, I32_ADD);
      emit(c, get(acc(k)), lane(0), get(acc(k)), lane(1), F64_ADD, f64Store(8 * k));
    }
    incr(c, I, w);
    emit(c, get(bv(w - 1)), get(NB), I32_ADD, set(bv(0)));
  };
  emit(c, i32Const(0), set(I), get(B), set(bv(0)));
  emit(c, block(), loop(), get(I), i32Const(4), I32_ADD, get(COUNT), I32_GT_U, brIf(1));
  group(4);
  emit(c, br(0), END, END);
  emit(c, block(), loop(), get(I), get(COUNT), I32_GE_U, brIf(1));
  group(1);
  emit(c, br(0), END, END);
  return c;
}

/**
 * subMany(z, B, count, nb, n2b, c). Locals: 6 i, 7 p, 8–11 b0..b3, 12 za
 * (address in z), 13–16 c0..c3 (f64), 17–20 the same splatted (v128). Four
 * vectors per sweep: z_t − ((c0·b0_t + c1·b1_t) + (c2·b2_t + c3·b3_t)), then
 * z_t − c0·b0_t one vector at a time.
 */
function subManyCode(): number[] {
  const [Z, B, COUNT, NB, N2B, C] = [0, 1, 2, 3, 4, 5];
  const [I, P, ZA] = [6, 7, 12];
  const bv = (k: number) => 8 + k;
  const cs = (k: number) => 13 + k;
  const cv = (k: number) => 17 + k;
  const c: number[] = [];
  const group = (w: number) => {
    for (let k = 1; k < w; k++) emit(c, get(bv(k - 1)), get(NB), I32_ADD, set(bv(k)));
    emit(c, get(C), get(I), i32Const(3), I32_SHL, I32_ADD, set(ZA));
    for (let k = 0; k < w; k++) {
      emit(c, get(ZA), f64Load(8 * k), set(cs(k)), get(ZA), vSplat(8 * k), set(cv(k)));
    }
    /** Push Σ c_k·b_k at the current p, with the TypeScript grouping. */
    const combo = (coef: (k: number) => number, load: number[], mul: number[], add: number[]) => {
      const term = (k: number) => emit(c, get(coef(k)), get(bv(k)), get(P), I32_ADD, load, mul);
      if (w === 1) term(0);
      else {
        term(0);
        term(1);
        emit(c, add);
        term(2);
        term(3);
        emit(c, add, add);
      }
    };
    emit(c, i32Const(0), set(P));
    emit(c, block(), loop(), get(P), get(N2B), I32_GE_U, brIf(1));
    emit(c, get(Z), get(P), I32_ADD, localTee(ZA), get(ZA), vLoad(0));
    combo(cv, vLoad(0), vMul(), vAdd());
    emit(c, vSub(), vStore(0));
    incr(c, P, 16);
    emit(c, br(0), END, END);
    emit(c, block(), get(P), get(NB), I32_GE_U, brIf(0));
    emit(c, get(Z), get(P), I32_ADD, localTee(ZA), get(ZA), f64Load());
    combo(cs, f64Load(), [F64_MUL], [F64_ADD]);
    emit(c, F64_SUB, f64Store(), END);
    incr(c, I, w);
    emit(c, get(bv(w - 1)), get(NB), I32_ADD, set(bv(0)));
  };
  emit(c, i32Const(0), set(I), get(B), set(bv(0)));
  emit(c, block(), loop(), get(I), i32Const(4), I32_ADD, get(COUNT), I32_GT_U, brIf(1));
  group(4);
  emit(c, br(0), END, END);
  emit(c, block(), loop(), get(I), get(COUNT), I32_GE_U, brIf(1));
  group(1);
  emit(c, br(0), END, END);
  return c;
}

/**
 * spmv(indptr, indices, data, x, y, rows). Locals: 6 r, 7 q (address in
 * indptr), 8 pi0, 9 ei0, 10 pi1, 11 ei1 (index addresses), 12 pd0, 13 pd1
 * (data addresses), 14 s0, 15 s1 (f64). Two rows at a time, each summed in
 * its own accumulator strictly left to right (`s += a_rt·x_t`, as the
 * TypeScript loop), so the two dependency chains overlap.
 */
function spmvCode(): number[] {
  const [IP, IX, DA, X, Y, ROWS] = [0, 1, 2, 3, 4, 5];
  const [R, Q, PI0, EI0, PI1, EI1, PD0, PD1, S0, S1] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const c: number[] = [];
  /** s ← s + data[pd]·x[indices[pi]]; pi += 4; pd += 8. */
  const step = (s: number, pi: number, pd: number) => {
    emit(c, get(s), get(pd), f64Load(), get(X), get(pi), i32Load(), i32Const(3), I32_SHL);
    emit(c, I32_ADD, f64Load(), F64_MUL, F64_ADD, set(s));
    incr(c, pi, 4);
    incr(c, pd, 8);
  };
  const rest = (s: number, pi: number, ei: number, pd: number) => {
    emit(c, block(), loop(), get(pi), get(ei), I32_GE_U, brIf(1));
    step(s, pi, pd);
    emit(c, br(0), END, END);
  };
  /** pi = indices + 4·indptr[q + off]; pd = data + 8·indptr[q + off]. */
  const start = (pi: number, pd: number, off: number) => {
    emit(c, get(Q), i32Load(off), localTee(pd), i32Const(2), I32_SHL, get(IX), I32_ADD, set(pi));
    emit(c, get(pd), i32Const(3), I32_SHL, get(DA), I32_ADD, set(pd));
  };
  emit(c, i32Const(0), set(R), get(IP), set(Q));
  emit(c, block(), loop(), get(R), i32Const(2), I32_ADD, get(ROWS), I32_GT_U, brIf(1));
  start(PI0, PD0, 0);
  start(PI1, PD1, 4);
  emit(c, get(Q), i32Load(8), i32Const(2), I32_SHL, get(IX), I32_ADD, set(EI1));
  emit(c, get(PI1), set(EI0), f64Const(0), set(S0), f64Const(0), set(S1));
  emit(c, block(), loop(), get(PI0), get(EI0), I32_GE_U, brIf(1));
  emit(c, get(PI1), get(EI1), I32_GE_U, brIf(1));
  step(S0, PI0, PD0);
  step(S1, PI1, PD1);
  emit(c, br(0), END, END);
  rest(S0, PI0, EI0, PD0);
  rest(S1, PI1, EI1, PD1);
  emit(c, get(Y), get(R), i32Const(3), I32_SHL, I32_ADD, localTee(PD0), get(S0), f64Store(0));
  emit(c, get(PD0), get(S1), f64Store(8));
  incr(c, R, 2);
  incr(c, Q, 8);
  emit(c, br(0), END, END);
  // a last odd row
  emit(c, block(), get(R), get(ROWS), I32_GE_U, brIf(0));
  start(PI0, PD0, 0);
  emit(c, get(Q), i32Load(4), i32Const(2), I32_SHL, get(IX), I32_ADD, set(EI0));
  emit(c, f64Const(0), set(S0));
  rest(S0, PI0, EI0, PD0);
  emit(c, get(Y), get(R), i32Const(3), I32_SHL, I32_ADD, get(S0), f64Store(0), END);
  return c;
}

/**
 * spmvSym(uptr, uidx, udata, x, y, rows): y = A x for an exactly symmetric A
 * given by its upper triangle (c ≥ r) in CSR. y is zeroed, then row r adds
 * its upper terms to s = y_r (which by then holds the terms of columns c < r,
 * added in increasing c) and scatters a_rc·x_r into y_c for c > r: every y_r
 * is the left-to-right sum of the full row, as in the plain kernel, while
 * the matrix is read once. Locals: 6 r, 7 q, 8 pi, 9 ei, 10 pd, 11 c,
 * 12 s, 13 xr, 14 a (f64).
 */
function spmvSymCode(): number[] {
  const [UP, UX, UD, X, Y, ROWS] = [0, 1, 2, 3, 4, 5];
  const [R, Q, PI, EI, PD, CC, S, XR, AV] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
  const c: number[] = [];
  const yAt = (idx: number) => emit(c, get(Y), get(idx), i32Const(3), I32_SHL, I32_ADD);
  emit(c, i32Const(0), set(R));
  emit(c, block(), loop(), get(R), get(ROWS), I32_GE_U, brIf(1));
  yAt(R);
  emit(c, f64Const(0), f64Store());
  incr(c, R, 1);
  emit(c, br(0), END, END);
  emit(c, i32Const(0), set(R), get(UP), set(Q));
  emit(c, block(), loop(), get(R), get(ROWS), I32_GE_U, brIf(1));
  emit(c, get(Q), i32Load(0), localTee(PD), i32Const(2), I32_SHL, get(UX), I32_ADD, set(PI));
  emit(c, get(PD), i32Const(3), I32_SHL, get(UD), I32_ADD, set(PD));
  emit(c, get(Q), i32Load(4), i32Const(2), I32_SHL, get(UX), I32_ADD, set(EI));
  emit(c, get(X), get(R), i32Const(3), I32_SHL, I32_ADD, f64Load(), set(XR));
  yAt(R);
  emit(c, f64Load(), set(S));
  emit(c, block(), loop(), get(PI), get(EI), I32_GE_U, brIf(1));
  emit(c, get(PI), i32Load(), set(CC), get(PD), f64Load(), set(AV));
  emit(c, get(S), get(AV), get(X), get(CC), i32Const(3), I32_SHL, I32_ADD, f64Load(), F64_MUL);
  emit(c, F64_ADD, set(S));
  emit(c, block(), get(CC), get(R), I32_EQ, brIf(0));
  yAt(CC);
  emit(c, localTee(CC), get(CC), f64Load(), get(AV), get(XR), F64_MUL, F64_ADD, f64Store(), END);
  incr(c, PI, 4);
  incr(c, PD, 8);
  emit(c, br(0), END, END);
  yAt(R);
  emit(c, get(S), f64Store());
  incr(c, R, 1);
  incr(c, Q, 4);
  emit(c, br(0), END, END);
  return c;
}

/**
 * comb(V, a, nb, C, k, out, n8b, tb): `out_c = Σ_{j<a} C[c·a + j]·v_j` for
 * c < k (vectors nb bytes apart, out likewise), each element summed over j in
 * order from 0. Elements below n8b = 8·(n − n mod 8) go in chunks of tb
 * bytes (so the chunk of V stays in cache while every output reads it),
 * two outputs × eight elements at a time (eight f64x2 accumulators); the
 * last n mod 8 elements one at a time.
 * Locals: 8 t0, 9 tEnd, 10 c, 11 t, 12 j, 13 vj, 14 cp0, 15 cp1, 16 o,
 * 17 s (f64), 18–25 acc, 26–29 x, 30–31 splatted coefficients (v128).
 */
function combCode(): number[] {
  const [V, A, NB, C, K, OUT, N8B, TB] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [T0, TEND, CI, T, J, VJ, CP0, CP1, O, S] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const acc = (q: number) => 18 + q;
  const xv = (q: number) => 26 + q;
  const sv = (q: number) => 30 + q;
  const c: number[] = [];
  /** cp = C + 8·a·(c + d); o = out + nb·c. */
  const rowPtr = (cp: number, d: number) => {
    emit(c, get(CI), i32Const(d), I32_ADD, get(A), I32_MUL, i32Const(3), I32_SHL, get(C), I32_ADD);
    emit(c, set(cp));
  };
  /** Blocks of eight elements of w outputs (w = 2 or 1) over [t0, tEnd). */
  const blocks = (w: number) => {
    emit(c, get(T0), set(T));
    emit(c, block(), loop(), get(T), get(TEND), I32_GE_U, brIf(1));
    for (let q = 0; q < 4 * w; q++) emit(c, vZero(), set(acc(q)));
    emit(c, get(V), get(T), I32_ADD, set(VJ), i32Const(0), set(J));
    emit(c, block(), loop(), get(J), get(A), I32_GE_U, brIf(1));
    for (let q = 0; q < 4; q++) emit(c, get(VJ), vLoad(16 * q), set(xv(q)));
    for (let d = 0; d < w; d++) {
      emit(c, get(d === 0 ? CP0 : CP1), get(J), i32Const(3), I32_SHL, I32_ADD, vSplat(0));
      emit(c, set(sv(d)));
      for (let q = 0; q < 4; q++) {
        emit(c, get(acc(4 * d + q)), get(sv(d)), get(xv(q)), vMul(), vAdd(), set(acc(4 * d + q)));
      }
    }
    incr(c, VJ, get(NB));
    incr(c, J, 1);
    emit(c, br(0), END, END);
    for (let d = 0; d < w; d++) {
      emit(c, get(O), get(T), I32_ADD);
      if (d === 1) emit(c, get(NB), I32_ADD);
      emit(c, set(VJ)); // VJ is free here: the address of the output block
      for (let q = 0; q < 4; q++) emit(c, get(VJ), get(acc(4 * d + q)), vStore(16 * q));
    }
    incr(c, T, 64);
    emit(c, br(0), END, END);
  };
  // Chunks over t.
  emit(c, i32Const(0), set(T0));
  emit(c, block(), loop(), get(T0), get(N8B), I32_GE_U, brIf(1));
  emit(c, get(T0), get(TB), I32_ADD, set(TEND));
  emit(c, block(), get(TEND), get(N8B), I32_GE_U, I32_EQZ, brIf(0), get(N8B), set(TEND), END);
  emit(c, i32Const(0), set(CI), get(OUT), set(O));
  emit(c, block(), loop(), get(CI), i32Const(2), I32_ADD, get(K), I32_GT_U, brIf(1));
  rowPtr(CP0, 0);
  rowPtr(CP1, 1);
  blocks(2);
  incr(c, CI, 2);
  emit(c, get(O), get(NB), I32_ADD, get(NB), I32_ADD, set(O));
  emit(c, br(0), END, END);
  emit(c, block(), get(CI), get(K), I32_GE_U, brIf(0));
  rowPtr(CP0, 0);
  blocks(1);
  emit(c, END);
  emit(c, get(TEND), set(T0), br(0), END, END);
  // The last n mod 8 elements of every output, one at a time.
  emit(c, i32Const(0), set(CI), get(OUT), set(O));
  emit(c, block(), loop(), get(CI), get(K), I32_GE_U, brIf(1));
  rowPtr(CP0, 0);
  emit(c, get(N8B), set(T));
  emit(c, block(), loop(), get(T), get(NB), I32_GE_U, brIf(1));
  emit(c, f64Const(0), set(S), get(V), get(T), I32_ADD, set(VJ), i32Const(0), set(J));
  emit(c, block(), loop(), get(J), get(A), I32_GE_U, brIf(1));
  emit(c, get(S), get(CP0), get(J), i32Const(3), I32_SHL, I32_ADD, f64Load(), get(VJ), f64Load());
  emit(c, F64_MUL, F64_ADD, set(S));
  incr(c, VJ, get(NB));
  incr(c, J, 1);
  emit(c, br(0), END, END);
  emit(c, get(O), get(T), I32_ADD, get(S), f64Store());
  incr(c, T, 8);
  emit(c, br(0), END, END);
  incr(c, CI, 1);
  emit(c, get(O), get(NB), I32_ADD, set(O));
  emit(c, br(0), END, END);
  return c;
}

/** The module: six exported functions over one imported memory `e.m`. */
function krylovModuleBytes(): Uint8Array<ArrayBuffer> {
  const { i32, f64, v128 } = ValType;
  return assembleModule({
    funcs: [
      {
        params: [i32, i32, i32, i32],
        results: [f64],
        locals: [
          [1, i32],
          [1, f64],
          [2, v128],
        ],
        code: dotCode(),
        export: "dot",
      },
      {
        params: [i32, i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [6, i32],
          [1, f64],
          [5, v128],
        ],
        code: dotManyCode(),
        export: "dotMany",
      },
      {
        params: [i32, i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [7, i32],
          [4, f64],
          [4, v128],
        ],
        code: subManyCode(),
        export: "subMany",
      },
      {
        params: [i32, i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [8, i32],
          [2, f64],
        ],
        code: spmvCode(),
        export: "spmv",
      },
      {
        params: [i32, i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [6, i32],
          [3, f64],
        ],
        code: spmvSymCode(),
        export: "spmvSym",
      },
      {
        params: [i32, i32, i32, i32, i32, i32, i32, i32],
        results: [],
        locals: [
          [9, i32],
          [1, f64],
          [14, v128],
        ],
        code: combCode(),
        export: "comb",
      },
    ],
    importMemory: { module: "e", name: "m", min: 1 },
  });
}
