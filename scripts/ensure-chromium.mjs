// Runs before `npm test`: the browser tests (GPU backend, demo) drive Debian's Chromium at
// /usr/bin/chromium through playwright-core. When it is missing, install it with apt-get (as root,
// or through passwordless sudo); otherwise say how, and let the browser tests report it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = !root && spawnSync("sudo", ["-n", "true"]).status === 0;
  if (root || sudo) {
    console.log("installing Debian's chromium for the browser tests (apt-get install chromium)…");
    const run = (args) =>
      spawnSync(sudo ? "sudo" : args[0], sudo ? ["-n", ...args] : args.slice(1), {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      }).status;
    if (
      run(["apt-get", "update", "-qq"]) !== 0 ||
      run(["apt-get", "install", "-y", "-qq", "chromium"]) !== 0
    ) {
      console.warn(
        "could not install chromium; the browser tests will fail (apt-get install chromium).",
      );
    }
  } else {
    console.warn(
      `${CHROMIUM} is missing: run \`sudo apt-get install chromium\` for the browser tests.`,
    );
  }
}
