/** Helpers shared by the examples (not part of the library). */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** True when the module at `url` is the script Node was asked to run. */
export function isMain(url: string): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(fileURLToPath(url)) === realpathSync(arg);
  } catch {
    return false;
  }
}

/** Print a section heading. */
export function heading(title: string): void {
  console.log(`\n${"━".repeat(78)}\n${title}\n${"━".repeat(78)}`);
}
