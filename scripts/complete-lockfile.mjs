// Add lockfile entries for optional platform packages that the registry mirror here does not
// serve (e.g. @biomejs/cli-darwin-arm64, @rollup/rollup-win32-x64-msvc). `npm install` leaves
// them out of package-lock.json when their manifests 404, and `npm ci` then refuses the lock as
// out of sync. Each stub names the version its parent asks for and is marked optional, so
// `npm ci` skips it on platforms it does not fit (or where it cannot be fetched).
// Run after `npm install`: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const pkgs = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[top]) continue;
    pkgs[top] = { version, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
