/**
 * Benchmark harness: `npm run bench [-- <filter>...] [--quick] [--runs N]`.
 *
 * For each case (bench/cases/*.ts) it generates seeded data with src/datasets, writes it to
 * bench/.data/ as raw little-endian float64 plus a JSON header, times our implementation
 * (one untimed warm-up, then N timed runs, single-threaded JavaScript) and the Python
 * reference (bench/python/*.py, numpy/scipy, same warm-up + N runs) on the identical data,
 * checks once that both agree, prints a table and writes bench/results.json.
 *
 * Python's BLAS/OpenMP thread counts are pinned through OPENBLAS_NUM_THREADS, OMP_NUM_THREADS,
 * MKL_NUM_THREADS (and friends) to BENCH_THREADS (default 1). Without python3 + numpy + scipy
 * the Python column is skipped.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Matrix } from "../src/matrix/index.js";
import type { BenchCase, BenchContext, CaseData, CheckResult } from "./types.js";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const DATA_DIR = join(BENCH_DIR, ".data");
const PYTHON_DIR = join(BENCH_DIR, "python");

/** Case modules, in table order. Each is imported on its own so one broken module skips only its cases. */
const CASE_MODULES: ReadonlyArray<readonly [string, () => Promise<{ cases: BenchCase[] }>]> = [
  ["cases/knn.ts", () => import("./cases/knn.js")],
  ["cases/linalg.ts", () => import("./cases/linalg.js")],
  ["cases/cidm.ts", () => import("./cases/cidm.js")],
  ["cases/grassmann.ts", () => import("./cases/grassmann.js")],
  ["cases/schubert.ts", () => import("./cases/schubert.js")],
  ["cases/nystrom.ts", () => import("./cases/nystrom.js")],
  ["cases/sec.ts", () => import("./cases/sec.js")],
  ["cases/vanishing.ts", () => import("./cases/vanishing.js")],
  ["cases/gpu.ts", () => import("./cases/gpu.js")],
  ["cases/landmarks.ts", () => import("./cases/landmarks.js")],
  ["cases/parallel.ts", () => import("./cases/parallel.js")],
];

/** Name case files that exist but are missing from CASE_MODULES, so none is silently ignored. */
function unregisteredCaseFiles(): string[] {
  const known = new Set(CASE_MODULES.map(([file]) => file));
  return readdirSync(join(BENCH_DIR, "cases"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `cases/${f}`)
    .filter((f) => !known.has(f));
}

interface Args {
  filters: string[];
  quick: boolean;
  runs: number;
}

function parseArgs(argv: string[]): Args {
  const filters: string[] = [];
  let quick = false;
  let runs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") quick = true;
    else if (a === "--runs" || a.startsWith("--runs=")) {
      const v = a === "--runs" ? argv[++i] : a.slice("--runs=".length);
      runs = Number(v);
      if (!Number.isInteger(runs) || runs < 1)
        throw new Error(`--runs needs a positive integer; got ${v}`);
    } else if (a === "--help" || a === "-h") {
      console.log(
        "usage: npm run bench [-- <name-substring>...] [--quick] [--runs N]\n" +
          "  BENCH_THREADS=n  threads for numpy/scipy's BLAS (default 1; ours is always 1)",
      );
      process.exit(0);
    } else if (a.startsWith("--")) throw new Error(`unknown flag ${a} (try --help)`);
    else filters.push(a);
  }
  return { filters, quick, runs: runs ?? (quick ? 3 : 5) };
}

interface Timing {
  median_ms: number;
  min_ms: number;
  max_ms: number;
  runs: number;
}

function summarise(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median_ms: median, min_ms: s[0], max_ms: s[s.length - 1], runs: s.length };
}

interface PythonInfo {
  available: boolean;
  reason?: string;
  version?: string;
  numpy?: string;
  scipy?: string;
}

function pythonEnv(threads: number): NodeJS.ProcessEnv {
  const t = String(threads);
  return {
    ...process.env,
    OPENBLAS_NUM_THREADS: t,
    OMP_NUM_THREADS: t,
    MKL_NUM_THREADS: t,
    VECLIB_MAXIMUM_THREADS: t,
    NUMEXPR_NUM_THREADS: t,
  };
}

