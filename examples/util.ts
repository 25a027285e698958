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

/** Folder the examples write their figures to. */
export const OUT_DIR = process.env.TOUR_OUTPUT_DIR ?? "tour-output";

const outputs: string[] = [];

/** Remember that an example wrote `path` (the tour lists them at the end). */
export function recordOutput(path: string): void {
  if (!outputs.includes(path)) outputs.push(path);
}

/** The files recorded by {@link recordOutput}, in the order they were first written. */
export function writtenFiles(): string[] {
  return [...outputs];
}

/**
 * Folder of the Fashion-MNIST IDX files: `FASHION_MNIST_DIR` from the environment, else the
 * library's default (the Debian package's folder). Point it at an empty folder to try the
 * examples' fallback to synthetic data.
 */
export function fashionDir(): string | undefined {
  return process.env.FASHION_MNIST_DIR || undefined;
}
