"""Reference SEC vector fields with numpy, following GUIDE §4 exactly (same formulas as src/sec).

usage: sec.py <header.json> <reps> [einsum|blas]
matrices: phi (N x M), xi (1 x M), w (1 x N), X (N x n), all from one CIDM fit.
params: n1, n2, nFields, gramTol

lam = xi / xi[1]
c_ijm = sum_s w_s phi_i phi_j phi_m                      (i, j < n1, m < n2)
Mode "einsum" (default) writes each N-long sum as one multi-operand einsum of the formula
(np.einsum(..., optimize=True)); mode "blas" forms the elementwise products explicitly and
contracts them with two-operand einsums, which numpy hands to BLAS (about 10x faster here).
g_ijm = (lam_i + lam_j - lam_m) c_ijm / 2,   a_ijm = (lam_j - lam_i + lam_m) c_ijm / 2
G_(ij),(kl) = sum_m c_ikm g_jlm,  Ed = sum_m (g_ikm g_jlm - g_ilm g_jkm),  Edelta = A A^T
E u = mu G u on the G-eigendirections above gramTol * max (eigh twice)
Gamma(phi_j, X_t) = sum_{m,p} xhat_mt (lam_j + lam_m - lam_p) c_jmp / 2 phi_p, evaluated by the
cheaper of the two contraction orders (as src/sec does), then the fields at the points.
"""

import numpy as np
from common import emit, load_case, time_runs


def contract3(a, b, c, blas):
    """sum_s a[s, i] b[s, j] c[s, k] -> [i, j, k]."""
    if not blas:
        return np.einsum("si,sj,sk->ijk", a, b, c, optimize=True)
    B = (a[:, :, None] * b[:, None, :]).reshape(a.shape[0], -1)
    return np.einsum("sq,sk->qk", B, c, optimize=True).reshape(a.shape[1], b.shape[1], c.shape[1])


def gamma_coordinates(phi2, w, lam, xhat, n1, n2, blas):
    N, n = phi2.shape[0], xhat.shape[1]
    tensor = N * n1 * n2 * n2 + 2 * n1 * n2 * n2 * n
    direct = 2 * N * n2 * n * (n1 + 1)
    P1 = phi2[:, 1:n1]
    if direct < tensor:
        Y = phi2 @ np.hstack([xhat, lam[:, None] * xhat])  # N x 2n: X~ and L X~
        S = contract3(w[:, None] * P1, Y, phi2, blas).transpose(2, 0, 1)  # p, j, c
        a = 0.5 * (lam[None, 1:n1] - lam[:, None])  # p x j
        h = a[:, :, None] * S[:, :, :n] + 0.5 * S[:, :, n:]
    else:
        c3 = contract3(w[:, None] * P1, phi2, phi2, blas)  # j, m, p
        coef = 0.5 * (lam[1:n1, None, None] + lam[None, :, None] - lam[None, None, :]) * c3
        h = np.einsum("jmp,mt->pjt", coef, xhat, optimize=True)
    return h  # n2 x (n1-1) x n


def sec_fields(phi, xi, w, X, n1, n2, n_fields, gram_tol, blas):
    lam = xi[:n2] / xi[1]
    P1 = phi[:, :n1]
    P2 = np.ascontiguousarray(phi[:, :n2])
    F = n1 * (n1 - 1)
    c = contract3(w[:, None] * P1, P1, P2, blas)
    g = 0.5 * (lam[:n1, None, None] + lam[None, :n1, None] - lam[None, None, :]) * c
    a = 0.5 * (lam[None, :n1, None] - lam[:n1, None, None] + lam[None, None, :]) * c
    G = np.einsum("ikm,jlm->ijkl", c, g, optimize=True)[:, 1:, :, 1:].reshape(F, F)
    Ed = (np.einsum("ikm,jlm->ijkl", g, g, optimize=True)
          - np.einsum("ilm,jkm->ijkl", g, g, optimize=True))[:, 1:, :, 1:].reshape(F, F)
    A = a[:, 1:, :].reshape(F, n2)
    E = A @ A.T + Ed
    ev, V = np.linalg.eigh(G)
    keep = ev > gram_tol * ev[-1]
    W = V[:, keep] / np.sqrt(ev[keep])
    mu, Y = np.linalg.eigh(W.T @ E @ W)
    U = W @ Y[:, :n_fields]
    xhat = P2.T @ (w[:, None] * X)
    h = gamma_coordinates(P2, w, lam, xhat, n1, n2, blas)
    gam = (P2 @ h.reshape(n2, -1)).reshape(X.shape[0], n1 - 1, X.shape[1])  # s, j, t
    alpha = P1 @ U.reshape(n1, n1 - 1, n_fields).reshape(n1, -1)  # s, (j k)
    alpha = alpha.reshape(X.shape[0], n1 - 1, n_fields)
    values = np.einsum("sjk,sjt->kst", alpha, gam, optimize=True)
    return mu[:n_fields], values


def main():
    mats, p, reps, extra = load_case()
    blas = bool(extra) and extra[0] == "blas"
    phi, X = mats["phi"], mats["X"]
    xi, w = mats["xi"].ravel(), mats["w"].ravel()
    args = (int(p["n1"]), int(p["n2"]), int(p["nFields"]), float(p["gramTol"]))
    fn = lambda: sec_fields(phi, xi, w, X, *args, blas)  # noqa: E731
    (mu, values), times = time_runs(fn, reps)
    norms = np.sqrt((values**2).sum(axis=2)).mean(axis=1)
    emit(times, {"mu": mu.tolist(), "meanNorms": norms.tolist()})


if __name__ == "__main__":
    main()