function detectPython(env: NodeJS.ProcessEnv): PythonInfo {
  const probe = spawnSync(
    "python3",
    [
      "-c",
      "import json, sys, numpy, scipy.spatial; print(json.dumps({'version': sys.version.split()[0], 'numpy': numpy.__version__, 'scipy': scipy.__version__}))",
    ],
    { env, encoding: "utf8" },
  );
  if (probe.error)
    return { available: false, reason: `python3 not found (${probe.error.message})` };
  if (probe.status !== 0) {
    return {
      available: false,
      reason: `numpy/scipy not importable: ${probe.stderr.trim().split("\n").pop()}`,
    };
  }
  return { available: true, ...JSON.parse(probe.stdout) };
}

/** Write the case's matrices as raw little-endian float64 plus a JSON header; return the header path. */
function writeCaseData(name: string, data: CaseData): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const matrices: Record<string, { file: string; rows: number; cols: number; dtype: string }> = {};
  for (const [key, m] of Object.entries(data.matrices)) {
    const file = `${name}-${key}.f64`;
    writeFileSync(join(DATA_DIR, file), littleEndianBytes(m));
    matrices[key] = { file, rows: m.rows, cols: m.cols, dtype: "<f8" };
  }
  const header = join(DATA_DIR, `${name}.json`);
  writeFileSync(header, JSON.stringify({ case: name, matrices, params: data.params ?? {} }));
  return header;
}

function littleEndianBytes(m: Matrix): Uint8Array {
  if (os.endianness() === "LE")
    return new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  const out = new Uint8Array(m.data.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < m.data.length; i++) view.setFloat64(8 * i, m.data[i], true);
  return out;
}

interface PythonResult {
  median_s: number;
  min_s: number;
  max_s: number;
  runs: number;
  threads: Record<string, unknown>;
  check: unknown;
}

function runPython(
  c: BenchCase,
  header: string,
  runs: number,
  env: NodeJS.ProcessEnv,
): { ok: true; result: PythonResult } | { ok: false; error: string } {
  const py = c.python!;
  const proc = spawnSync(
    "python3",
    [join(PYTHON_DIR, py.script), header, String(runs), ...py.args],
    {
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30 * 60 * 1000,
    },
  );
  if (proc.error || proc.status !== 0) {
    const msg = proc.error?.message ?? proc.stderr.trim().split("\n").slice(-3).join(" | ");
    return { ok: false, error: msg };
  }
  const last = proc.stdout.trim().split("\n").pop() ?? "";
  try {
    return { ok: true, result: JSON.parse(last) as PythonResult };
  } catch {
    return { ok: false, error: `could not parse the script's output: ${last.slice(0, 200)}` };
  }
}

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return "–";
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** Table columns: header and width (the case column widens to the longest selected name). */
const COLS: [string, number][] = [
  ["case", 16],
  ["data", 60],
  ["ours ms", 10],
  ["Python ms", 10],
  ["ours/Py", 8],
  ["agree", 5],
];

function row(cells: string[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(COLS[i][1]) : c.padStart(COLS[i][1]))).join(" | ");
}

