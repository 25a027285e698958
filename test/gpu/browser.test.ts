/**
 * The GPU backend in a real browser: a page bundling src/gpu (gpu.js's browser build) and the
 * CPU path runs in Debian's headless Chromium (SwiftShader), selects a backend with the
 * default preference, and checks its kernel block against the float64 CPU block (within the
 * stated float32 bound) and its kNN against the CPU path (bit-identical). The selected backend
 * is reported on the console.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleForBrowser, launchChromium, serveStatic } from "../shared/browser.js";

const here = dirname(fileURLToPath(import.meta.url));
let dir = "";
let browser: Browser | null = null;
let server: { url: string; close: () => Promise<void> } | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "manifold-geom-gpu-"));
  await bundleForBrowser(join(here, "page.ts"), join(dir, "page.js"));
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>gpu</title><script type="module" src="page.js"></script>\n',
  );
  server = await serveStatic(dir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface PageResult {
  kind: string;
  engine: string;
  precision: string;
  tried: { kind: string; reason: string }[];
  hasWebGpu: boolean;
  sqViolations: number;
  kViolations: number;
  worstSqRel: number;
  worstKRel: number;
  knnIdentical: boolean;
  timings: { label: string; ms: number; gflops: number; cpuMs: number }[];
}

describe("GPU backend in headless Chromium", () => {
  it("selects WebGL (SwiftShader), matches the CPU kernel block within the bound and the kNN exactly", async () => {
    const page = await (browser as Browser).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const bench = process.env.GPU_BROWSER_BENCH ?? "";
    // "commit": the page computes right after loading; do not wait for its load event.
    await page.goto(`${(server as { url: string }).url}?bench=${encodeURIComponent(bench)}`, {
      waitUntil: "commit",
    });
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __gpuResult?: unknown; __gpuError?: string };
        return w.__gpuResult !== undefined || w.__gpuError !== undefined;
      },
      undefined,
      { timeout: bench === "" ? 45_000 : 590_000 },
    );
    const { result, error } = await page.evaluate(() => {
      const w = window as unknown as { __gpuResult?: unknown; __gpuError?: string };
      return { result: w.__gpuResult, error: w.__gpuError };
    });
    expect(error, error).toBeUndefined();
    expect(errors).toEqual([]);
    const r = result as PageResult;
    console.log(
      `browser backend: kind=${r.kind} engine=${r.engine} precision=${r.precision}; skipped: ${r.tried.map((t) => `${t.kind} (${t.reason})`).join("; ")}; navigator.gpu ${r.hasWebGpu ? "present" : "absent"}; worst |ΔS|/(|x'|²+|y'|²) = ${r.worstSqRel.toExponential(2)}, worst |ΔK|/K = ${r.worstKRel.toExponential(2)}`,
    );
    for (const t of r.timings) {
      console.log(
        `browser kernel block ${t.label}: ${t.ms.toFixed(0)} ms, ${t.gflops.toFixed(2)} GFLOP/s; cpu ${t.cpuMs.toFixed(0)} ms (×${(t.cpuMs / t.ms).toFixed(2)})`,
      );
    }
    expect(r.kind).toBe("webgl");
    expect(["webgl2", "webgl"]).toContain(r.engine);
    expect(r.precision).toBe("float32");
    expect(r.tried.map((t) => t.kind)).toEqual(["webgpu"]);
    expect(r.sqViolations).toBe(0);
    expect(r.kViolations).toBe(0);
    expect(r.worstSqRel).toBeLessThan(1e-6);
    expect(r.knnIdentical).toBe(true);
    await page.close();
  }, 600_000);
});
