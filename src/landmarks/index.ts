/**
 * Landmarks for CIDM at scale: landmark selection (farthest-point, k-means, random), the
 * landmark fit behind `cidm(points, { landmarks })`, and the progress/cancellation plumbing
 * (`onProgress`, `AbortSignal`) of long calls.
 *
 * @module
 */
export { autoLandmarkCount, EXTEND_BATCH, resolveLandmarkCount } from "./fit.js";
export type { ProgressOptions } from "./progress.js";
export {
  LANDMARK_METHODS,
  type LandmarkMethod,
  type LandmarkSelection,
  type SelectLandmarksOptions,
  selectLandmarks,
} from "./select.js";
