"""k nearest neighbours (self-inclusive) of every row of X.

usage: knn.py <header.json> <reps> kdtree|brute
  kdtree: scipy.spatial.cKDTree(X).query(X, k, workers=threads) (tree build included)
  brute:  blocked |x|^2 + |y|^2 - 2 X Y^T on 2000-row blocks, argpartition, sort of the k
params: k, sampleRows (rows whose neighbours are returned for the agreement check), threads
"""

import numpy as np
from common import emit, load_case, time_runs


def knn_kdtree(X, k, workers):
    from scipy.spatial import cKDTree

    d, i = cKDTree(X).query(X, k, workers=workers)
    return i, d


def knn_brute(X, k, block=2000):
    n = X.shape[0]
    sq = np.einsum("ij,ij->i", X, X)
    idx = np.empty((n, k), dtype=np.int64)
    dist = np.empty((n, k))
    for s in range(0, n, block):
        Q = X[s : s + block]
        D = sq[s : s + block, None] + sq[None, :] - 2.0 * (Q @ X.T)
        np.maximum(D, 0.0, out=D)
        part = np.argpartition(D, k - 1, axis=1)[:, :k]
        pd = np.take_along_axis(D, part, axis=1)
        order = np.argsort(pd, axis=1, kind="stable")
        idx[s : s + block] = np.take_along_axis(part, order, axis=1)
        dist[s : s + block] = np.sqrt(np.take_along_axis(pd, order, axis=1))
    return idx, dist


def main():
    mats, params, reps, args = load_case()
    X = mats["X"]
    k = int(params["k"])
    method = args[0] if args else "kdtree"
    threads = int(params.get("threads", 1))
    if method == "kdtree":
        fn = lambda: knn_kdtree(X, k, threads)  # noqa: E731
    elif method == "brute":
        fn = lambda: knn_brute(X, k)  # noqa: E731
    else:
        raise SystemExit(f"unknown method {method}")
    (idx, _), times = time_runs(fn, reps)
    rows = np.asarray(params["sampleRows"], dtype=np.int64)
    # Exact distances (differences, not the expansion) for the check, untimed.
    exact = np.linalg.norm(X[rows][:, None, :] - X[idx[rows]], axis=2)
    emit(times, {"rows": rows.tolist(), "indices": idx[rows].tolist(), "distances": exact.tolist()})


if __name__ == "__main__":
    main()
