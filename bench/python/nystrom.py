"""Reference Nystrom projection with numpy/scipy, following GUIDE section 3 exactly (same rules as
src/nystrom), on a CIDM model fitted by our side (so both project with the identical model).

usage: nystrom.py <header.json> <reps>
matrices: X (N x n training points), phi (N x M), weights, rho, rKappa, lam (1 x N / 1 x M),
          Q (queries)
params: k, kappa, eps, nEigs (L), threads

row(x) = {j : |x - x_j| <= r_kappa(x)} U {j : |x - x_j| <= r_kappa(x_j)}
  forward: the kappa nearest (cKDTree query in low dimension, blocked BLAS distances in high),
  reverse: a cKDTree over the queries asked for each training point's ball of radius r_kappa(x_j)
  (low dimension), or the same distance blocks (high dimension)
rho(x) = mean of the k nearest distances
K_j = exp(-|x - x_j|^2 / (eps rho(x) rho_j)), normalised per row by log-sum-exp
iota(x) = sum_l xhat_l phi_l(x) = sum_j Khat_j Y_j,  Y = phi[:, :L] diag(1/lam) xhat,
xhat_l = sum_i w_i x_i phi_l(x_i).
The timed part is the projection only (table Y, neighbour searches, kernel rows, sums).
"""

import numpy as np
import scipy.sparse as sp
from common import emit, load_case, time_runs
from scipy.spatial import cKDTree


def rows_lowdim(X, Q, tree, kq, kappa, rkappa, workers):
    dist, idx = tree.query(Q, kq, workers=workers)
    nq = Q.shape[0]
    # forward set: the kappa nearest, or the whole ball when the (kappa+1)-th distance ties
    fq = np.repeat(np.arange(nq), kappa)
    fj = idx[:, :kappa].ravel()
    if kq > kappa:
        tie = np.nonzero(dist[:, kappa] <= dist[:, kappa - 1])[0]
        if tie.size:
            balls = tree.query_ball_point(Q[tie], dist[tie, kappa - 1])
            keep = ~np.isin(fq, tie)
            fq, fj = fq[keep], fj[keep]
            tq = np.concatenate([np.full(len(b), t) for t, b in zip(tie, balls)])
            tj = np.concatenate([np.asarray(b, dtype=np.int64) for b in balls])
            fq, fj = np.concatenate([fq, tq]), np.concatenate([fj, tj])
    qtree = cKDTree(Q)
    rev = qtree.query_ball_point(X, rkappa, workers=workers)
    lens = np.fromiter((len(r) for r in rev), dtype=np.int64, count=len(rev))
    rj = np.repeat(np.arange(X.shape[0]), lens)
    rq = np.fromiter((q for r in rev for q in r), dtype=np.int64, count=int(lens.sum()))
    return dist, fq, fj, rq, rj


def rows_highdim(X, Q, kq, kappa, rkappa, block=1000):
    nq = Q.shape[0]
    sx = np.einsum("ij,ij->i", X, X)
    dist = np.empty((nq, kq))
    fqs, fjs, rqs, rjs = [], [], [], []
    for s in range(0, nq, block):
        B = Q[s : s + block]
        D2 = np.einsum("ij,ij->i", B, B)[:, None] + sx[None, :] - 2.0 * (B @ X.T)
        np.maximum(D2, 0.0, out=D2)
        part = np.argpartition(D2, kq - 1, axis=1)[:, :kq]
        pd = np.take_along_axis(D2, part, axis=1)
        order = np.argsort(pd, axis=1, kind="stable")
        nb = np.take_along_axis(part, order, axis=1)
        dist[s : s + block] = np.sqrt(np.take_along_axis(pd, order, axis=1))
        fqs.append(np.repeat(np.arange(s, s + B.shape[0]), kappa))
        fjs.append(nb[:, :kappa].ravel())
        q, j = np.nonzero(D2 <= rkappa[None, :] ** 2)
        rqs.append(q + s)
        rjs.append(j)
    return dist, np.concatenate(fqs), np.concatenate(fjs), np.concatenate(rqs), np.concatenate(rjs)


def project(X, phi, w, rho, rkappa, lam, Q, k, kappa, eps, L, workers=1, tree=None):
    N, n = X.shape
    nq = Q.shape[0]
    xhat = (phi[:, :L] * w[:, None]).T @ X  # L x n
    Y = phi[:, :L] @ (xhat / lam[:L, None])  # N x n
    kq = min(N, max(k, kappa) + 1)
    if n <= 16:
        tree = tree if tree is not None else cKDTree(X)
        dist, fq, fj, rq, rj = rows_lowdim(X, Q, tree, kq, kappa, rkappa, workers)
    else:
        dist, fq, fj, rq, rj = rows_highdim(X, Q, kq, kappa, rkappa)
    rho_q = dist[:, :k].mean(axis=1)
    keys = np.unique(np.concatenate([fq * N + fj, rq * N + rj]))
    qi, ji = keys // N, keys % N
    d2 = ((Q[qi] - X[ji]) ** 2).sum(axis=1)
    logk = -d2 / (eps * (rho_q[qi] * rho[ji]))
    starts = np.searchsorted(qi, np.arange(nq))
    m = np.maximum.reduceat(logk, starts)
    e = np.exp(logk - m[qi])
    s = np.add.reduceat(e, starts)
    khat = e / s[qi]
    W = sp.csr_matrix((khat, (qi, ji)), shape=(nq, N))
    outside = np.ones(nq, dtype=bool)
    outside[rq] = False
    return W @ Y, outside


def main():
    mats, p, reps, _ = load_case()
    X, Q = mats["X"], mats["Q"]
    phi = mats["phi"]
    w, rho, rk, lam = (mats[name].ravel() for name in ("weights", "rho", "rKappa", "lam"))
    k, kappa, L, workers = int(p["k"]), int(p["kappa"]), int(p["nEigs"]), int(p["threads"])
    eps = float(p["eps"])

    tree = cKDTree(X) if X.shape[1] <= 16 else None  # the training index is built once, as ours is

    def fn():
        return project(X, phi, w, rho, rk, lam, Q, k, kappa, eps, L, workers, tree)

    (P, outside), times = time_runs(fn, reps)
    rows = np.asarray(p["sampleRows"], dtype=np.int64)
    emit(times, {"rows": rows.tolist(), "points": P[rows].tolist(), "outside": int(outside.sum())})


if __name__ == "__main__":
    main()