interface CaseRecord {
  name: string;
  label: string;
  setup_ms: number;
  ours: Timing;
  python: (Timing & { threads: Record<string, unknown> }) | { error: string } | null;
  ratio: number | null;
  check: CheckResult | null;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const threadsEnv = process.env.BENCH_THREADS;
  const threads = threadsEnv === undefined ? 1 : Number(threadsEnv);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`BENCH_THREADS must be a positive integer; got ${threadsEnv}`);
  }
  const ctx: BenchContext = { quick: args.quick, threads };
  const env = pythonEnv(threads);
  const python = detectPython(env);

  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? "unknown",
    logicalCores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    node: process.version,
  };
  console.log(
    `manifold-geom bench${args.quick ? " (--quick)" : ""}: ${machine.cpu}, ${machine.logicalCores} cores, node ${machine.node}`,
  );
  console.log(
    `threads: ours 1 (single-threaded JavaScript); Python BLAS/OpenMP ${threads} (BENCH_THREADS)`,
  );
  if (python.available) {
    console.log(`python ${python.version}, numpy ${python.numpy}, scipy ${python.scipy}`);
  } else {
    console.log(
      `Python reference skipped: ${python.reason}. Install python3 with numpy and scipy to compare.`,
    );
  }
  console.log(`timing: median of ${args.runs} runs after one untimed warm-up, each side\n`);

  const all: BenchCase[] = [];
  for (const [file, load] of CASE_MODULES) {
    try {
      all.push(...(await load()).cases);
    } catch (e) {
      console.log(`skipping ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  for (const file of unregisteredCaseFiles()) {
    console.log(
      `note: bench/${file} is not registered in CASE_MODULES (bench/run.ts); its cases do not run`,
    );
  }
  const selected = all.filter(
    (c) => args.filters.length === 0 || args.filters.some((f) => c.name.includes(f)),
  );
  if (selected.length === 0) {
    console.log(
      `no case matches ${args.filters.join(", ")}; cases: ${all.map((c) => c.name).join(", ")}`,
    );
    return;
  }

  COLS[0][1] = Math.max(COLS[0][1], ...selected.map((c) => c.name.length));
  console.log(row(COLS.map((c) => c[0])));
  console.log(COLS.map((c) => "-".repeat(c[1])).join("-|-"));
  const records: CaseRecord[] = [];
  let pythonThreads: Record<string, unknown> | undefined;
  for (const c of selected) {
    const t0 = performance.now();
    const data = await c.setup(ctx);
    const setupMs = performance.now() - t0;

    const result = c.run(data); // warm-up, kept for the check
    const times: number[] = [];
    for (let r = 0; r < args.runs; r++) {
      const s = performance.now();
      c.run(data);
      times.push(performance.now() - s);
    }
    const ours = summarise(times);

    let py: CaseRecord["python"] = null;
    let check: CheckResult | null = null;
    if (python.available && c.python) {
      const header = writeCaseData(c.name, data);
      const out = runPython(c, header, args.runs, env);
      if (out.ok) {
        const p = out.result;
        pythonThreads ??= p.threads;
        py = {
          median_ms: p.median_s * 1e3,
          min_ms: p.min_s * 1e3,
          max_ms: p.max_s * 1e3,
          runs: p.runs,
          threads: p.threads,
        };
        if (c.check) {
          try {
            check = c.check(result, p.check, data);
          } catch (e) {
            check = { ok: false, detail: `check threw: ${(e as Error).message}` };
          }
        }
      } else {
        py = { error: out.error };
      }
    }
    const pyMedian = py && "median_ms" in py ? py.median_ms : undefined;
    const ratio = pyMedian ? ours.median_ms / pyMedian : null;
    console.log(
      row([
        c.name,
        data.label,
        fmtMs(ours.median_ms),
        py && "error" in py ? "error" : fmtMs(pyMedian),
        ratio === null ? "–" : ratio.toFixed(2),
        check === null ? "–" : check.ok ? "✓" : "✗",
      ]),
    );
    if (py && "error" in py) console.log(`    Python failed: ${py.error}`);
    if (check && !check.ok) console.log(`    ✗ ${check.detail}`);
    records.push({
      name: c.name,
      label: data.label,
      setup_ms: setupMs,
      ours,
      python: py,
      ratio,
      check,
    });
  }

  const failed = records.filter((r) => r.check && !r.check.ok);
  console.log("");
  for (const r of records)
    if (r.check) console.log(`${r.check.ok ? "✓" : "✗"} ${r.name}: ${r.check.detail}`);
  const blas = (pythonThreads?.blas as { library: string; threads: number }[] | undefined) ?? [];
  if (blas.length > 0) {
    console.log(
      `Python BLAS as loaded: ${blas.map((b) => `${b.library} ${b.threads} thread(s)`).join(", ")}`,
    );
  }

  const outFile = join(BENCH_DIR, "results.json");
  writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        quick: args.quick,
        runsPerSide: args.runs,
        filters: args.filters,
        machine,
        threads: { ours: 1, python: threads, pythonReported: pythonThreads ?? null },
        python,
        cases: records,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${outFile}`);
  if (failed.length > 0) {
    console.log(
      `${failed.length} case(s) disagree with the reference: ${failed.map((r) => r.name).join(", ")}`,
    );
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
