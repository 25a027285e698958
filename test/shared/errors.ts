/** Error helpers shared by the test suites. */
import { ManifoldError } from "../../src/errors/index.js";

/**
 * The `code` of the ManifoldError that `f` throws, or undefined when it returns. Any other
 * error is re-thrown, so a TypeError cannot pass for an expected failure.
 */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof ManifoldError) return e.code;
    throw e;
  }
  return undefined;
}
