"""Approximate Buchberger-Moeller (ABM) with numpy: the same algorithm as src/vanishing/abm.ts.

usage: vanishing.py <header.json> <reps>
  params: psi, maxDegree, tol. For each degree d, border terms (all degree-(d-1) divisors in O)
  in increasing degree-lexicographic order; for each border term t the evaluation column is
  Gram-Schmidt'ed (twice) against Q, R' = [[R, r], [0, rho]] and np.linalg.svd(R') gives the
  smallest singular pair; sigma/sqrt(m) <= psi + tol gives a generator, else t joins O.
  check: order terms, leading terms, and generator coefficient vectors.
"""

import numpy as np
from common import emit, load_case, time_runs


def deglex_key(e):
    return (sum(e), tuple(e))


def abm(X, psi, max_degree, tol):
    m, n = X.shape
    sqrt_m = np.sqrt(m)
    thr = (psi + tol) * sqrt_m
    order = [tuple([0] * n)]
    index = {order[0]: 0}
    evals = [np.ones(m)]
    Q = np.zeros((m, 0))
    Q = np.hstack([Q, np.full((m, 1), 1 / sqrt_m)])
    R = np.array([[sqrt_m]])
    gens = []
    for d in range(1, max_degree + 1):
        border = set()
        for o in order:
            if sum(o) != d - 1:
                continue
            for i in range(n):
                t = list(o)
                t[i] += 1
                ok = all(
                    tuple(t[:j] + [t[j] - 1] + t[j + 1 :]) in index for j in range(n) if t[j] > 0
                )
                if ok:
                    border.add(tuple(t))
        if not border:
            break
        for t in sorted(border, key=deglex_key):
            j = next(i for i in range(n) if t[i] > 0)
            o = list(t)
            o[j] -= 1
            b = evals[index[tuple(o)]] * X[:, j]
            r = Q.T @ b
            w = b - Q @ r
            r2 = Q.T @ w
            w -= Q @ r2
            r += r2
            rho = np.linalg.norm(w)
            k = Q.shape[1]
            Rp = np.zeros((k + 1, k + 1))
            Rp[:k, :k] = R
            Rp[:k, k] = r
            Rp[k, k] = rho
            _, s, Vt = np.linalg.svd(Rp)
            if s[-1] <= thr:
                v = Vt[-1]
                if v[-1] < 0:
                    v = -v
                gens.append((list(t), v))
            else:
                Q = np.hstack([Q, (w / rho)[:, None]])
                R = Rp
                evals.append(b)
                index[t] = len(order)
                order.append(t)
    return order, gens


def main():
    mats, params, reps, _ = load_case()
    X = mats["X"]
    fn = lambda: abm(X, params["psi"], params["maxDegree"], params["tol"])  # noqa: E731
    (order, gens), times = time_runs(fn, reps)
    emit(
        times,
        {
            "orderTerms": [list(o) for o in order],
            "leadingTerms": [t for t, _ in gens],
            "coefficients": [v.tolist() for _, v in gens],
        },
    )


if __name__ == "__main__":
    main()
