#!/usr/bin/env python3
"""Golden values for attn's copy of numpy's random streams, drawn by numpy 2.

Every case names a stream and a seed, then a sequence of calls on that one
stream and numpy's result for each: so the state that carries between calls
(the legacy Gaussian's kept value, PCG64's spare 32-bit half, the Mersenne
Twister's position) is tested as numpy carries it.
Tests/AttnCoreTests/NumpyRandomGoldenTests.swift makes the same calls on
AttnCore's LegacyRandomState and NumpyGenerator and compares bit for bit.

Run from anywhere:  python3 scripts/golden_numpy_random.py
It writes Tests/AttnCoreTests/Fixtures/numpy_random.json (committed; the
tests need no Python). Running it again reproduces the file byte for byte.

The format:
- a case is {"area", "name", "stream", "seed", "calls"}; "stream" is
  "legacy" (np.random.RandomState) or "generator" (np.random.default_rng);
  "seed" is {"int": "42"}, {"array": ["1", "2"]} (integers as decimal
  strings, any size), or {"none": true}, attn's unseeded stream, which is
  numpy's stream for the fixed entropy 0x6174746E ("attn"):
  RandomState(MT19937(SeedSequence(0x6174746E))) and default_rng(0x6174746E);
  a seed numpy refuses is {"int": ...} with "seed_error" (numpy's message).
- a call is {"call": name, ...numpy's arguments, "expect": result}. Integers
  are decimal strings; floats are repr() strings ("nan", "inf"); "size" is
  null (numpy's None) or a list; an array argument is {"dtype", "shape",
  "values"}.
- a result is {"dtype", "shape", "values"} (values as above) or, for more
  than 64 elements, {"dtype", "shape", "head", "tail", "bitsum"}: the first
  and last 8 values and the sum of all elements' 64-bit patterns modulo
  2^64 (float64 bits; integers and bools as int64); or {"error": numpy's
  message}; "seed" calls expect nothing.
- "mt19937" and "pcg64" cases give raw words (random_raw) for a seed;
  "seedsequence" cases give generate_state for an entropy.
"""
import json
from pathlib import Path

import numpy as np

from reference_json import write_cases

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnCoreTests" / "Fixtures" / "numpy_random.json"

ATTN_ENTROPY = 0x6174746E
DIGEST_ABOVE = 64


def fstr(x):
    return repr(float(x))


def array(values, dtype="float64"):
    a = np.asarray(values, dtype=dtype)
    return a


def encode_array(a):
    a = np.asarray(a)
    flat = a.reshape(-1)
    if a.dtype in (np.float64, np.float32):
        values = [fstr(v) for v in flat]
    elif a.dtype == np.bool_:
        values = ["true" if v else "false" for v in flat]
    else:
        values = [str(int(v)) for v in flat]
    name = "bool" if a.dtype == np.bool_ else str(a.dtype)
    return {"dtype": name, "shape": list(a.shape), "values": values}


def encode_result(result):
    a = np.asarray(result)
    assert a.dtype in (np.float64, np.int64, np.int32, np.bool_), a.dtype
    if a.size <= DIGEST_ABOVE:
        return encode_array(a)
    encoded = encode_array(a)
    values = encoded.pop("values")
    bits = a.view(np.uint64) if a.dtype == np.float64 else a.astype(np.int64).view(np.uint64)
    encoded["head"] = values[:8]
    encoded["tail"] = values[-8:]
    encoded["bitsum"] = str(int(np.sum(bits.reshape(-1), dtype=np.uint64)))
    return encoded


def decode_arg(value):
    """A call argument as numpy receives it."""
    if isinstance(value, dict):
        dtype = value["dtype"]
        if dtype in ("float64", "float32"):
            flat = [float(v) for v in value["values"]]
        elif dtype == "bool":
            flat = [v == "true" for v in value["values"]]
        else:
            flat = [int(v) for v in value["values"]]
        return np.array(flat, dtype=dtype).reshape(value["shape"])
    if isinstance(value, str):
        for number in (int, float):
            try:
                return number(value)
            except ValueError:
                pass
        return value
    if isinstance(value, list):
        return tuple(value)
    return value


