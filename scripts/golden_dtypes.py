#!/usr/bin/env python3
"""Golden values for attn's dtype rules, computed with numpy 2.

Every case names an AttnCore operation (Tensor.binary, Tensor.unary,
reduce, select, concatenate, stack, norm, the constructors), its inputs
with their dtypes, and what numpy returns for the same computation: the
result's dtype, shape and values, whether it is a weak scalar, or a word
its error must contain. Tests/AttnCoreTests/DTypeGoldenTests.swift builds
the same tensors through AttnCore's API (the language cannot make
non-float64 tensors yet) and compares.

Run from anywhere:  python3 scripts/golden_dtypes.py
It writes Tests/AttnCoreTests/Fixtures/dtypes.json (committed; the tests
need no Python); running it again reproduces the file byte for byte on the
same machine (the transcendental functions below depend on numpy's SIMD
code for the CPU, within their tolerance).

Inputs and outputs:
- a tensor is {"dtype", "shape", "values", "weak"} with values as strings
  in row-major order: floats as repr() of the float64 value (exact for a
  float32 too; "nan", "inf", "-inf", "-0.0"), integers in decimal, bools
  "true"/"false". Large inputs are {"dtype", "shape", "formula"} instead,
  generated identically here and in the test (see `formula`).
- a weak input stands for a Python scalar (NEP 50): float64 is a Python
  float, int64 a Python int, bool a Python bool; numpy is given exactly
  that Python object.
- "ulps" is the tolerance in units in the last place of the result's dtype:
  0 (bit for bit, the sign of zero included) for arithmetic, comparisons,
  sqrt, abs, relu, reductions, where, concatenation and constructors; 4 for
  exp, log, tanh, pow and sigmoid, where numpy uses its own SIMD code and
  attn the C library (measured here: at most 3 float32 ulps and 2 float64
  ulps apart); 8 for norm without an axis (numpy calls BLAS's dot).

Where attn deliberately differs from numpy, the expected value is attn's
documented rule, computed here with numpy on what attn computes:
- numpy gives int8 for bool ** bool and float16 for exp, log, sqrt, tanh
  of bool; attn has neither dtype and gives int64 and float64 (the values
  of numpy on the inputs converted to int64 / float64);
- sigmoid is not a numpy function: the expected value is torch.sigmoid's
  formula evaluated with numpy in the input's float dtype, as attn
  documents it (e^x / (1 + e^x) for x < 0, 1 / (1 + e^-x) otherwise);
- two weak floats combine as numpy float64 scalars (1 / 0 is inf, not
  Python's ZeroDivisionError); two weak ints as Python ints.

Cases also assert, here, that they can fail: float32 results that differ
from the float64 computation rounded once to float32, float32 sums whose
order matters, integer means whose 8192-element blocks matter.
"""
import math
import operator
import warnings
from pathlib import Path

import numpy as np

from reference_json import write_cases

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnCoreTests" / "Fixtures" / "dtypes.json"

CASES = []
AREA = ""

NP = {"float64": np.float64, "float32": np.float32, "int64": np.int64, "int32": np.int32, "bool": np.bool_}
DTYPES = list(NP)
TRANSCENDENTAL_ULPS = 4


def area(name):
    global AREA
    AREA = name


# ------------------------------------------------------------ encoding

def text(x, dtype):
    """One element as the test reads it."""
    if dtype == "bool":
        return "true" if bool(x) else "false"
    if dtype in ("int64", "int32"):
        return str(int(x))
    v = float(x)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


def dtype_name(d):
    name = np.dtype(d).name
    assert name in NP, f"unexpected dtype {name}"
    return name


def tensor(a, weak=False):
    """A numpy array (or a weak Python scalar) as a case's tensor."""
    if weak:
        kind = {float: "float64", int: "int64", bool: "bool"}[type(a)]
        return {"dtype": kind, "shape": [], "values": [text(a, kind)], "weak": True}
    a = np.asarray(a)
    d = dtype_name(a.dtype)
    return {"dtype": d, "shape": list(a.shape), "values": [text(x, d) for x in a.reshape(-1)], "weak": False}


