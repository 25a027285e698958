"""Grassmann geometry with numpy/scipy.

usage: grassmann.py <header.json> <reps> angles|flagmean|flagmedian|planted
  angles:     scipy.linalg.subspace_angles(A_i, B_i) for each stacked pair (params.pairs, n, p)
              check: all angles, pair by pair (ascending)
  flagmean:   top-k left singular vectors of the concatenation [X_1 ... X_r] (np.linalg.svd)
              check: the n x k basis (row-major)
  flagmedian: IRLS, weights 1/max(d_i, eta) with chordal d_i = sqrt(k - |X_i^T K|_F^2),
              weighted flag mean by np.linalg.svd, stop when the largest principal angle between
              successive iterates is <= tol          check: basis and iteration count
  planted:    subspace_angles on the GUIDE §10 planted pair, 1000 calls   check: the angles scipy returns
"""

import numpy as np
import scipy.linalg as sl
from common import emit, load_case, time_runs


def split(M, count, n):
    return [M[i * n : (i + 1) * n] for i in range(count)]


def flag_mean(points, k, w=None):
    if w is None:
        C = np.hstack(points)
    else:
        C = np.hstack([np.sqrt(wi) * X for wi, X in zip(w, points)])
    U, _, _ = np.linalg.svd(C, full_matrices=False)
    return U[:, :k]


def flag_median(points, k, tol, max_iter, eta):
    K = flag_mean(points, k)
    it = 0
    while it < max_iter:
        d = np.array([np.sqrt(max(0.0, k - np.sum((X.T @ K) ** 2))) for X in points])
        w = 1.0 / np.maximum(d, eta)
        nxt = flag_mean(points, k, w)
        it += 1
        step = np.max(sl.subspace_angles(K, nxt))
        K = nxt
        if step <= tol:
            break
    return K, it


def main():
    mats, params, reps, args = load_case()
    op = args[0]
    if op == "angles":
        As = split(mats["A"], params["pairs"], params["n"])
        Bs = split(mats["B"], params["pairs"], params["n"])
        run = lambda: [np.sort(sl.subspace_angles(a, b)) for a, b in zip(As, Bs)]
        res, times = time_runs(run, reps)
        check = {"angles": [t.tolist() for t in res]}
    elif op in ("flagmean", "flagmedian"):
        pts = split(mats["X"], params["count"], params["n"])
        k = params["k"]
        if op == "flagmean":
            K, times = time_runs(lambda: flag_mean(pts, k), reps)
            check = {"basis": K.ravel().tolist()}
        else:
            (K, it), times = time_runs(
                lambda: flag_median(pts, k, params["tol"], params["maxIter"], params["eta"]), reps
            )
            check = {"basis": K.ravel().tolist(), "iterations": it}
    elif op == "planted":
        A, B = mats["A"], mats["B"]
        res, times = time_runs(lambda: [np.sort(sl.subspace_angles(A, B)) for _ in range(1000)][-1], reps)
        check = {"angles": res.tolist()}
    else:
        raise SystemExit(f"unknown op {op}")
    emit(times, check)


if __name__ == "__main__":
    main()
