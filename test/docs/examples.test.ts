/**
 * Every ```ts block of README.md and docs/*.md, and every ```ts block inside a TSDoc `@example`
 * of src/**\/*.ts, is a complete program: it is bundled with esbuild (the "manifold-geom"
 * imports rewritten to this checkout's sources), run with Node (exit code 0, nothing on stderr,
 * something on stdout; each in its own worker thread), and type-checked with tsc in strict mode
 * (one tsc run for all blocks).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Package specifiers an example may import, and the source file each stands for. */
const specifiers: [string, string][] = [
  ["manifold-geom", join(repo, "src", "index.ts")],
  ["manifold-geom/grassmann", join(repo, "src", "grassmann", "index.ts")],
  ["manifold-geom/gpu", join(repo, "src", "gpu", "index.ts")],
];

interface Block {
  /** "docs/cidm.md:42" or "src/linalg/qr.ts:30" — the file and the line of the opening fence. */
  name: string;
  /** Temporary file name stem. */
  stem: string;
  code: string;
}

/** Point the package imports of an example at this checkout's sources. */
function rewriteImports(code: string): string {
  return code.replace(/(from\s+|import\s+)"(manifold-geom(?:\/[a-z]+)?)"/g, (all, kw, spec) => {
    const target = specifiers.find(([s, file]) => s === spec && existsSync(file));
    return target ? `${kw}${JSON.stringify(target[1])}` : all;
  });
}

function makeBlock(relPath: string, line: number, body: string[]): Block {
  return {
    name: `${relPath}:${line}`,
    stem: `${relPath.replace(/[^A-Za-z0-9]/g, "_")}_${line}`,
    code: rewriteImports(body.join("\n")),
  };
}

/** The ```ts blocks of one Markdown file, with the line number of each opening fence. */
function markdownBlocks(relPath: string): Block[] {
  const lines = readFileSync(join(repo, relPath), "utf8").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```ts") continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== "```"; i++) body.push(lines[i]);
    blocks.push(makeBlock(relPath, start, body));
  }
  return blocks;
}

/**
 * The ```ts blocks inside the `@example` sections of the TSDoc comments of one source file.
 * An `@example` section runs to the next block tag or the end of the comment; the leading
 * `` * `` of each comment line is stripped (indentation after it is kept).
 */
function tsdocBlocks(relPath: string): Block[] {
  const lines = readFileSync(join(repo, relPath), "utf8").split("\n");
  const blocks: Block[] = [];
  let inDoc = false;
  let inExample = false;
  const strip = (l: string) => l.replace(/^\s*\*(?: |$)/, "");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!inDoc) {
      if (/^\s*\/\*\*/.test(line) && !line.includes("*/")) inDoc = true;
      continue;
    }
    if (/\*\/\s*$/.test(line)) {
      inDoc = false;
      inExample = false;
      continue;
    }
    const text = strip(line).trim();
    if (text.startsWith("@")) inExample = text.startsWith("@example");
    if (!inExample || text !== "```ts") continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && strip(lines[i]).trim() !== "```"; i++) {
      if (/\*\/\s*$/.test(lines[i])) break; // unterminated fence: stop at the comment's end
      body.push(strip(lines[i]));
    }
    blocks.push(makeBlock(relPath, start, body));
  }
  return blocks;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(p);
      return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    })
    .sort();
}

const docFiles = readdirSync(join(repo, "docs"))
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => `docs/${f}`);
const srcFiles = sourceFiles(join(repo, "src")).map((f) => relative(repo, f));
const blocks = [
  ...["README.md", ...docFiles].flatMap(markdownBlocks),
  ...srcFiles.flatMap(tsdocBlocks),
];

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runProcess(cmd: string, args: string[], timeoutMs: number): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

/** Run an ES module in a worker thread, collecting its output and exit code like a process. */
function runWorker(file: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((done) => {
    const w = new Worker(pathToFileURL(file), { stdout: true, stderr: true });
    let stdout = "";
    let stderr = "";
    let failure = "";
    const ended = [w.stdout, w.stderr].map(
      (s, i) =>
        new Promise<void>((end) => {
          s.setEncoding("utf8");
          s.on("data", (d: string) => {
            if (i === 0) stdout += d;
            else stderr += d;
          });
          s.on("end", end);
        }),
    );
    w.on("error", (e: Error) => {
      failure = `${e.stack ?? e}\n`;
    });
    const timer = setTimeout(() => {
      failure = `timed out after ${timeoutMs} ms\n`;
      void w.terminate();
    }, timeoutMs);
    w.on("exit", async (code) => {
      clearTimeout(timer);
      await Promise.all(ended);
      done({ status: failure === "" ? code : 1, stdout, stderr: `${stderr}${failure}` });
    });
  });
}