def formula(name, dtype, shape):
    """Large inputs the test generates itself, with exactly these values:
    - "ratio" (float32): float32(((i * 7919) % 10007 - 5003) / 7.0)
    - "mix" (int64): (((i * 7919) % 1000003 - 500000) << (i % 43)) + (i * 31) % 1009
      (magnitudes from 2^19 to 2^61, so float64 sums round, in an order-
      dependent way)
    - "mix" (int32): ((i * 7919) % 1000003 - 500000) * 4096 + i % 97
    for the row-major index i."""
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.int64)
    if name == "ratio":
        assert dtype == "float32"
        values = (((i * 7919) % 10007 - 5003) / 7.0).astype(np.float32)
    elif name == "mix" and dtype == "int64":
        values = (((i * 7919) % 1000003 - 500000) << (i % 43)) + (i * 31) % 1009
    elif name == "mix" and dtype == "int32":
        values = (((i * 7919) % 1000003 - 500000) * 4096 + i % 97).astype(np.int32)
    else:
        raise ValueError(name)
    return values.reshape(shape), {"dtype": dtype, "shape": list(shape), "formula": name, "weak": False}


def add(name, op, inputs, params=None, result=None, weak=False, error=None, ulps=0):
    c = {"area": AREA, "name": name, "op": op, "params": params or {}, "inputs": inputs}
    if error is not None:
        c["error"] = error
    else:
        r = tensor(result)
        r["weak"] = weak
        c["expected"] = r
        c["ulps"] = ulps
    CASES.append(c)


def python_scalar(value, kind):
    return {"float64": float, "int64": int, "bool": bool}[kind](value)


# ------------------------------------------------------------ binary

BINARY = {
    "add": operator.add, "subtract": operator.sub, "multiply": operator.mul, "divide": operator.truediv,
    "power": operator.pow, "equal": operator.eq, "notEqual": operator.ne, "less": operator.lt,
    "lessEqual": operator.le, "greater": operator.gt, "greaterEqual": operator.ge,
}

# numpy's errors, and a word of attn's message for each.
ERRORS = [
    ("boolean subtract", "boolean subtract"),
    ("negative integer powers", "negative integer powers"),
    ("out of bounds for int32", "out of bounds for int32"),
    ("boolean negative", "boolean negative"),
    ("did not contain a loop", "not defined for booleans"),
]


def attn_error(exc):
    message = str(exc)
    for numpy_words, attn_word in ERRORS:
        if numpy_words in message:
            return attn_word
    raise exc


def binary_case(name, op, a, b, weak_a=False, weak_b=False, ulps=None):
    f = BINARY[op]
    ins = [tensor(a, weak_a), tensor(b, weak_b)]
    try:
        r = f(a, b)
    except (TypeError, ValueError, OverflowError) as e:
        add(name, "binary", ins, {"op": op}, error=attn_error(e))
        return
    both_weak = weak_a and weak_b
    if both_weak:
        # Python numbers: bools and ints exactly as Python gives them, a
        # float result as numpy's float64 arithmetic gives it.
        if isinstance(r, bool):
            r = np.bool_(r)
        elif isinstance(r, int):
            r = np.int64(r)
        else:
            r = f(np.float64(a), np.float64(b))
    r = np.asarray(r)
    if r.dtype == np.int8:  # bool ** bool: attn has no int8
        r = f(np.asarray(a).astype(np.int64), np.asarray(b).astype(np.int64))
    if ulps is None:
        ulps = TRANSCENDENTAL_ULPS if op == "power" and r.dtype.kind == "f" else 0
    add(name, "binary", ins, {"op": op}, result=r, weak=both_weak, ulps=ulps)


def sample(dtype, exponent=False):
    """Four values of a dtype for the pairwise sweep (non-negative small
    integers when they are exponents)."""
    if dtype == "bool":
        return np.array([True, False, True, False])
    if dtype in ("int32", "int64"):
        v = [3, 0, 2, 1] if exponent else [7, -3, 0, 12]
        return np.array(v, dtype=NP[dtype])
    if dtype == "float32":
        return np.array([1.5, -0.3, 2.7, 0.0], dtype=np.float32)
    return np.array([0.1, -2.5, 3.0, 0.0])


