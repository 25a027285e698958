"""Reference CIDM with numpy/scipy, following GUIDE §2 exactly (same rules as src/cidm).

usage: cidm.py <header.json> <reps>
params: k, kappa, nEigs, tol, threads

cKDTree (low dimension) or blocked brute force (high dimension) kNN, self-inclusive
-> rho_i = mean of the k nearest distances (own 0 included), r_kappa
-> support: symmetric kappa-NN relation
-> eps by the slope rule over each point with its kappa nearest (grid 2^-10..2^6, step 1/4,
   eps at the geometric midpoint of the steepest interval)
-> K_ij = exp(-|x_i - x_j|^2 / (eps rho_i rho_j)), S = D^-1/2 K D^-1/2
-> scipy.sparse.linalg.eigsh(S, nEigs, which="LA", tol).
"""

import numpy as np
import scipy.sparse as sp
from common import emit, load_case, time_runs
from knn import knn_brute, knn_kdtree
from scipy.sparse.linalg import eigsh


def cidm(X, k, kappa, n_eigs, tol, threads):
    N = X.shape[0]
    K = max(k, kappa)
    if X.shape[1] <= 16:
        idx, d = knn_kdtree(X, K, threads)
    else:
        idx, d = knn_brute(X, K)
    rho = d[:, :k].mean(axis=1)
    nbr = idx[:, :kappa]
    delta2 = (d[:, :kappa] ** 2 / (rho[:, None] * rho[nbr])).ravel()
    grid = np.arange(-10, 6 + 1e-9, 0.25)
    logS = np.array([np.log(np.exp(-delta2 / 2.0**a).sum()) for a in grid])
    slopes = np.diff(logS) / (0.25 * np.log(2))
    best = int(np.argmax(slopes))
    eps = 2.0 ** (grid[best] + 0.125)
    rows = np.repeat(np.arange(N), kappa)
    pat = sp.csr_matrix((np.ones(rows.size), (rows, nbr.ravel())), shape=(N, N))
    pat = (pat + pat.T).tocoo()
    r, c = pat.row, pat.col
    d2 = ((X[r] - X[c]) ** 2).sum(axis=1)
    Km = sp.csr_matrix((np.exp(-d2 / (eps * (rho[r] * rho[c]))), (r, c)), shape=(N, N))
    D = np.asarray(Km.sum(axis=1)).ravel()
    s = 1.0 / np.sqrt(D)
    S = sp.diags(s) @ Km @ sp.diags(s)
    lam = eigsh(S, k=n_eigs, which="LA", tol=tol, return_eigenvectors=False)
    lam = np.sort(lam)[::-1]
    return {"xi": (1.0 - lam).tolist(), "eps": eps, "intrinsicDim": 2 * slopes[best]}


def main():
    mats, params, reps, _ = load_case()
    X = mats["X"]
    p = params
    fn = lambda: cidm(X, int(p["k"]), int(p["kappa"]), int(p["nEigs"]), float(p["tol"]), int(p["threads"]))  # noqa: E731
    result, times = time_runs(fn, reps)
    emit(times, result)


if __name__ == "__main__":
    main()
