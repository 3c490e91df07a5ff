#!/usr/bin/env python3
"""Writes the .npy/.csv fixtures for Tests/AttnCoreTests and npy_expected.json.

The expected shapes and values come from numpy itself (numpy.load /
numpy.loadtxt), never from attn, so the Swift tests check attn against numpy.

Run from the repository root:  python3 scripts/make_npy_fixtures.py
The output is committed; re-running it must reproduce the same files.

npy_expected.json maps each fixture file name to either
  {"shape": [...], "values": [...], "dtype": "...", "fortran_order": bool,
   "attn_dtype": "...", "ints": [...], "numpy_save": bool}
where values are the elements in row-major (C) order converted to Python
float (NaN and infinities are written as the strings "nan", "inf", "-inf");
ints, for files attn loads as integers or bools, the same elements exactly; attn_dtype the
dtype attn loads the file as: the first of bool, int32, int64, float32,
float64 that numpy casts the file's dtype to safely (np.can_cast); and
numpy_save whether the file is exactly what numpy.save writes for an array
of a dtype attn has (so attn's own writer must reproduce it byte for byte).
Files attn must refuse map to {"reject": true, "why": "..."}.
"""
import json
import os

import numpy as np

from reference_json import json_float

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "AttnCoreTests", "Fixtures")

expected = {}

# The dtypes attn has, in the order a file's dtype is tried against them.
ATTN_DTYPES = ["bool", "int32", "int64", "float32", "float64"]



def record(name, array, **extra):
    """Records what numpy reads back from the file `name`."""
    loaded = np.load(os.path.join(OUT, name), allow_pickle=False)
    flat = np.ascontiguousarray(loaded).reshape(-1)
    entry = {
        "shape": list(loaded.shape),
        "values": [json_float(v) for v in flat.tolist()],
        "dtype": loaded.dtype.str,
        "fortran_order": bool(np.isfortran(loaded)) and loaded.ndim > 1,
        "attn_dtype": next(d for d in ATTN_DTYPES if np.can_cast(loaded.dtype, np.dtype(d), "safe")),
    }
    if entry["attn_dtype"] in ("bool", "int32", "int64"):
        entry["ints"] = [int(v) for v in flat.tolist()]
    entry.update(extra)
    expected[name] = entry
    assert np.array_equal(loaded, array, equal_nan=True), name


def save(name, array):
    np.save(os.path.join(OUT, name), array)
    own = array.dtype.name in ATTN_DTYPES and array.dtype.isnative and not (np.isfortran(array) and array.ndim > 1)
    record(name, array, numpy_save=bool(own))


def write_version(name, array, version):
    with open(os.path.join(OUT, name), "wb") as f:
        np.lib.format.write_array(f, array, version=version)
    record(name, array, version=list(version))


def reject(name, data, why):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    expected[name] = {"reject": True, "why": why}