def promotion():
    area("promotion")
    with np.errstate(all="ignore"):
        for da in DTYPES:
            for db in DTYPES:
                for op in BINARY:
                    a = sample(da)
                    b = sample(db, exponent=(op == "power"))[::-1].copy()
                    binary_case(f"{da} {op} {db}", op, a, b)
    area("weak scalars")
    weak_values = {"float64": [0.1, 2.5], "int64": [3], "bool": [True]}
    with np.errstate(all="ignore"):
        for d in DTYPES:
            for kind, values in weak_values.items():
                for v in values:
                    for op in BINARY:
                        a = sample(d)
                        w = python_scalar(v, kind)
                        binary_case(f"{d} {op} weak {kind} {v}", op, a, w, weak_b=True)
                        if op in ("subtract", "divide", "power", "less"):
                            base = np.abs(a) if op == "power" and d in ("int32", "int64") else a
                            binary_case(f"weak {kind} {v} {op} {d}", op, w, base, weak_a=True)
        # Two weak scalars: Python arithmetic, the result weak.
        for x in (2.5, 3, True):
            for y in (0.5, 2, True, -1):
                for op in BINARY:
                    if op == "divide" and y == 0:
                        continue
                    binary_case(f"weak {type(x).__name__} {x} {op} weak {type(y).__name__} {y}", op, x, y, weak_a=True, weak_b=True)
        # A Python int that does not fit int32: an error for arithmetic,
        # a correct comparison (numpy 2).
        i32 = np.array([1, -5, 7], dtype=np.int32)
        binary_case("int32 add weak int 2**40", "add", i32, 2**40, weak_b=True)
        binary_case("int32 less weak int 2**40", "less", i32, 2**40, weak_b=True)
        binary_case("int32 greater weak int -2**40", "greater", i32, -2**40, weak_b=True)
        binary_case("int64 add weak int 2**40", "add", i32.astype(np.int64), 2**40, weak_b=True)
        # A weak float beyond float32's range becomes inf.
        binary_case("float32 add weak float 1e300", "add", np.array([1, -2], dtype=np.float32), 1e300, weak_b=True)


# ------------------------------------------------------------ float32 rounding

def differs_from_rounded_once(f32_result, f64_result):
    return not np.array_equal(np.asarray(f32_result), np.asarray(f64_result).astype(np.float32))


def float32_rounding():
    area("float32 rounding")
    rng = np.random.default_rng(1010)
    x = rng.standard_normal(64).astype(np.float32) * np.float32(100)
    y = rng.standard_normal(64).astype(np.float32)
    for op in ("add", "subtract", "multiply", "divide", "equal", "less"):
        binary_case(f"float32 {op} float32", op, x, y)
    # The weak 0.1 is float32(0.1) first, then a float32 operation: not the
    # float64 product rounded once.
    # (Sums and differences show it only when x is small beside 0.1.)
    tiny = rng.uniform(-3e-9, 3e-9, 64).astype(np.float32)
    for op in ("add", "multiply", "divide", "subtract"):
        operand = tiny if op in ("add", "subtract") else x
        r = BINARY[op](operand, 0.1)
        assert differs_from_rounded_once(r, BINARY[op](operand.astype(np.float64), 0.1)), op
        binary_case(f"float32 {op} weak 0.1", op, operand, 0.1, weak_b=True)
    assert np.float32(0.1) == 0.1  # numpy 2 compares in float32
    binary_case("float32 equal weak 0.1", "equal", np.array([0.1, 0.2], dtype=np.float32), 0.1, weak_b=True)
    binary_case("float32 power weak 3", "power", x, 3, weak_b=True, ulps=TRANSCENDENTAL_ULPS)
    specials = np.array([np.inf, -np.inf, np.nan, -0.0, 0.0, 3.4e38, 1e-45, -1e-40], dtype=np.float32)
    with np.errstate(all="ignore"):
        for op in ("add", "subtract", "multiply", "divide"):
            binary_case(f"float32 specials {op}", op, specials, specials[::-1].copy())
        binary_case("float32 overflow", "multiply", np.array([3e38, -3e38], dtype=np.float32), np.float32(2))
        binary_case("float32 with float64 is float64", "add", x[:8], y[:8].astype(np.float64))


# ------------------------------------------------------------ integers