let dir = "";
let typeCheck: Outcome = { status: null, stdout: "", stderr: "" };
const runs = new Map<string, Outcome | { buildError: string }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "manifold-geom-docs-"));
  const files = blocks.map((b) => {
    const file = join(dir, `${b.stem}.ts`);
    writeFileSync(file, `${b.code}\nexport {};\n`);
    return file;
  });
  // One tsc run over all blocks (each file is its own module, so names do not clash), in
  // parallel with running the blocks.
  const tsc = runProcess(
    join(repo, "node_modules", ".bin", "tsc"),
    [
      "--noEmit",
      "--strict",
      "--target",
      "ES2022",
      "--module",
      "ESNext",
      "--moduleResolution",
      "Bundler",
      "--lib",
      "ES2022,DOM",
      "--types",
      "node",
      "--typeRoots",
      join(repo, "node_modules", "@types"),
      "--skipLibCheck",
      "--allowImportingTsExtensions",
      ...files,
    ],
    120_000,
  );
  // Bundle every block in one esbuild call (the library code goes to shared chunks), then run
  // each bundle in its own worker thread, two at a time: a worker starts far faster than a Node
  // process and still isolates the block (its own globals, stdout, stderr and exit code).
  const entries = blocks.map((b) => ({ in: join(dir, `${b.stem}.ts`), out: b.stem }));
  const outdir = join(dir, "out");
  const buildErrors = new Map<string, string>();
  const options = {
    bundle: true,
    platform: "node",
    format: "esm",
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
  } as const;
  try {
    await build({ ...options, entryPoints: entries, outdir, splitting: true });
  } catch {
    // Some block does not bundle: bundle each on its own, so that only the broken ones fail.
    for (const [i, b] of blocks.entries()) {
      try {
        await build({ ...options, entryPoints: [entries[i]], outdir });
      } catch (e) {
        buildErrors.set(b.name, String(e));
      }
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < blocks.length) {
      const b = blocks[next++];
      const buildError = buildErrors.get(b.name);
      runs.set(
        b.name,
        buildError === undefined
          ? await runWorker(join(outdir, `${b.stem}.mjs`), 20_000)
          : { buildError },
      );
    }
  };
  await Promise.all([worker(), worker()]);
  typeCheck = await tsc;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("documentation examples", () => {
  it("finds the examples of README.md, of every docs page and of the TSDoc comments", () => {
    expect(blocks.filter((b) => b.name.startsWith("README.md")).length).toBeGreaterThanOrEqual(2);
    for (const f of docFiles) {
      if (f === "docs/README.md") continue;
      expect(
        blocks.some((b) => b.name.startsWith(`${f}:`)),
        f,
      ).toBe(true);
    }
    expect(blocks.filter((b) => b.name.startsWith("src/")).length).toBeGreaterThanOrEqual(50);
  });

  for (const b of blocks) {
    it(`${b.name} runs and type-checks`, () => {
      const run = runs.get(b.name);
      expect(run, `${b.name} was not run`).toBeDefined();
      if (run === undefined) return;
      if ("buildError" in run) throw new Error(`${b.name} does not bundle: ${run.buildError}`);
      expect(run.stderr, `${b.name} wrote to stderr`).toBe("");
      expect(run.status, `${b.name} exit code`).toBe(0);
      expect(run.stdout.length, `${b.name} prints something`).toBeGreaterThan(0);
      const output = `${typeCheck.stdout}${typeCheck.stderr}`;
      const mine = output
        .split("\n")
        .filter((l) => l.includes(`${b.stem}.ts`))
        .join("\n");
      expect(mine, `${b.name} type errors`).toBe("");
    });
  }

  it("tsc accepts every example together (strict)", () => {
    expect(`${typeCheck.stdout}${typeCheck.stderr}`).toBe("");
    expect(typeCheck.status).toBe(0);
  });
});
