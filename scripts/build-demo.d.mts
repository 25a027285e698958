/** Types of scripts/build-demo.mjs (for the TypeScript tests that call it). */
export interface BuildDemoOptions {
  /** Output folder (default demo/dist). */
  outdir?: string;
  /** Minify the bundle (default false). */
  minify?: boolean;
}
/** Bundle demo/main.ts for the browser into demo/dist; returns the folder, the files written and the time (ms). */
export function buildDemo(
  options?: BuildDemoOptions,
): Promise<{ outdir: string; files: string[]; ms: number }>;