def integers():
    area("integer overflow")
    with np.errstate(all="ignore"):
        i32 = np.iinfo(np.int32)
        i64 = np.iinfo(np.int64)
        a = np.array([i32.max, i32.min, 65536, -7], dtype=np.int32)
        b = np.array([1, -1, 65536, 3], dtype=np.int32)
        for op in ("add", "subtract", "multiply"):
            binary_case(f"int32 {op} wraps", op, a, b)
        a = np.array([i64.max, i64.min, 2**32, -7], dtype=np.int64)
        b = np.array([1, -1, 2**32, 3], dtype=np.int64)
        for op in ("add", "subtract", "multiply"):
            binary_case(f"int64 {op} wraps", op, a, b)
        binary_case("int32 power wraps", "power", np.array([3, -3, 2, 0, 1, -1], dtype=np.int32),
                    np.array([40, 41, 31, 0, 7, 7], dtype=np.int32))
        binary_case("int64 power wraps", "power", np.array([3, -3, 2, 0, 7, -1], dtype=np.int64),
                    np.array([80, 81, 63, 0, 0, 8], dtype=np.int64))
        binary_case("int64 power negative exponent", "power", np.array([2, 3]), np.array([1, -1]))
        binary_case("int32 power weak -1", "power", np.array([2, 3], dtype=np.int32), -1, weak_b=True)
        binary_case("int32 power weak 2.0 is float64", "power", np.array([2, 3], dtype=np.int32), 2.0, weak_b=True)
        unary_case("int32 negate wraps", "negate", np.array([i32.min, 5, 0], dtype=np.int32))
        unary_case("int32 abs of min", "abs", np.array([i32.min, -5, 0], dtype=np.int32))
        unary_case("int64 negate wraps", "negate", np.array([i64.min, 5, 0], dtype=np.int64))
    area("integer division")
    with np.errstate(all="ignore"):
        for d in ("int32", "int64", "bool"):
            a = np.array([1, -1, 0, 7], dtype=NP[d]) if d != "bool" else np.array([True, False, True, False])
            z = np.zeros(4, dtype=NP[d])
            binary_case(f"{d} divide by zero", "divide", a, z)
        binary_case("int32 divide int32", "divide", np.array([7, -7, 1, 2**31 - 1], dtype=np.int32), np.array([2, 2, 3, -1], dtype=np.int32))
        binary_case("int64 beyond 2**53 divide", "divide", np.array([2**53 + 1, -(2**62) - 3]), np.array([1, 3]))
        binary_case("int64 divide weak 0", "divide", np.array([3, 0, -3]), 0, weak_b=True)


# ------------------------------------------------------------ unary

UNARY = {
    "negate": operator.neg, "positive": operator.pos, "abs": np.abs, "exp": np.exp, "log": np.log,
    "sqrt": np.sqrt, "tanh": np.tanh, "relu": lambda x: np.maximum(x, 0),
}


def sigmoid(x):
    x = np.asarray(x)
    one = x.dtype.type(1)
    e = np.exp(np.where(x >= 0, -x, x))
    return np.where(x >= 0, one / (one + e), e / (one + e)).astype(x.dtype)


def unary_case(name, op, x, weak=False):
    ins = [tensor(x, weak)]
    try:
        if op == "sigmoid":
            xs = np.asarray(x)
            r = sigmoid(xs if xs.dtype.kind == "f" else xs.astype(np.float64))
        else:
            r = UNARY[op](x)
    except (TypeError, ValueError, OverflowError) as e:
        add(name, "unary", ins, {"op": op}, error=attn_error(e))
        return
    r = np.asarray(r)
    if r.dtype == np.float16:  # bool: attn computes in float64
        r = UNARY[op](np.asarray(x).astype(np.float64))
    ulps = TRANSCENDENTAL_ULPS if op in ("exp", "log", "tanh", "sigmoid") else 0
    add(name, "unary", ins, {"op": op}, result=r, weak=weak and op in ("negate", "positive"), ulps=ulps)


def unary():
    area("unary")
    values = {
        "float64": np.array([-2.5, -0.0, 0.0, 0.5, 3.0, np.inf, -np.inf, np.nan, 700.0, -746.0]),
        "float32": np.array([-2.5, -0.0, 0.0, 0.3, 3.0, np.inf, -np.inf, np.nan, 88.0, -104.0], dtype=np.float32),
        "int64": np.array([-3, 0, 1, 5, 40]),
        "int32": np.array([-3, 0, 1, 5, 40], dtype=np.int32),
        "bool": np.array([True, False]),
    }
    rng = np.random.default_rng(1020)
    with np.errstate(all="ignore"):
        for d, x in values.items():
            for op in list(UNARY) + ["sigmoid"]:
                unary_case(f"{op} {d}", op, x)
        wide = (rng.standard_normal(200) * 8).astype(np.float32)
        for op in ("exp", "tanh", "sigmoid"):
            unary_case(f"{op} float32 wide", op, wide)
        positive = np.abs(wide) + np.float32(0.01)
        for op in ("log", "sqrt"):
            unary_case(f"{op} float32 wide", op, positive)
        # Weak scalars: - and + keep them weak; functions give numpy scalars.
        for v in (2.5, 3, True):
            unary_case(f"negate weak {type(v).__name__}", "negate", v, weak=True)
            unary_case(f"positive weak {type(v).__name__}", "positive", v, weak=True)
            unary_case(f"exp weak {type(v).__name__}", "exp", v, weak=True)
            unary_case(f"abs weak {type(v).__name__}", "abs", v, weak=True)


