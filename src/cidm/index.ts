/**
 * Conformally invariant diffusion maps (GUIDE §2).
 * @module
 */
export { cidm, type CidmOptions, reviveCidmModel } from "./fit.js";
export { bandwidthFromNeighbors, cidmKernel } from "./kernel.js";
export { laplacianEigs, type LaplacianEigsOptions, requireConnected } from "./eigs.js";
export { tuneBandwidth, type TuneBandwidthOptions } from "./tune.js";
export type { BandwidthTuning, CidmKernel, CidmKernelOptions, CidmModel, LaplacianEigs } from "./types.js";
