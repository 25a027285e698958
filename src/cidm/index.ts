/**
 * Conformally invariant diffusion maps (GUIDE §2).
 * @module
 */

export { type LaplacianEigsOptions, laplacianEigs, requireConnected } from "./eigs.js";
export { type CidmOptions, cidm, reviveCidmModel } from "./fit.js";
export { bandwidthFromNeighbors, cidmKernel } from "./kernel.js";
export { type TuneBandwidthOptions, tuneBandwidth } from "./tune.js";
export type {
  BandwidthTuning,
  CidmKernel,
  CidmKernelOptions,
  CidmLandmarks,
  CidmModel,
  LaplacianEigs,
} from "./types.js";