def npy_bytes(array, **kw):
    import io
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, **kw)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)

    # Accepted dtypes and layouts.
    save("f8_c_2x3.npy", np.array([[0.0, -1.5, 3.25], [np.nan, np.inf, -np.inf]], dtype="<f8"))
    save("f8_1d_5.npy", np.array([1e-300, 2.5e10, -0.0, 7.0, 1.0 / 3.0], dtype="<f8"))
    save("f4_2x2.npy", np.array([[0.1, -2.5], [3.0e38, 1e-45]], dtype="<f4"))
    save("f2_3.npy", np.array([0.1, -65504.0, 6e-8], dtype="<f2"))
    save("i8_4.npy", np.array([-3, 0, 7, 2**53], dtype="<i8"))
    save("i4_2x2.npy", np.array([[-2**31, 0], [2**31 - 1, 42]], dtype="<i4"))
    save("i2_3.npy", np.array([-32768, 1, 32767], dtype="<i2"))
    save("i1_3.npy", np.array([-128, 0, 127], dtype="i1"))
    save("u1_3.npy", np.array([0, 128, 255], dtype="u1"))
    save("u2_2.npy", np.array([0, 65535], dtype="<u2"))
    save("u4_2.npy", np.array([0, 2**32 - 1], dtype="<u4"))
    save("u8_2.npy", np.array([0, 2**53], dtype="<u8"))
    save("bool_5.npy", np.array([True, False, True, True, False]))
    save("fortran_3x2.npy", np.asfortranarray(np.arange(6.0).reshape(3, 2)))
    save("fortran_2x3x4_i4.npy", np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)))
    save("scalar_0d.npy", np.array(3.5))
    save("f8_3d_2x3x4.npy", np.arange(24.0).reshape(2, 3, 4) / 8.0)
    save("empty_0x3.npy", np.zeros((0, 3)))
    # Rank 16: numpy's spare header room for the first axis pushes this
    # header past 128 bytes, so it checks attn writes that room too.
    save("f8_rank16.npy", np.array([1.0, -2.0]).reshape((2,) + (1,) * 15))
    # Each dtype attn keeps: values a float64 cannot hold exactly, special
    # values, Fortran order and 0-d arrays, so that loading keeps every bit.
    save("f4_specials.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45, 3.4028235e38, 0.1, 16777217.0], dtype="<f4"))
    save("i8_beyond_2_53.npy", np.array([2**53 + 1, -2**63, 2**63 - 1, -1], dtype="<i8"))
    save("fortran_2x3_f4.npy", np.asfortranarray(np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], dtype="<f4")))
    save("fortran_2x2x2_b1.npy", np.asfortranarray(np.arange(8).reshape(2, 2, 2) % 3 == 0))
    save("fortran_2x2_i8.npy", np.asfortranarray(np.array([[2**62 + 1, 2], [3, -2**62 - 1]], dtype="<i8")))
    save("scalar_0d_i4.npy", np.array(-7, dtype="<i4"))
    save("scalar_0d_b1.npy", np.array(True))
    save("empty_2x0_f4.npy", np.zeros((2, 0), dtype="<f4"))
    save("u8_beyond_2_53.npy", np.array([2**53 + 1, 2**64 - 1], dtype="<u8"))
    write_version("v2_f8_2x2.npy", np.array([[1.0, 2.0], [3.0, 4.0]]), (2, 0))
    write_version("v3_f8_3.npy", np.array([5.0, 6.0, 7.0]), (3, 0))

    # Files attn must refuse.
    reject("be_f8.npy", npy_bytes(np.array([1.0, 2.0], dtype=">f8")), "big-endian")
    whole = npy_bytes(np.arange(6.0).reshape(2, 3))
    reject("truncated_f8.npy", whole[:-5], "truncated data")
    reject("object.npy", npy_bytes(np.array([1, "a"], dtype=object), allow_pickle=True), "object dtype")
    reject("structured.npy", npy_bytes(np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")])), "structured dtype")
    reject("complex.npy", npy_bytes(np.array([1 + 2j])), "complex dtype")
    reject("unicode.npy", npy_bytes(np.array(["ab", "c"])), "string dtype")

    # CSV: a header, comments, blank lines, spaces, nan/inf, exponents.
    csv_name = "with_header.csv"
    csv_text = (
        "x, y ,z\n"
        "# a comment line\n"
        "1, 2.5, -3\n"
        "\n"
        "4e2,  nan ,inf\n"
        "# another comment\n"
        "-inf,1.5E-3 , +7\n"
    )
    with open(os.path.join(OUT, csv_name), "w") as f:
        f.write(csv_text)
    loaded = np.loadtxt(os.path.join(OUT, csv_name), delimiter=",", comments="#", skiprows=1, ndmin=2)
    expected[csv_name] = {
        "shape": list(loaded.shape),
        "values": [json_float(v) for v in loaded.reshape(-1).tolist()],
    }

    csv_name = "one_column.csv"
    with open(os.path.join(OUT, csv_name), "w") as f:
        f.write("0.5\n-1\n2e1\n")
    loaded = np.loadtxt(os.path.join(OUT, csv_name), delimiter=",", ndmin=2)
    expected[csv_name] = {
        "shape": list(loaded.shape),
        "values": [json_float(v) for v in loaded.reshape(-1).tolist()],
    }

    with open(os.path.join(OUT, "npy_expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
