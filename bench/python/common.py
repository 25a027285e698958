"""Shared helpers for the Python reference side of the benchmark (numpy/scipy only).

Every script is called as ``python3 <script>.py <header.json> <reps> [args...]``. The header
(written by bench/run.ts) names raw little-endian float64 files and their shapes, plus the
case parameters. The script prints one JSON object on its last stdout line:
``{"median_s", "min_s", "max_s", "runs", "threads", "check"}``.
"""

import ctypes
import json
import os
import sys
import time

THREAD_VARS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def load_case():
    """Return (matrices: dict name -> ndarray, params: dict, reps: int, extra args)."""
    import numpy as np

    header_path, reps = sys.argv[1], int(sys.argv[2])
    with open(header_path) as f:
        header = json.load(f)
    base = os.path.dirname(header_path)
    mats = {}
    for name, m in header["matrices"].items():
        a = np.fromfile(os.path.join(base, m["file"]), dtype="<f8")
        if a.size != m["rows"] * m["cols"]:
            raise SystemExit(f"{m['file']}: {a.size} values, header says {m['rows']}x{m['cols']}")
        mats[name] = a.reshape(m["rows"], m["cols"])
    return mats, header.get("params", {}), reps, sys.argv[3:]


def time_runs(fn, reps):
    """One untimed warm-up call, then ``reps`` timed calls. Returns (result of warm-up, times)."""
    result = fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return result, times


def _blas_threads():
    """Ask the loaded OpenBLAS library itself (via its C API), not numpy's build config."""
    found = []
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line}
    except OSError:
        paths = set()
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("scipy_", ""):
            for suffix in ("64_", ""):
                get = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}", None)
                if get is None:
                    continue
                get.restype = ctypes.c_int
                entry = {"library": os.path.basename(path), "threads": int(get())}
                cfg = getattr(lib, f"{prefix}openblas_get_config{suffix}", None)
                if cfg is not None:
                    cfg.restype = ctypes.c_char_p
                    entry["config"] = cfg().decode(errors="replace").strip()
                found.append(entry)
                break
            else:
                continue
            break
    return found


def thread_info():
    import numpy as np
    import scipy

    return {
        "env": {v: os.environ.get(v) for v in THREAD_VARS},
        "blas": _blas_threads(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def emit(times, check):
    import numpy as np

    t = np.asarray(times)
    print(
        json.dumps(
            {
                "median_s": float(np.median(t)),
                "min_s": float(t.min()),
                "max_s": float(t.max()),
                "runs": len(times),
                "threads": thread_info(),
                "check": check,
            }
        )
    )