# ------------------------------------------------------------ reductions

REDUCE = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "argmax": np.argmax, "argmin": np.argmin}


def reduce_case(name, op, x, axis=None, keepdims=False, input_spec=None):
    ins = [input_spec or tensor(x)]
    params = {"op": op, "axis": axis, "keepdims": keepdims}
    try:
        r = REDUCE[op](x, axis=axis, keepdims=keepdims)
    except ValueError as e:
        empty = "zero-size" in str(e) or "empty sequence" in str(e)
        add(name, "reduce", ins, params, error="zero-size" if empty else attn_error(e))
        return
    add(name, "reduce", ins, params, result=np.asarray(r))


def pairwise(v):
    """numpy's pairwise summation in v's dtype (as attn implements it), to
    show which order a case pins down."""
    t = v.dtype.type
    n = len(v)
    if n < 8:
        s = t(-0.0)
        for a in v:
            s = t(s + a)
        return s
    if n <= 128:
        r = [v[k] for k in range(8)]
        i = 8
        while i < n - n % 8:
            for k in range(8):
                r[k] = t(r[k] + v[i + k])
            i += 8
        s = t(t(t(r[0] + r[1]) + t(r[2] + r[3])) + t(t(r[4] + r[5]) + t(r[6] + r[7])))
        while i < n:
            s = t(s + v[i])
            i += 1
        return s
    h = n // 2
    h -= h % 8
    return t(pairwise(v[:h]) + pairwise(v[h:]))


