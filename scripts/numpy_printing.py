#!/usr/bin/env python3
"""numpy's own str and repr of arrays and scalars of every dtype attn has,
for the numpy formatting options of attn's printer (NumberFormat.numpy,
NumberFormat.python, Printer.numpyStr / numpyRepr).

Each case is an array (or a scalar) printed by numpy 2 itself under some
print options: the texts are numpy's, byte for byte, so the Swift tests hold
attn to numpy's rules (shortest unique digits of float32 and float64, the
maxprec cut, the padding of integer and fraction parts, the switch to
scientific notation and its cut-offs, nan and inf, True padded to the width
of False, integer columns, line wrapping, summaries, `dtype=` and `shape=`
in the repr), not to attn's reading of them.

Run from anywhere:  python3 scripts/numpy_printing.py
It writes Tests/AttnLangTests/Golden/numpy_printing.json (committed);
running it again must reproduce the file byte for byte.

The file holds {"numpy": VERSION, "arrays": [...], "scalars": [...]}:
- arrays: {"name", "dtype", "shape", "values", "options", "str", "repr"},
  values in row-major order (floats as JSON numbers, exact for float32 too;
  "nan", "inf", "-inf" as strings; integers and booleans as themselves),
  options the np.printoptions they were printed under;
- scalars: {"dtype", "value", "str", "repr"} for numpy scalars, and
  {"dtype": "python", "value", "str", "repr"} for Python floats.
"""
import json
from pathlib import Path

import numpy as np

from reference_json import json_float

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnLangTests" / "Golden" / "numpy_printing.json"

ARRAYS = []
SCALARS = []


