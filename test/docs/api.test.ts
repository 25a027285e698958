/**
 * Every export of the public entry points carries TSDoc with what issue 11 asks for (formula or
 * description, cost, errors, documented defaults, a runnable @example — the examples themselves
 * are run by examples.test.ts): scripts/check-api-docs.mjs exits non-zero on any gap.
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

it("every public export is fully documented", () => {
  const run = spawnSync(process.execPath, [join(repo, "scripts", "check-api-docs.mjs")], {
    cwd: repo,
    encoding: "utf8",
  });
  expect(run.stdout + run.stderr).toMatch(/0 with something missing, 0 without a doc comment/);
  expect(run.status).toBe(0);
});
