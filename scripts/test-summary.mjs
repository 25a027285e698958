// Print "N passed, N failed" from vitest's JSON report (written by `npm test`).
// A test file that fails to load has no test results; it counts as one failure
// so that it cannot hide.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2] ?? ".vitest-report.json", "utf8"));
const loadFailures = (report.testResults ?? []).filter(
  (r) => r.status === "failed" && (r.assertionResults ?? []).length === 0,
).length;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests + loadFailures} failed`);