def reductions():
    area("reductions")
    rng = np.random.default_rng(1030)
    small = {
        "float64": rng.standard_normal((3, 5)),
        "float32": (rng.standard_normal((3, 5)) * 10).astype(np.float32),
        "int64": rng.integers(-50, 50, (3, 5)),
        "int32": rng.integers(-50, 50, (3, 5)).astype(np.int32),
        "bool": rng.random((3, 5)) < 0.5,
    }
    with np.errstate(all="ignore"):
        for d, x in small.items():
            for op in REDUCE:
                for axis in (None, 0, 1, -1):
                    reduce_case(f"{op} {d} axis {axis}", op, x, axis)
            reduce_case(f"sum {d} keepdims", "sum", x, 0, keepdims=True)
            for op in REDUCE:
                reduce_case(f"{op} {d} empty", op, np.zeros((0,), dtype=NP[d]))
            reduce_case(f"sum {d} empty axis", "sum", np.zeros((0, 3), dtype=NP[d]), 0)
            reduce_case(f"mean {d} empty axis", "mean", np.zeros((0, 3), dtype=NP[d]), 0)
        f32 = np.array([[1, np.nan, 3], [np.inf, -2, -np.inf]], dtype=np.float32)
        for op in REDUCE:
            reduce_case(f"{op} float32 nan and inf", op, f32, 1)
        reduce_case("sum float32 negative zeros", "sum", np.array([-0.0, -0.0], dtype=np.float32))
        reduce_case("sum float32 negative zeros axis 0", "sum", np.array([[-0.0, 1], [-0.0, 2]], dtype=np.float32), 0)
        i32 = np.iinfo(np.int32)
        reduce_case("sum int32 beyond int32 is int64", "sum", np.array([i32.max, i32.max, 5], dtype=np.int32))
        reduce_case("sum int64 wraps", "sum", np.array([2**62, 2**62, 2**62]))
        reduce_case("sum bool counts", "sum", np.array([[True, False, True], [True, True, True]]), 1)
        reduce_case("max bool", "max", np.array([[True, False], [False, False]]), 1)

    area("float32 summation order")
    # Contiguous runs: pairwise in float32 (not float64 rounded once, not
    # left to right).
    x, spec = formula("ratio", "float32", [5000])
    total = np.sum(x)
    assert total != np.float32(np.sum(x.astype(np.float64))), "the float32 sum should differ from float64 rounded"
    assert total == np.float32(0) + pairwise(x)
    reduce_case("sum float32 5000 pairwise", "sum", x, input_spec=spec)
    reduce_case("mean float32 5000", "mean", x, input_spec=spec)
    x, spec = formula("ratio", "float32", [6, 1000])
    reduce_case("sum float32 rows", "sum", x, 1, input_spec=spec)
    # Along axis 0 numpy adds the rows one by one into the result.
    x, spec = formula("ratio", "float32", [1000, 6])
    by_rows = np.sum(x, axis=0)
    pairs = np.array([np.float32(0) + pairwise(x[:, j]) for j in range(6)], dtype=np.float32)
    assert not np.array_equal(by_rows, pairs), "axis 0 should pin numpy's row-by-row order"
    reduce_case("sum float32 axis 0 row by row", "sum", x, 0, input_spec=spec)
    reduce_case("mean float32 axis 0 row by row", "mean", x, 0, input_spec=spec)
    x, spec = formula("ratio", "float32", [4, 300, 3])
    reduce_case("sum float32 middle axis", "sum", x, 1, input_spec=spec)
    x, spec = formula("ratio", "float32", [700, 1])
    reduce_case("sum float32 axis 0 of a column is pairwise", "sum", x, 0, input_spec=spec)

    area("integer means")
    # Converted to float64 in numpy's 8192-element buffers, each summed
    # pairwise and added in turn.
    x, spec = formula("mix", "int64", [20000])
    whole = float(np.float64(0) + pairwise(x.astype(np.float64)))
    assert np.mean(x) != whole / len(x), "the mean should pin numpy's 8192-element blocks"
    reduce_case("mean int64 20000 in blocks", "mean", x, input_spec=spec)
    reduce_case("sum int64 20000 wraps", "sum", x, input_spec=spec)
    x, spec = formula("mix", "int64", [2, 10000])
    assert np.mean(x, axis=1)[0] != (np.float64(0) + pairwise(x[0].astype(np.float64))) / 10000
    reduce_case("mean int64 rows in blocks", "mean", x, 1, input_spec=spec)
    x, spec = formula("mix", "int64", [3000, 3])
    reduce_case("mean int64 axis 0 row by row", "mean", x, 0, input_spec=spec)
    x, spec = formula("mix", "int32", [9000])
    reduce_case("mean int32 9000", "mean", x, input_spec=spec)
    reduce_case("sum int32 9000 is int64", "sum", x, input_spec=spec)

    area("norm")
    a = (rng.standard_normal((4, 6)) * 3).astype(np.float32)
    for axis in (0, 1):
        add(f"norm float32 axis {axis}", "norm", [tensor(a)], {"axis": axis}, result=np.linalg.norm(a, axis=axis))
    add("norm float32", "norm", [tensor(a)], {"axis": None}, result=np.asarray(np.linalg.norm(a)), ulps=8)
    i = rng.integers(-9, 9, (3, 4)).astype(np.int32)
    add("norm int32 is float64", "norm", [tensor(i)], {"axis": None}, result=np.asarray(np.linalg.norm(i)), ulps=2)
    add("norm int32 axis 1", "norm", [tensor(i)], {"axis": 1}, result=np.linalg.norm(i, axis=1))
    b = np.array([True, False, True])
    add("norm bool is float64", "norm", [tensor(b)], {"axis": None}, result=np.asarray(np.linalg.norm(b)))


# ------------------------------------------------------------ where, concat