def make_stream(kind, seed):
    if "none" in seed:
        if kind == "legacy":
            return np.random.RandomState(np.random.MT19937(np.random.SeedSequence(ATTN_ENTROPY)))
        return np.random.default_rng(ATTN_ENTROPY)
    value = int(seed["int"]) if "int" in seed else [int(v) for v in seed["array"]]
    return np.random.RandomState(value) if kind == "legacy" else np.random.default_rng(value)


def run_call(kind, stream, call):
    """numpy's result for one call (the stream may be replaced by a seed call)."""
    name = call["call"]
    args = {k: decode_arg(v) for k, v in call.items() if k not in ("call", "expect")}
    if name == "seed":
        seed = call["seed"]
        if seed is None:
            return make_stream(kind, {"none": True}), None
        stream.seed([int(v) for v in seed] if isinstance(seed, list) else int(seed))
        return stream, None
    if name in ("rand", "randn"):
        return stream, getattr(stream, name)(*args["dims"])
    if name == "shuffle":
        x = args.pop("x").copy()
        stream.shuffle(x, **args)
        return stream, x
    if name == "shuffle_list":
        x = list(range(args["n"]))
        stream.shuffle(x)
        return stream, np.array(x, dtype=np.int64)
    if name in ("randint", "integers") and "dtype" in args:
        args["dtype"] = np.dtype(args["dtype"])
    return stream, getattr(stream, name)(**args)


def run_case(case):
    kind = case["stream"]
    stream = make_stream(kind, case["seed"])
    for call in case["calls"]:
        try:
            stream, result = run_call(kind, stream, call)
            call["expect"] = None if call["call"] == "seed" else encode_result(result)
        except (ValueError, TypeError, IndexError, OverflowError) as error:
            call["expect"] = {"error": str(error)}
    return case


# ---------------------------------------------------------------- builders

def c(name, **args):
    """A call; ints become decimal strings, floats repr strings."""
    call = {"call": name}
    for key, value in args.items():
        if isinstance(value, bool) or value is None or isinstance(value, dict):
            call[key] = value
        elif isinstance(value, int):
            call[key] = str(value)
        elif isinstance(value, float):
            call[key] = fstr(value)
        elif isinstance(value, (list, tuple)) and key in ("size", "dims"):
            call[key] = list(value)
        elif isinstance(value, list):
            call[key] = [str(v) for v in value]
        elif isinstance(value, np.ndarray):
            call[key] = encode_array(value)
        else:
            call[key] = value
    return call


def seed_int(s):
    return {"int": str(s)}


def seed_array(values):
    return {"array": [str(v) for v in values]}


NONE = {"none": True}
LEGACY_SEEDS = [seed_int(s) for s in (0, 1, 42, 123, 2**32 - 1)] + [
    seed_array([1, 2, 3]), seed_array([0]), seed_array([2**32 - 1, 7]),
    seed_array(list(range(1000))), NONE]
GENERATOR_SEEDS = [seed_int(s) for s in (0, 1, 42, 123, 2**32 - 1, 2**64 - 1, 2**100, 2**128 + 12345)] + [
    seed_array([1, 2, 3]), seed_array([0]), seed_array([2**32, 5]), seed_array([2**70, 1]),
    seed_array([]), NONE]


def seed_label(seed):
    if "none" in seed:
        return "unseeded"
    if "int" in seed:
        return f"seed {seed['int']}"
    text = ",".join(seed["array"][:4]) + (",..." if len(seed["array"]) > 4 else "")
    return f"seed [{text}]"


