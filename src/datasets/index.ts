/**
 * Test and benchmark data: closed-form manifolds (circle, flat and embedded tori, sphere),
 * ambient noise and random isometric embeddings, Gaussian clouds, and a Fashion-MNIST reader.
 * Every generator takes an options object and returns plain data `{ points: Matrix, ... }`;
 * every random one takes an explicit integer `seed`.
 *
 * @module
 */
export {
  type AddNoiseOptions,
  addNoise,
  type EmbeddedData,
  type EmbedOptions,
  embedInHighDim,
  type GaussianCloudOptions,
  gaussianCloud,
} from "./ambient.js";
export { type CircleData, type CircleOptions, circle } from "./circle.js";
export {
  decodeFashionMnist,
  FASHION_MNIST_DIR,
  type FashionMnistData,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  type IdxArray,
  type LoadFashionMnistOptions,
  loadFashionMnist,
  parseIdx,
} from "./fashion-mnist.js";
export { type SphereData, type SphereOptions, sphere } from "./sphere.js";
export {
  type EmbeddedTorusOptions,
  embeddedTorus,
  type FlatTorusOptions,
  flatTorus,
  PLASTIC_NUMBER,
  type TorusData,
} from "./torus.js";
