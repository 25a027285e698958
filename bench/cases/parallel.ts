import type { BenchCase } from "../types.js";

/** Placeholder until the cases are written. */
export const cases: BenchCase[] = [];
