/**
 * Every ```ts block of README.md and docs/*.md is a complete program: it is bundled with
 * esbuild (the "manifold-geom" import rewritten to this checkout's src/index.ts), run with
 * Node (exit code 0, nothing on stderr), and type-checked with tsc in strict mode.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const entry = join(repo, "src", "index.ts");

interface Block {
  /** "docs/cidm.md:42" — the file and the line of the opening fence. */
  name: string;
  /** Temporary file name stem. */
  stem: string;
  code: string;
}

/** The ```ts blocks of one Markdown file, with the line number of each opening fence. */
function tsBlocks(relPath: string): Block[] {
  const lines = readFileSync(join(repo, relPath), "utf8").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```ts") continue;
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== "```"; i++) body.push(lines[i]);
    const code = body
      .join("\n")
      .replace(/from\s+"manifold-geom"/g, `from ${JSON.stringify(entry)}`)
      .replace(/from\s+"manifold-geom\/grassmann"/g, `from ${JSON.stringify(entry)}`);
    blocks.push({
      name: `${relPath}:${start}`,
      stem: `${relPath.replace(/[^A-Za-z0-9]/g, "_")}_${start}`,
      code,
    });
  }
  return blocks;
}

const docFiles = readdirSync(join(repo, "docs"))
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => `docs/${f}`);
const blocks = ["README.md", ...docFiles].flatMap(tsBlocks);

let dir = "";
let typeCheck: { status: number | null; output: string } = { status: null, output: "" };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "manifold-geom-docs-"));
  const files = blocks.map((b) => {
    const file = join(dir, `${b.stem}.ts`);
    writeFileSync(file, `${b.code}\nexport {};\n`);
    return file;
  });
  // One tsc run over all blocks (each file is its own module, so names do not clash).
  const tsc = spawnSync(
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
    { cwd: repo, encoding: "utf8" },
  );
  typeCheck = { status: tsc.status, output: `${tsc.stdout}${tsc.stderr}` };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("documentation examples", () => {
  it("finds the examples of README.md and of every docs page", () => {
    expect(blocks.filter((b) => b.name.startsWith("README.md")).length).toBeGreaterThanOrEqual(2);
    for (const f of docFiles) {
      if (f === "docs/README.md") continue;
      expect(
        blocks.some((b) => b.name.startsWith(`${f}:`)),
        f,
      ).toBe(true);
    }
  });

  for (const b of blocks) {
    it(`${b.name} runs and type-checks`, async () => {
      const out = await build({
        stdin: { contents: b.code, resolveDir: repo, sourcefile: `${b.stem}.ts`, loader: "ts" },
        bundle: true,
        platform: "node",
        format: "esm",
        write: false,
        logLevel: "silent",
      });
      const bundle = join(dir, `${b.stem}.mjs`);
      writeFileSync(bundle, out.outputFiles[0].text);
      const run = spawnSync(process.execPath, [bundle], { encoding: "utf8", timeout: 20_000 });
      expect(run.stderr, `${b.name} wrote to stderr`).toBe("");
      expect(run.status, `${b.name} exit code`).toBe(0);
      expect(run.stdout.length, `${b.name} prints something`).toBeGreaterThan(0);
      const mine = typeCheck.output
        .split("\n")
        .filter((l) => l.includes(`${b.stem}.ts`))
        .join("\n");
      expect(mine, `${b.name} type errors`).toBe("");
    });
  }

  it("tsc accepts every example together (strict)", () => {
    expect(typeCheck.output).toBe("");
    expect(typeCheck.status).toBe(0);
  });
});
