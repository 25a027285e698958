/**
 * Worker-thread parallelism, progress and cancellation for the long-running calls: asynchronous
 * versions of `knn`, `knnQuery`, `nystromProject` and `nystromExtend` whose results equal the
 * single-threaded functions' bit for bit, and the streaming Nyström maps of
 * src/nystrom/stream.ts. See docs/parallel.md.
 *
 * @module
 */

export {
  type BatchSource,
  type NystromExtendStreamOptions,
  type NystromProjectStreamOptions,
  nystromExtendStream,
  nystromProjectStream,
  STREAM_BATCHES_PER_WORKER,
} from "../nystrom/stream.js";
export {
  KNN_MAX_CHUNK,
  type KnnAsyncOptions,
  type KnnQueryAsyncOptions,
  knnAsync,
  knnQueryAsync,
} from "./knn.js";
export {
  NYSTROM_BATCH,
  type NystromExtendAsyncOptions,
  type NystromProjectAsyncOptions,
  nystromExtendAsync,
  nystromProjectAsync,
} from "./nystrom.js";
export {
  defaultWorkers,
  MAX_DEFAULT_WORKERS,
  type ParallelOptions,
  type ProgressCallback,
} from "./options.js";
export { createWorkerPool, liveWorkerCount, type WorkerPool } from "./pool.js";