def legacy_cases():
    cases = []

    def add(area, name, seed, calls):
        cases.append({"area": area, "name": f"{name} ({seed_label(seed)})", "stream": "legacy",
                      "seed": seed, "calls": calls})

    for seed in LEGACY_SEEDS:
        add("legacy floats", "rand and random_sample", seed, [
            c("rand", dims=[]), c("rand", dims=[5]), c("rand", dims=[2, 3]), c("rand", dims=[0]),
            c("random_sample", size=[4]), c("random", size=None), c("random_sample", size=[3, 0])])
        add("legacy normal", "randn and standard_normal", seed, [
            c("randn", dims=[]), c("randn", dims=[7]), c("randn", dims=[3, 4]),
            c("standard_normal", size=None), c("standard_normal", size=[5])])
        add("legacy normal", "normal and uniform", seed, [
            c("normal", loc=0.0, scale=1.0, size=None), c("normal", loc=5.0, scale=0.1, size=[4]),
            c("normal", loc=-3.0, scale=0.0, size=[3]), c("uniform", low=0.0, high=1.0, size=None),
            c("uniform", low=-1.0, high=1.0, size=[5]), c("uniform", low=5.0, high=2.0, size=[3])])
        add("legacy integers", "randint bounds", seed, [
            c("randint", low=10, high=None, size=[5]), c("randint", low=-5, high=5, size=[2, 3]),
            c("randint", low=0, high=2**31, size=[6]), c("randint", low=0, high=2**31 + 1, size=[6]),
            c("randint", low=0, high=2**32, size=[6]), c("randint", low=0, high=2**32 + 1, size=[6]),
            c("randint", low=-2**31, high=2**31, size=[4]), c("randint", low=-2**63, high=2**63 - 1, size=[4]),
            c("randint", low=-2**63, high=2**63, size=[4]), c("randint", low=2**63 - 5, high=2**63 - 1, size=[5]),
            c("randint", low=-1000, high=-990, size=[5]), c("randint", low=7, high=None, size=None),
            c("randint", low=3, high=4, size=[3]), c("rand", dims=[1])])
        add("legacy integers", "randint dtypes", seed, [
            c("randint", low=0, high=10, size=[5], dtype="int32"),
            c("randint", low=-2**31, high=2**31, size=[4], dtype="int32"),
            c("randint", low=-7, high=2**31, size=[4], dtype="int32"),
            c("randint", low=0, high=2, size=[40], dtype="bool"),
            c("randint", low=1, high=2, size=[5], dtype="bool"),
            c("randint", low=0, high=1, size=[3], dtype="bool"),
            c("randint", low=0, high=2, size=None, dtype="bool"),
            c("randint", low=0, high=10, size=None, dtype="int32"), c("rand", dims=[2])])
        add("legacy choice", "choice", seed, [
            c("choice", a=5, size=None), c("choice", a=5, size=[3]), c("choice", a=5, size=[2, 2]),
            c("choice", a=10, size=[5], replace=False), c("choice", a=10, size=[10], replace=False),
            c("choice", a=5, size=[6], p=array([0.1, 0.0, 0.3, 0.6, 0.0])),
            c("choice", a=5, size=[3], replace=False, p=array([0.1, 0.2, 0.3, 0.25, 0.15])),
            c("choice", a=4, size=[4], replace=False, p=array([0.4, 0.3, 0.2, 0.1])),
            c("choice", a=array([10.5, 20.5, 30.5]), size=[4]),
            c("choice", a=array([7, 8, 9, 10, 11], "int64"), size=[2], replace=False),
            c("choice", a=array([7, 8, 9], "int64"), size=None, p=array([0.2, 0.3, 0.5]))])
        add("legacy permutations", "permutation and shuffle", seed, [
            c("permutation", x=0), c("permutation", x=1), c("permutation", x=2), c("permutation", x=10),
            c("permutation", x=33), c("permutation", x=-3),
            c("permutation", x=array([1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5])),
            c("permutation", x=np.arange(12, dtype=np.int64).reshape(4, 3)),
            c("shuffle", x=np.arange(10, dtype=np.float64)), c("shuffle", x=np.arange(3, dtype=np.int32)),
            c("shuffle", x=np.arange(10, dtype=np.int64).reshape(5, 2)), c("shuffle_list", n=7),
            c("shuffle", x=np.zeros(0)), c("shuffle", x=np.zeros(1)), c("rand", dims=[1])])

    s = seed_int(0)
    add("legacy normal", "the kept Gaussian carries over: randn(3) then randn(2)", s,
        [c("randn", dims=[3]), c("randn", dims=[2])])
    add("legacy normal", "the kept Gaussian carries over: randn(5)", s, [c("randn", dims=[5])])
    add("legacy normal", "rand between two randn leaves the kept value", s,
        [c("randn", dims=[3]), c("rand", dims=[1]), c("randn", dims=[2])])
    add("legacy normal", "the kept value goes to normal and standard_normal", seed_int(42),
        [c("randn", dims=[1]), c("normal", loc=10.0, scale=2.0, size=[1]), c("standard_normal", size=[3]),
         c("normal", loc=0.0, scale=1.0, size=None)])
    add("legacy normal", "seeding forgets the kept value", seed_int(7),
        [c("randn", dims=[1]), c("seed", seed=7), c("randn", dims=[2]), c("seed", seed=None), c("randn", dims=[3]),
         c("seed", seed=[1, 2]), c("rand", dims=[2])])
    add("legacy normal", "normal with a NaN scale", s, [c("normal", loc=0.0, scale=float("nan"), size=[2]), c("rand", dims=[1])])
    add("legacy normal", "normal with array parameters", seed_int(3), [
        c("normal", loc=array([0.0, 10.0, 100.0]), scale=array(1.0), size=None),
        c("normal", loc=array(0.0), scale=array([[1.0], [2.0]]), size=None),
        c("normal", loc=array([0.0, 1.0]), scale=array(1.0), size=[3, 2]),
        c("normal", loc=array([0.0, 1.0, 2.0]), scale=array(1.0), size=[2]),
        c("normal", loc=array([[0.0], [1.0]]), scale=array(1.0), size=[3]),
        c("normal", loc=array([1.0, 2.0]), scale=array([1.0, 2.0, 3.0]), size=None),
        c("normal", loc=array([0.0, 1.0]), scale=array([1.0, -1.0]), size=None),
        c("uniform", low=array([0.0, 1.0]), high=array([[1.0], [5.0]]), size=None),
        c("uniform", low=array([0.0, 10.0]), high=array(1.0), size=[3, 2])])
    add("legacy errors", "numpy's errors", s, [
        c("normal", loc=0.0, scale=-1.0, size=None), c("normal", loc=0.0, scale=-0.0, size=None),
        c("uniform", low=0.0, high=float("inf"), size=None),
        c("randint", low=5, high=5, size=None), c("randint", low=0, high=None, size=None),
        c("randint", low=-3, high=None, size=[2]), c("randint", low=4, high=2, size=[2]),
        c("randint", low=0, high=0, size=[0]), c("randint", low=0, high=2**31 + 1, size=None, dtype="int32"),
        c("randint", low=-2**31 - 1, high=0, size=None, dtype="int32"), c("randint", low=0, high=3, size=None, dtype="bool"),
        c("randint", low=0, high=10, size=None, dtype="float64"),
        c("choice", a=0, size=[3]), c("choice", a=0, size=[0]), c("choice", a=3, size=[4], replace=False),
        c("choice", a=3, size=None, p=array([0.5, 0.5])), c("choice", a=3, size=None, p=array([0.5, 0.6, -0.1])),
        c("choice", a=3, size=None, p=array([0.3, 0.3, 0.3])), c("choice", a=3, size=None, p=array([0.5, float("nan"), 0.5])),
        c("choice", a=3, size=[3], replace=False, p=array([0.5, 0.5, 0.0])),
        c("choice", a=3, size=None, p=array([[0.5, 0.5, 0.0]])),
        c("choice", a=np.arange(4.0).reshape(2, 2), size=None), c("choice", a=np.zeros(0), size=[2]),
        c("choice", a=array(5.5), size=None),
        c("permutation", x=array(3.0)), c("shuffle", x=array(3.0)),
        c("rand", dims=[2])])
    add("legacy choice", "choice: a float32 p within float32's tolerance, the same p in float64 refused", s, [
        c("choice", a=3, size=[5], p=array([0.2, 0.3, 0.50001], "float32")),
        c("choice", a=3, size=[5], p=array([0.2, 0.3, 0.50001]))])
    add("legacy permutations", "an empty array draws nothing; empty rows of an index permutation do", seed_int(5), [
        c("shuffle", x=np.zeros((3, 0))), c("rand", dims=[1]),
        c("permutation", x=np.zeros((3, 0))), c("rand", dims=[1])])
    add("legacy permutations", "shuffles of many lengths", seed_int(11),
        [c("shuffle", x=np.arange(n, dtype=np.int64)) for n in (2, 3, 4, 5, 8, 9, 16, 17, 31, 32, 33, 100, 1000)])
    add("legacy sizes", "large draws", seed_int(2024), [
        c("randn", dims=[1000000]), c("rand", dims=[1000, 300]), c("randint", low=0, high=1000, size=[200000]),
        c("randint", low=-2**62, high=2**62, size=[100000]), c("randint", low=0, high=2, size=[100000], dtype="bool"),
        c("choice", a=100000, size=[1000], replace=False), c("choice", a=1000, size=[100000], p=np.full(1000, 0.001)),
        c("permutation", x=100000), c("normal", loc=1.0, scale=3.0, size=[100, 100, 10]), c("randn", dims=[1])])
    for seed in (2**32, -1, 2**40):
        cases.append({"area": "legacy seeds", "name": f"seed {seed} is refused", "stream": "legacy",
                      "seed": seed_int(seed), "calls": []})
    for values in ([2**32], [1, -1], []):
        cases.append({"area": "legacy seeds", "name": f"seed array {values} is refused", "stream": "legacy",
                      "seed": seed_array(values), "calls": []})
    return cases


