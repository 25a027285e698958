"""Dense linear algebra with numpy (LAPACK/OpenBLAS).

usage: linalg.py <header.json> <reps> matmul|eigh|svd
  matmul: A @ B            check: C at params.sampleRows x params.sampleCols
  eigh:   np.linalg.eigh(A)  check: eigenvalues ascending
  svd:    np.linalg.svd(A, full_matrices=False)  check: singular values descending
"""

import numpy as np
from common import emit, load_case, time_runs


def main():
    mats, params, reps, args = load_case()
    op = args[0]
    A = mats["A"]
    if op == "matmul":
        B = mats["B"]
        C, times = time_runs(lambda: A @ B, reps)
        r = np.asarray(params["sampleRows"], dtype=np.int64)
        c = np.asarray(params["sampleCols"], dtype=np.int64)
        check = {"values": C[np.ix_(r, c)].ravel().tolist()}
    elif op == "eigh":
        (w, _), times = time_runs(lambda: np.linalg.eigh(A), reps)
        check = {"values": w.tolist()}
    elif op == "svd":
        (_, s, _), times = time_runs(lambda: np.linalg.svd(A, full_matrices=False), reps)
        check = {"values": s.tolist()}
    else:
        raise SystemExit(f"unknown op {op}")
    emit(times, check)


if __name__ == "__main__":
    main()
