"""Schubert variety of best fit: the paper's baseline (Karimov, Kirby & Peterson 2023, eq. 6).

usage: schubert.py <header.json> <reps> adam
  Minimise  -sum_i |X_i^T K b_i|^2 + lam0 * |K^T K - I|_F^2  over K (n x k) and b_i = beta_i/|beta_i|
  with Adam (lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay), lam0 = 1e4, K and beta
  initialised element-wise U[0, 1] (seeded), params.iters iterations (the paper: 40 000).
  The penalty matrix of eq. 6 is read as its squared Frobenius norm. Gradients are analytic
  (what autograd computes for this loss). One run only: the baseline is a fixed-length optimisation
  whose duration is the quantity of interest (reps is ignored).
  check: objective = F2(polar(K)) with c = 1, i.e. mean over i of the largest squared cosine
  between span(X_i) and span(K) after orthonormalising K; raw = mean |X_i^T K b_i|^2 at the final
  (not exactly orthonormal) K; defect = max |K^T K - I|; the objective every 1000 iterations.
"""

import time

import numpy as np
from common import emit, load_case


def f2_c1(C, r, l, K):
    U, _, Vt = np.linalg.svd(K, full_matrices=False)
    Kp = U @ Vt
    T = (C.T @ Kp).reshape(r, l, -1)
    s = np.linalg.svd(T, compute_uv=False)
    return float(np.mean(s[:, 0] ** 2))


def adam_svbf(C, r, l, k, iters, lam0=1e4, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8, seed=0):
    n = C.shape[0]
    rng = np.random.default_rng(seed)
    K = rng.uniform(0.0, 1.0, (n, k))
    beta = rng.uniform(0.0, 1.0, (r, k))
    mK = np.zeros_like(K)
    vK = np.zeros_like(K)
    mB = np.zeros_like(beta)
    vB = np.zeros_like(beta)
    eye = np.eye(k)
    trace = []
    for t in range(1, iters + 1):
        nb = np.linalg.norm(beta, axis=1, keepdims=True)
        b = beta / nb
        T = (C.T @ K).reshape(r, l, k)  # X_i^T K
        y = np.einsum("rlk,rk->rl", T, b)  # X_i^T K b_i
        W = (y[:, :, None] * b[:, None, :]).reshape(r * l, k)
        D = K.T @ K - eye
        gK = -2.0 * (C @ W) + 4.0 * lam0 * (K @ D)
        gb = -2.0 * np.einsum("rlk,rl->rk", T, y)
        gbeta = (gb - np.sum(gb * b, axis=1, keepdims=True) * b) / nb
        for p, g, m, v in ((K, gK, mK, vK), (beta, gbeta, mB, vB)):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        if t % 1000 == 0:
            trace.append(f2_c1(C, r, l, K))
    nb = np.linalg.norm(beta, axis=1, keepdims=True)
    b = beta / nb
    T = (C.T @ K).reshape(r, l, k)
    y = np.einsum("rlk,rk->rl", T, b)
    raw = float(np.mean(np.sum(y * y, axis=1)))
    defect = float(np.max(np.abs(K.T @ K - eye)))
    return K, f2_c1(C, r, l, K), raw, defect, trace


def main():
    mats, params, _reps, args = load_case()
    if args[0] != "adam":
        raise SystemExit(f"unknown op {args[0]}")
    X = mats["X"]  # r*n x l: the samples stacked vertically
    r, n, l, k = params["r"], params["n"], params["l"], params["k"]
    C = np.hstack([X[i * n : (i + 1) * n] for i in range(r)])  # n x (r l)
    t0 = time.perf_counter()
    _K, obj, raw, defect, trace = adam_svbf(C, r, l, k, params["iters"])
    elapsed = time.perf_counter() - t0
    emit([elapsed], {"seconds": elapsed, "objective": obj, "raw": raw, "defect": defect, "trace": trace})


if __name__ == "__main__":
    main()