def generator_cases():
    cases = []

    def add(area, name, seed, calls):
        cases.append({"area": area, "name": f"{name} ({seed_label(seed)})", "stream": "generator",
                      "seed": seed, "calls": calls})

    for seed in GENERATOR_SEEDS:
        add("generator floats", "random", seed, [
            c("random", size=None), c("random", size=[5]), c("random", size=[2, 3]), c("random", size=[0])])
        add("generator normal", "standard_normal, normal, uniform", seed, [
            c("standard_normal", size=None), c("standard_normal", size=[7]), c("standard_normal", size=[3, 4]),
            c("normal", loc=0.0, scale=1.0, size=None), c("normal", loc=3.0, scale=2.5, size=[5]),
            c("normal", loc=-1.0, scale=0.0, size=[3]), c("uniform", low=0.0, high=1.0, size=None),
            c("uniform", low=-2.0, high=3.0, size=[5]), c("uniform", low=1.0, high=1.0, size=[2])])
        add("generator integers", "integers bounds", seed, [
            c("integers", low=10, high=None, size=[5]), c("integers", low=-5, high=5, size=[2, 3]),
            c("integers", low=0, high=10, size=[5], endpoint=True),
            c("integers", low=0, high=2**31, size=[6]), c("integers", low=0, high=2**32, size=[6]),
            c("integers", low=0, high=2**32 + 1, size=[6]), c("integers", low=0, high=2**32 - 1, size=[3], endpoint=True),
            c("integers", low=-2**31, high=2**31, size=[4]), c("integers", low=-2**63, high=2**63 - 1, size=[4]),
            c("integers", low=-2**63, high=2**63, size=[4]), c("integers", low=-2**63, high=2**63 - 1, size=[3], endpoint=True),
            c("integers", low=2**63 - 5, high=2**63 - 1, size=[5]), c("integers", low=7, high=None, size=None),
            c("integers", low=3, high=4, size=[3]), c("random", size=[1])])
        add("generator integers", "integers dtypes", seed, [
            c("integers", low=0, high=10, size=[5], dtype="int32"),
            c("integers", low=-2**31, high=2**31, size=[4], dtype="int32"),
            c("integers", low=0, high=2, size=[40], dtype="bool"),
            c("integers", low=0, high=1, size=[3], dtype="bool", endpoint=True),
            c("integers", low=0, high=10, size=None, dtype="int32"), c("random", size=[2])])
        add("generator choice", "choice", seed, [
            c("choice", a=5, size=None), c("choice", a=5, size=[3]), c("choice", a=5, size=[2, 2]),
            c("choice", a=10, size=[5], replace=False), c("choice", a=10, size=[10], replace=False),
            c("choice", a=10, size=[4], replace=False, shuffle=False),
            c("choice", a=5, size=[6], p=array([0.1, 0.0, 0.3, 0.6, 0.0])),
            c("choice", a=5, size=[3], replace=False, p=array([0.1, 0.2, 0.3, 0.25, 0.15])),
            c("choice", a=array([10.5, 20.5, 30.5]), size=[4]),
            c("choice", a=np.arange(12, dtype=np.int64).reshape(3, 4), size=[2], axis=1),
            c("choice", a=np.arange(12, dtype=np.int64).reshape(3, 4), size=None),
            c("choice", a=np.arange(12, dtype=np.int64).reshape(3, 4), size=[2, 1], replace=False)])
        add("generator permutations", "permutation and shuffle", seed, [
            c("permutation", x=0), c("permutation", x=1), c("permutation", x=10), c("permutation", x=33),
            c("permutation", x=np.arange(12, dtype=np.int64).reshape(3, 4), axis=1),
            c("shuffle", x=np.arange(10, dtype=np.float64)), c("shuffle", x=np.arange(12, dtype=np.int64).reshape(3, 4), axis=1),
            c("shuffle_list", n=9), c("random", size=[1])])

    s = seed_int(0)
    add("generator integers", "PCG64 keeps the spare 32-bit half across calls", s, [
        c("integers", low=0, high=10, size=[3]), c("random", size=[2]), c("integers", low=0, high=10, size=[3]),
        c("integers", low=0, high=10, size=[1]), c("standard_normal", size=[1]), c("integers", low=0, high=10, size=[1]),
        c("integers", low=0, high=2**40, size=[1]), c("integers", low=0, high=10, size=[1]),
        c("integers", low=0, high=10, size=[2], dtype="int32"), c("integers", low=0, high=2, size=[3], dtype="bool"),
        c("integers", low=0, high=10, size=[1])])
    add("generator normal", "normal with array parameters", seed_int(3), [
        c("normal", loc=array([0.0, 10.0, 100.0]), scale=array(1.0), size=None),
        c("normal", loc=array([0.0, 1.0]), scale=array([[1.0], [2.0]]), size=[2, 2]),
        c("uniform", low=array([0.0, 1.0]), high=array([[1.0], [5.0]]), size=None),
        c("uniform", low=array([0.0, 10.0]), high=array(20.0), size=None),
        c("uniform", low=array([0.0, 10.0]), high=array(1.0), size=None)])
    add("generator errors", "numpy's errors", s, [
        c("normal", loc=0.0, scale=-1.0, size=None), c("uniform", low=5.0, high=2.0, size=None),
        c("uniform", low=0.0, high=-0.0, size=None), c("uniform", low=-1e308, high=1e308, size=None),
        c("integers", low=5, high=5, size=None), c("integers", low=0, high=None, size=None),
        c("integers", low=5, high=4, size=None, endpoint=True), c("integers", low=0, high=-1, size=None, endpoint=True),
        c("integers", low=0, high=10, size=None, dtype="float64"),
        c("choice", a=0, size=[3]), c("choice", a=3, size=[4], replace=False),
        c("choice", a=3, size=None, p=array([0.5, 0.5])), c("choice", a=3, size=None, p=array([0.3, 0.3, 0.3])),
        c("choice", a=3, size=None, p=array([0.5, 0.6, -0.1])), c("choice", a=3, size=None, p=array([0.5, float("nan"), 0.5])),
        c("choice", a=3, size=[3], replace=False, p=array([0.5, 0.5, 0.0])),
        c("choice", a=np.zeros(0), size=[2]), c("choice", a=array(5.5), size=None),
        c("random", size=[2])])
    add("generator choice", "Floyd's algorithm and the tail shuffle", seed_int(9), [
        c("choice", a=100000, size=[100], replace=False), c("choice", a=100000, size=[5000], replace=False),
        c("choice", a=100000, size=[3000], replace=False, shuffle=False),
        c("choice", a=100000, size=[100000], replace=False), c("choice", a=20000, size=[300], replace=False, shuffle=False),
        c("random", size=[2])])
    add("generator sizes", "large draws", seed_int(2024), [
        c("standard_normal", size=[1000000]), c("random", size=[1000, 300]),
        c("integers", low=0, high=1000, size=[200000]), c("integers", low=-2**62, high=2**62, size=[100000]),
        c("normal", loc=1.0, scale=3.0, size=[100, 100, 10]), c("permutation", x=100000),
        c("choice", a=1000, size=[100000], p=np.full(1000, 0.001)), c("random", size=[1])])
    cases.append({"area": "generator seeds", "name": "seed -1 is refused", "stream": "generator",
                  "seed": seed_int(-1), "calls": []})
    return cases