def where_and_join():
    area("where")
    c = np.array([True, False, True, False])
    with np.errstate(all="ignore"):
        for da in DTYPES:
            for db in DTYPES:
                a, b = sample(da), sample(db)
                add(f"where {da} {db}", "where", [tensor(c), tensor(a), tensor(b)], result=np.where(c, a, b))
            for v in (0.5, 2, False):
                add(f"where {da} weak {type(v).__name__}", "where", [tensor(c), tensor(sample(da)), tensor(v, True)],
                    result=np.where(c, sample(da), v))
        for v, w in ((1, 0), (1.5, 0), (True, False)):
            add(f"where weak {v} weak {w}", "where", [tensor(c), tensor(v, True), tensor(w, True)], result=np.where(c, v, w))
        for d in DTYPES:
            cond = sample(d)
            add(f"where condition {d}", "where", [tensor(cond), tensor(np.arange(4, dtype=np.int32)), tensor(-1, True)],
                result=np.where(cond, np.arange(4, dtype=np.int32), -1))
        nan_cond = np.array([np.nan, 0.0, -0.0, 2.0], dtype=np.float32)
        add("where nan condition is true", "where", [tensor(nan_cond), tensor(1.5, True), tensor(-1.5, True)],
            result=np.where(nan_cond, 1.5, -1.5))
        add("where broadcasts", "where", [tensor(np.array([[True], [False]])), tensor(np.arange(3, dtype=np.float32)), tensor(np.int32(7).reshape(()))],
            result=np.where(np.array([[True], [False]]), np.arange(3, dtype=np.float32), np.int32(7)))

    area("concatenate")
    for da in DTYPES:
        for db in DTYPES:
            a = sample(da).reshape(2, 2)
            b = sample(db)[:2].reshape(1, 2)
            add(f"concat {da} {db}", "concatenate", [tensor(a), tensor(b)], {"axis": 0}, result=np.concatenate([a, b], axis=0))
            add(f"stack {da} {db}", "stack", [tensor(a), tensor(sample(db).reshape(2, 2))], {"axis": 1},
                result=np.stack([a, sample(db).reshape(2, 2)], axis=1))
    add("concat three", "concatenate", [tensor(np.array([True])), tensor(np.array([2], dtype=np.int32)), tensor(np.array([0.5], dtype=np.float32))],
        {"axis": 0}, result=np.concatenate([np.array([True]), np.array([2], dtype=np.int32), np.array([0.5], dtype=np.float32)]))
    add("concat empty int32", "concatenate", [tensor(np.zeros((0, 2), dtype=np.int32)), tensor(np.zeros((0, 2), dtype=np.int32))], {"axis": 0},
        result=np.zeros((0, 2), dtype=np.int32))


# ------------------------------------------------------------ constructors

def constructors():
    area("constructors")
    for d in DTYPES:
        add(f"zeros {d}", "zeros", [], {"shape": [2, 3], "dtype": d}, result=np.zeros((2, 3), dtype=NP[d]))
        add(f"ones {d}", "ones", [], {"shape": [3], "dtype": d}, result=np.ones(3, dtype=NP[d]))
        add(f"eye {d}", "eye", [], {"n": 3, "dtype": d}, result=np.eye(3, dtype=NP[d]))
        add(f"linspace {d}", "linspace", [], {"start": -1.0, "stop": 1.0, "n": 7, "dtype": d},
            result=np.linspace(-1.0, 1.0, 7, dtype=NP[d]))
        if d != "bool":
            add(f"full {d}", "full", [], {"shape": [2], "value": 2.7, "dtype": d}, result=np.full(2, 2.7, dtype=NP[d]))
    for d in ("float32", "int64", "int32"):
        for start, stop, step in ((0.0, 1.0, 0.1), (0.3, 100.0, 0.7), (-5.1, 3.0, 0.013), (0.5, 5.0, 1.0), (-3.5, 2.0, 1.5), (10.0, -10.0, -3.0)):
            r = np.arange(start, stop, step, dtype=NP[d])
            add(f"arange {d} {start} {stop} {step}", "arange", [], {"start": start, "stop": stop, "step": step, "dtype": d}, result=r)
    r = np.arange(0.3, 100.0, 0.7, dtype=np.float32)
    start_f, delta = float(np.float32(0.3)), float(np.float32(0.3 + 0.7)) - float(np.float32(0.3))
    once = np.array([start_f + i * delta for i in range(len(r))]).astype(np.float32)
    once[0], once[1] = r[0], r[1]
    assert not np.array_equal(r, once), "arange float32 should pin numpy's float32 fill"
    add("arange bool two values", "arange", [], {"start": 0.0, "stop": 2.0, "step": 1.0, "dtype": "bool"}, result=np.arange(0, 2, dtype=bool))
    add("arange bool three values", "arange", [], {"start": 0.0, "stop": 3.0, "step": 1.0, "dtype": "bool"}, error="at most two")
    add("causal_mask bool", "causalMask", [], {"l": 3, "s": 4, "dtype": "bool"}, result=np.tril(np.ones((3, 4), dtype=bool)))


def main():
    # nan, inf, wrapped integers and empty means are deliberate here.
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    promotion()
    float32_rounding()
    integers()
    unary()
    reductions()
    where_and_join()
    constructors()
    write_cases(CASES, OUT, ROOT)


if __name__ == "__main__":
    main()