def value(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    return json_float(x)


def array(name, a, **options):
    a = np.asarray(a)
    assert a.dtype.name in ("float64", "float32", "int64", "int32", "bool"), a.dtype
    with np.printoptions(**options):
        text_str, text_repr = str(a), repr(a)
    ARRAYS.append({"name": name, "dtype": a.dtype.name, "shape": list(a.shape),
                   "values": [value(x) for x in a.ravel().tolist()],
                   "options": options, "str": text_str, "repr": text_repr})


def both(name, values, **options):
    """The same values as float64 and as float32."""
    for dtype in ("float64", "float32"):
        with np.errstate(over="ignore"):  # 1e100 is inf in float32, as intended
            a = np.asarray(values, dtype=dtype)
        array(f"{name} {dtype}", a, **options)


def scalar(x):
    SCALARS.append({"dtype": x.dtype.name if isinstance(x, np.generic) else "python",
                    "value": value(x), "str": str(x), "repr": repr(x)})


def main():
    rng = np.random.default_rng(20260611)

    # Floats: the shapes of the default format.
    both("integral", [1.0, 2.0, 3.0])
    both("tenths", [0.1, 0.2, 0.3])
    both("ragged fractions", [1.5, 2.25, -10.125])
    both("negative zero", [-0.0, 1.0])
    both("one element", [0.5])
    both("zeros", [0.0, 0.0])
    both("softmax", np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum())
    both("thirds", np.arange(1, 8) / 3)
    both("cut at eight", [1 / 3, 2 / 3, 1e-3 / 7])
    both("rounds up to a whole", [0.999999999, 1.5])
    both("wide range", [0.001, 2.0])
    both("just inside range", [0.001, 1.0])
    both("small", [1e-5, 1.0])
    both("tiny", [1e-300, 1.0])
    both("large", [1e8, 1.0])
    both("float32 cutoff", [1e6, 1.0])
    both("below float32 cutoff", [999999.0, 1.0])
    both("near 1e-4", [np.float32(0.0001), 1.0])
    both("exp needs more digits", [1e-5, 1.2345678e-5, 3e-6])
    both("exp three digit exponent", [1e-100, 1e100])
    both("exp with zero", [0.0, 1e-5])
    both("exp negative", [-1.5e-7, 2e10])
    both("specials", [np.nan, np.inf, -np.inf, 1.5, -0.25])
    both("specials only", [np.nan, np.inf])
    both("negative inf only", [-np.inf, np.nan])
    both("special with exp", [np.nan, 1e-9, 1.0])
    both("extremes", [np.finfo(np.float32).max, np.finfo(np.float32).tiny, 1.0])
    both("matrix", np.arange(30).reshape(3, 10) / 7)
    both("rank 3", (np.arange(24) - 11.5).reshape(2, 3, 4) / 3)
    both("rank 4", np.arange(16).reshape(2, 2, 2, 2) * 1.25)
    both("one column", (np.arange(4) + 0.125).reshape(4, 1))
    both("wraps", np.arange(40) * 1.1)
    both("wraps narrow", np.arange(12) + 0.5, linewidth=30)
    both("summary", np.arange(2000) * 0.5)
    both("summary matrix", np.arange(1200).reshape(40, 30) / 3)
    both("edge items", np.arange(100) * 1.5, threshold=10, edgeitems=2)
    for n, scale in enumerate([1e-6, 1e-3, 1.0, 1e3, 1e6, 1e9]):
        for k in range(4):
            shape = [(5,), (3, 4), (2, 2, 3), (7,)][k]
            both(f"random {n}.{k}", rng.standard_normal(shape) * scale)
    for k in range(20):
        both(f"random mixed {k}", rng.standard_normal(6) * 10.0 ** rng.integers(-9, 9, 6))
    for k in range(20):
        array(f"random float32 bits {k}",
              rng.integers(0, 2**32, 5, dtype=np.uint64).astype(np.uint32).view(np.float32))

    # Print options.
    both("precision 3", [1 / 3, 2 / 3, 10.0], precision=3)
    both("precision 2 ties", [0.125, 0.375, 0.5], precision=2)
    both("unique", [1 / 3, 0.1, 1e-5 / 3], floatmode="unique")
    both("unique positional", [1 / 3, 0.1], floatmode="unique")
    both("maxprec_equal", [0.1, 0.1234567, 2.0], floatmode="maxprec_equal")
    both("fixed", [0.1, 1 / 3, 2.0], floatmode="fixed")
    both("fixed exp", [1e-5, 1 / 3], floatmode="fixed", precision=4)
    both("suppress", [1e-10, 1.0, 123.456], suppress=True)
    both("suppress large", [1e9, 1.0], suppress=True)
    both("sign plus", [1.5, -2.0, 0.0, np.nan, np.inf], sign="+")
    both("sign space", [1.5, 2.0], sign=" ")
    both("sign space negative", [1.5, -2.0], sign=" ")
    both("sign space inf", [np.inf, 2.0], sign=" ")
    modes = ["fixed", "unique", "maxprec", "maxprec_equal"]
    for k in range(40):
        values = rng.standard_normal(5) * 10.0 ** rng.integers(-6, 8, 5)
        values[rng.integers(0, 5)] = [0.0, -0.0, np.nan, np.inf, 1.0][k % 5]
        both(f"random options {k}", values, precision=int(rng.integers(0, 12)), floatmode=modes[k % 4],
             suppress=bool(k % 3 == 0), sign="-+ "[k % 3])

    # 0-d and empty arrays.
    for dtype in ("float64", "float32", "int64", "int32", "bool"):
        array(f"0-d {dtype}", np.array(1.5 if dtype.startswith("float") else 1).astype(dtype))
        array(f"empty {dtype}", np.zeros(0, dtype=dtype))
        array(f"empty 0x3 {dtype}", np.zeros((0, 3), dtype=dtype))
    array("0-d float32 small", np.array(1e-5, dtype=np.float32))
    array("0-d negative zero", np.array(-0.0))

    # Integers and booleans.
    for dtype in ("int64", "int32"):
        info = np.iinfo(dtype)
        array(f"ints {dtype}", np.array([1, 2, 3], dtype=dtype))
        array(f"negative ints {dtype}", np.array([-1, 20, -300], dtype=dtype))
        array(f"extreme ints {dtype}", np.array([info.min, 0, info.max], dtype=dtype))
        array(f"int matrix {dtype}", np.arange(-6, 6, dtype=dtype).reshape(3, 4))
        array(f"int summary {dtype}", np.arange(3000, dtype=dtype))
        array(f"int wraps {dtype}", np.arange(0, 4000, 97, dtype=dtype))
    array("bools", np.array([True, False, True]))
    array("all true", np.array([True, True]))
    array("all false", np.array([False, False]))
    array("bool matrix", np.arange(6).reshape(2, 3) % 2 == 0)
    array("bool wraps", np.arange(30) % 3 == 0)

    # Scalars: numpy's and Python's.
    for x in [0.1, 1.0, -0.0, 1e-4, 1e-5, 0.00011, 123456.7, 1e15, 1e16, 9999999999999998.0, 1e300,
              5e-324, 1 / 3, np.nan, np.inf, -np.inf, 2.5e-7, 1.5e20]:
        scalar(np.float64(x))
        scalar(float(x))
    for x in [0.1, 1.0, -0.0, 1e-4, 0.00011, 999999.0, 1e6, 1234567.0, 16777216.0, 3.4028235e38, 1e-45,
              1 / 3, np.nan, -np.inf, 2.5e-7]:
        scalar(np.float32(x))
    for k in range(30):
        scalar(np.float32(rng.standard_normal() * 10.0 ** rng.integers(-12, 12)))
        scalar(float(rng.standard_normal() * 10.0 ** rng.integers(-20, 20)))

    # One case a line, so that a change of numpy's shows as a change of cases.
    def cases(items):
        return "[\n" + ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in items) + "\n ]"
    OUT.write_text('{"numpy": ' + json.dumps(np.__version__) + ',\n "arrays": ' + cases(ARRAYS)
                   + ',\n "scalars": ' + cases(SCALARS) + "\n}\n", encoding="utf-8")
    print(f"wrote {len(ARRAYS)} arrays and {len(SCALARS)} scalars to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