def finish(case):
    try:
        return run_case(case)
    except (ValueError, TypeError) as error:
        assert not case["calls"], case["name"]
        case["seed_error"] = str(error)
        return case


def bit_generator_cases():
    cases = []
    for seed in (0, 1, 42, 5489, 2**32 - 1):
        mt = np.random.MT19937()
        mt._legacy_seeding(seed)
        words = [str(int(v)) for v in mt.random_raw(1250)]
        # The first words, and words after the state has been regenerated twice.
        cases.append({"area": "mt19937", "name": f"MT19937 seed {seed}", "seed": seed_int(seed),
                      "first": words[:10], "words": words[-10:]})
    for values in ([1, 2, 3], [0], list(range(700))):
        mt = np.random.MT19937()
        mt._legacy_seeding(values)
        cases.append({"area": "mt19937", "name": f"MT19937 seed array of {len(values)}", "seed": seed_array(values),
                      "first": [str(int(v)) for v in mt.random_raw(10)], "words": None})
    for seed in (0, 1, 42, 2**64 - 1, 2**100):
        pcg = np.random.PCG64(seed)
        cases.append({"area": "pcg64", "name": f"PCG64 seed {seed}", "seed": seed_int(seed),
                      "first": [str(int(v)) for v in pcg.random_raw(10)], "words": None})
    entropies = [0, 1, 42, 2**32 - 1, 2**32, 2**64 - 1, 2**100, 2**128 + 12345, [1, 2, 3], [0], [],
                 [2**32, 5], [2**70, 1], list(range(10)), ATTN_ENTROPY]
    for entropy in entropies:
        sequence = np.random.SeedSequence(entropy)
        seed = seed_array(entropy) if isinstance(entropy, list) else seed_int(entropy)
        cases.append({"area": "seedsequence", "name": f"SeedSequence({entropy})", "seed": seed,
                      "words32": [str(int(v)) for v in sequence.generate_state(8, np.uint32)],
                      "words64": [str(int(v)) for v in sequence.generate_state(4, np.uint64)]})
    return cases


def main():
    cases = [finish(case) for case in legacy_cases() + generator_cases()] + bit_generator_cases()
    write_cases(cases, OUT, ROOT, note=f" (numpy {np.__version__})")
    calls = sum(len(case.get("calls", [])) for case in cases)
    errors = sum(1 for case in cases for call in case.get("calls", [])
                 if call.get("expect") and "error" in call["expect"])
    print(f"  {calls} calls, {errors} of them numpy's errors")


if __name__ == "__main__":
    main()
