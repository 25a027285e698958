/**
 * Worker-thread entry of the pool (src/parallel/pool.ts). Receives one setup message, then
 * tasks; answers each task with its result (typed arrays transferred) or its error.
 * Loaded only inside a worker thread; importing it elsewhere does nothing.
 *
 * @module
 */
import { isMainThread, parentPort } from "node:worker_threads";
import type { Setup, Task } from "./tasks.js";
import { errorToMessage, resultBuffers, runTask } from "./tasks.js";

/** A message from the pool. */
export type ToWorker =
  | { readonly type: "setup"; readonly setup: Setup }
  | { readonly type: "task"; readonly id: number; readonly task: Task };

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  let setup: Setup | undefined;
  port.on("message", (msg: ToWorker) => {
    if (msg.type === "setup") {
      setup = msg.setup;
      return;
    }
    try {
      const result = runTask(setup, msg.task);
      port.postMessage({ id: msg.id, ok: true, result }, resultBuffers(result));
    } catch (e) {
      port.postMessage({ id: msg.id, ok: false, error: errorToMessage(e) });
    }
  });
  port.postMessage({ ready: true });
}
