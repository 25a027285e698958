"""Reference dense kernel block with numpy (GUIDE section 8), in row chunks like our side.

usage: gpu.py <header.json> <reps>
matrices: X (Q x n queries), Y (N x n training points), rhoX (1 x Q), rhoY (1 x N)
params: eps, chunk (query rows per chunk)

K_ij = exp(-|x_i - y_j|^2 / (eps rho_i rho_j)); |x - y|^2 = |x|^2 + |y|^2 - 2 x.y by BLAS
(clamped at 0). The result compared is the row sums of K (check: rowSums).
"""

import numpy as np
from common import emit, load_case, time_runs


def kernel_row_sums(X, Y, rx, ry, eps, chunk):
    ny = np.einsum("ij,ij->i", Y, Y)
    out = np.empty(X.shape[0])
    for a in range(0, X.shape[0], chunk):
        b = min(X.shape[0], a + chunk)
        Xa = X[a:b]
        S = np.einsum("ij,ij->i", Xa, Xa)[:, None] + ny[None, :] - 2.0 * (Xa @ Y.T)
        np.maximum(S, 0.0, out=S)
        S /= eps * np.outer(rx[a:b], ry)
        np.negative(S, out=S)
        np.exp(S, out=S)
        out[a:b] = S.sum(axis=1)
    return out


def main():
    mats, params, reps, _ = load_case()
    X, Y = mats["X"], mats["Y"]
    rx, ry = mats["rhoX"].ravel(), mats["rhoY"].ravel()
    eps, chunk = float(params["eps"]), int(params["chunk"])
    sums, times = time_runs(lambda: kernel_row_sums(X, Y, rx, ry, eps, chunk), reps)
    emit(times, {"rowSums": sums.tolist()})


if __name__ == "__main__":
    main()
