/**
 * Seeded pseudo-random numbers (xoroshiro128+ from pure-rand).
 *
 * Everything random in manifold-geom takes an explicit `seed`, so results
 * reproduce. {@link createRng} returns a small stateful generator object; it
 * is created per call, never shared globally.
 *
 * @module
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** A seeded stream of random numbers. */
export interface Rng {
  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller, cached pair). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Create a seeded generator. Same seed → same stream, on every platform.
 * @param seed - any 32-bit integer (non-integers are truncated).
 */
export function createRng(seed: number): Rng {
  // Scramble the seed (murmur3 finaliser) and discard a few outputs: small
  // seeds otherwise start xoroshiro128+ in a low-entropy state (seed 1 gives
  // 0.99999998 first).
  let h = seed | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  const gen = xoroshiro128plus(h);
  for (let i = 0; i < 8; i++) gen.next();
  let spare = Number.NaN;
  const uniform = () => uniformFloat64(gen);
  return {
    uniform,
    normal() {
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = Number.NaN;
        return s;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n: number) {
      return Math.floor(uniform() * n);
    },
  };
}

/** Fill a new Float64Array of length `n` with N(0, 1) draws. */
export function randomNormal(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}
