#!/usr/bin/env python3
"""Golden values for attn's copy of PyTorch's CPU random numbers and of its
tensor printing, produced by real PyTorch (2.15, CPU).

Run from anywhere:  python3 scripts/golden_torch.py
It writes two files (committed; the tests need no Python):
- Tests/AttnCoreTests/Fixtures/torch_random.json, replayed bit for bit by
  Tests/AttnCoreTests/TorchRandomGoldenTests.swift on AttnCore's
  TorchGenerator;
- Tests/AttnPythonTests/Golden/torch_printing.json, replayed by
  Tests/AttnPythonTests/TorchPrinterGoldenTests.swift on TorchPrinter.

torch_random.json: a case is {"area", "name", "seed", "calls"}. "seed" is
the integer given to torch.manual_seed, as a decimal string (negative seeds
are PyTorch's two's complement). The calls run one after another on the
default generator, so state carried between calls (the cached normal, the
Mersenne Twister's position) is tested as PyTorch carries it. A call is
{"op", ...arguments, "expect"} where op is one of
  rand(shape, dtype)               torch.rand
  randn(shape, dtype)              torch.randn
  normal(shape, mean, std, dtype)  torch.empty(shape, dtype).normal_(mean, std)
  uniform(shape, low, high, dtype) torch.empty(shape, dtype).uniform_(low, high)
  randint(low, high, shape, dtype) torch.randint
  bernoulli(shape, p, dtype)       torch.empty(shape, dtype).bernoulli_(p)
  randperm(n, dtype)               torch.randperm
  linear(in, out, bias)            nn.Linear: expect {"weight", "bias"}
  embedding(num, dim, padding)     nn.Embedding: expect {"weight"}
  mha(embed, heads, bias)          nn.MultiheadAttention: expect
                                   {"in_proj_weight", "in_proj_bias",
                                    "out_proj_weight", "out_proj_bias"}
and "expect" is a tensor {"dtype", "shape", "bits"} (float32 elements as
8-digit hex bit patterns, float64 as 16-digit ones, integers as decimal
strings, bools as 0/1 strings; a float tensor of more than 5000 elements as
"head" and "tail", its first and last 8, and "bitsum", the sum of all its
bit patterns as unsigned integers modulo 2^64), or {"error": PyTorch's message} for a call
PyTorch refuses (its first line).

torch_printing.json: see print_cases() below.
"""
import json
import math
import struct
from pathlib import Path

import torch

from reference_json import write_cases

ROOT = Path(__file__).resolve().parent.parent
RANDOM_OUT = ROOT / "Tests" / "AttnCoreTests" / "Fixtures" / "torch_random.json"
PRINT_OUT = ROOT / "Tests" / "AttnPythonTests" / "Golden" / "torch_printing.json"

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64,
          "int32": torch.int32, "bool": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}


DIGEST_ABOVE = 5000


def encode(t):
    t = t.detach().contiguous()
    flat = t.reshape(-1).tolist()
    dtype = NAMES[t.dtype]
    if len(flat) > DIGEST_ABOVE and dtype in ("float32", "float64"):
        full = encode_bits(flat[:8], dtype) + encode_bits(flat[-8:], dtype)
        words = t.reshape(-1).view(torch.int32 if dtype == "float32" else torch.int64).tolist()
        mask = 2**32 - 1 if dtype == "float32" else 2**64 - 1
        return {"dtype": dtype, "shape": list(t.shape), "head": full[:8], "tail": full[8:],
                "bitsum": str(sum(w & mask for w in words) % 2**64)}
    return {"dtype": dtype, "shape": list(t.shape), "bits": encode_bits(flat, dtype)}


def encode_bits(flat, dtype):
    if dtype == "float32":
        bits = ["%08x" % struct.unpack("<I", struct.pack("<f", x))[0] for x in flat]
    elif dtype == "float64":
        bits = ["%016x" % struct.unpack("<Q", struct.pack("<d", x))[0] for x in flat]
    elif dtype == "bool":
        bits = ["1" if x else "0" for x in flat]
    else:
        bits = [str(int(x)) for x in flat]
    return bits


def run(call):
    """Makes one call on torch's default generator; returns its "expect"."""
    op = call["op"]
    dt = DTYPES.get(call.get("dtype", "float32"))
    try:
        if op == "rand":
            return encode(torch.rand(call["shape"], dtype=dt))
        if op == "randn":
            return encode(torch.randn(call["shape"], dtype=dt))
        if op == "normal":
            return encode(torch.empty(call["shape"], dtype=dt).normal_(call["mean"], call["std"]))
        if op == "uniform":
            return encode(torch.empty(call["shape"], dtype=dt).uniform_(call["low"], call["high"]))
        if op == "randint":
            return encode(torch.randint(int(call["low"]), int(call["high"]), call["shape"], dtype=dt))
        if op == "bernoulli":
            return encode(torch.empty(call["shape"], dtype=dt).bernoulli_(call["p"]))
        if op == "randperm":
            return encode(torch.randperm(call["n"], dtype=dt))
        if op == "linear":
            m = torch.nn.Linear(call["in"], call["out"], bias=call["bias"])
            return {"weight": encode(m.weight), "bias": encode(m.bias) if m.bias is not None else None}
        if op == "embedding":
            m = torch.nn.Embedding(call["num"], call["dim"], padding_idx=call.get("padding"))
            return {"weight": encode(m.weight)}
        if op == "mha":
            m = torch.nn.MultiheadAttention(call["embed"], call["heads"], bias=call["bias"])
            return {
                "in_proj_weight": encode(m.in_proj_weight),
                "in_proj_bias": encode(m.in_proj_bias) if m.in_proj_bias is not None else None,
                "out_proj_weight": encode(m.out_proj.weight),
                "out_proj_bias": encode(m.out_proj.bias) if m.out_proj.bias is not None else None,
            }
    except (RuntimeError, NotImplementedError, ValueError) as e:
        return {"error": str(e).split("\n")[0]}
    raise ValueError(op)


def case(area, name, seed, calls):
    torch.manual_seed(seed)
    for c in calls:
        c["expect"] = run(c)
    return {"area": area, "name": name, "seed": str(seed), "calls": calls}


SEEDS = [0, 1, 42, 123, 2**32, 2**32 + 7, 2**63 - 1, 2**64 - 1, -1, 987654321]
SIZES = [[0], [1], [5], [15], [16], [17], [100], [3, 4], [2, 3, 16], []]
FLOATS = ["float32", "float64"]


def shape_name(s):
    return "x".join(map(str, s)) if s else "scalar"


def random_cases():
    cases = []
    for seed in SEEDS:
        for size in SIZES:
            for dt in FLOATS:
                for op in ("rand", "randn"):
                    cases.append(case(op, f"{op} {shape_name(size)} {dt} seed {seed}", seed,
                                      [{"op": op, "shape": size, "dtype": dt}]))
    # Large draws: several whole blocks, a tail block, interrupt-poll sizes.
    cases.append(case("randn", "randn 200000 float32", 11, [{"op": "randn", "shape": [200000], "dtype": "float32"}]))
    for n in (65536 + 17,):
        for dt in FLOATS:
            for op in ("randn", "rand"):
                cases.append(case(op, f"{op} {n} {dt}", 11, [{"op": op, "shape": [n], "dtype": dt}]))
        cases.append(case("normal", f"normal {n} float32 3 0.5", 12,
                          [{"op": "normal", "shape": [n], "mean": 3.0, "std": 0.5, "dtype": "float32"}]))
    for dt in ("int32", "float32", "float64", "bool"):
        n = 3 if dt == "bool" else 2**31 + 1 if dt == "int32" else 2**24 + 2
        cases.append(case("errors", f"randperm {n} {dt}", 0, [{"op": "randperm", "n": n, "dtype": dt}]))
    for n in (31, 32, 33, 1000, 4099):
        for dt in FLOATS:
            cases.append(case("randn", f"randn {n} {dt}", 7, [{"op": "randn", "shape": [n], "dtype": dt}]))
    for seed in SEEDS[:5]:
        for size in ([5], [15], [16], [40], [3, 4]):
            for dt in FLOATS:
                for mean, std in ((0.0, 1.0), (1.5, 0.3), (-2.0, 10.0), (0.25, 0.0)):
                    cases.append(case("normal", f"normal {shape_name(size)} {dt} {mean} {std} seed {seed}", seed,
                                      [{"op": "normal", "shape": size, "mean": mean, "std": std, "dtype": dt}]))
                for low, high in ((0.0, 1.0), (-2.5, 3.7), (-0.1, 0.1), (1.0, 1.0), (100.0, 1e6)):
                    cases.append(case("uniform", f"uniform {shape_name(size)} {dt} {low} {high} seed {seed}", seed,
                                      [{"op": "uniform", "shape": size, "low": low, "high": high, "dtype": dt}]))
    for seed in SEEDS[:6]:
        for low, high in ((0, 10), (-5, 5), (0, 2), (3, 2**28 - 1), (0, 2**28), (-2**40, 2**40), (-2**63, 2**63 - 1)):
            for size in ([1], [17], [3, 4]):
                cases.append(case("randint", f"randint {low} {high} {shape_name(size)} seed {seed}", seed,
                                  [{"op": "randint", "low": str(low), "high": str(high), "shape": size, "dtype": "int64"}]))
        for dt in ("int32", "float32", "float64", "bool"):
            high = 2 if dt == "bool" else 1000
            cases.append(case("randint", f"randint 0 {high} {dt} seed {seed}", seed,
                              [{"op": "randint", "low": "0", "high": str(high), "shape": [20], "dtype": dt}]))
        for p in (0.0, 0.1, 0.5, 0.9, 1.0):
            for dt in ("float32", "float64", "int64", "bool"):
                cases.append(case("bernoulli", f"bernoulli {p} {dt} seed {seed}", seed,
                                  [{"op": "bernoulli", "shape": [4, 7], "p": p, "dtype": dt}]))
        for n in (0, 1, 2, 5, 16, 100):
            cases.append(case("randperm", f"randperm {n} seed {seed}", seed, [{"op": "randperm", "n": n, "dtype": "int64"}]))
        for dt in ("int32", "float32", "float64"):
            cases.append(case("randperm", f"randperm 10 {dt} seed {seed}", seed, [{"op": "randperm", "n": 10, "dtype": dt}]))
    # State carried between calls: the cached normal, partial words, mixtures.
    for seed in SEEDS[:6]:
        cases.append(case("sequence", f"randn 5 then 3 then 1 seed {seed}", seed, [
            {"op": "randn", "shape": [5], "dtype": "float32"},
            {"op": "randn", "shape": [3], "dtype": "float32"},
            {"op": "randn", "shape": [1], "dtype": "float64"}]))
        cases.append(case("sequence", f"randn 1 then randn 16 then randn 1 seed {seed}", seed, [
            {"op": "randn", "shape": [1], "dtype": "float64"},
            {"op": "randn", "shape": [16], "dtype": "float64"},
            {"op": "randn", "shape": [1], "dtype": "float64"}]))
        cases.append(case("sequence", f"normal cache with other mean seed {seed}", seed, [
            {"op": "normal", "shape": [1], "mean": 0.0, "std": 1.0, "dtype": "float64"},
            {"op": "normal", "shape": [1], "mean": 5.0, "std": 2.0, "dtype": "float64"},
            {"op": "normal", "shape": [3], "mean": -1.0, "std": 0.5, "dtype": "float32"}]))
        cases.append(case("sequence", f"mixed seed {seed}", seed, [
            {"op": "rand", "shape": [3], "dtype": "float32"},
            {"op": "rand", "shape": [2], "dtype": "float64"},
            {"op": "randint", "low": "0", "high": "100", "shape": [4], "dtype": "int64"},
            {"op": "randn", "shape": [20], "dtype": "float32"},
            {"op": "randperm", "n": 7, "dtype": "int64"},
            {"op": "bernoulli", "shape": [6], "p": 0.5, "dtype": "float32"},
            {"op": "randn", "shape": [3], "dtype": "float32"},
            {"op": "uniform", "shape": [4], "low": -1.0, "high": 1.0, "dtype": "float32"}]))
    # Modules after manual_seed, and in a row.
    for seed in SEEDS[:5]:
        for fan_in, fan_out, bias in ((3, 2, True), (64, 64, True), (3, 2, False), (1, 1, True), (10, 4, True)):
            cases.append(case("linear", f"Linear({fan_in}, {fan_out}, bias={bias}) seed {seed}", seed,
                              [{"op": "linear", "in": fan_in, "out": fan_out, "bias": bias}]))
        for num, dim, padding in ((10, 3, None), (5, 16, None), (4, 4, 0), (6, 2, -1), (3, 20, 2)):
            cases.append(case("embedding", f"Embedding({num}, {dim}, padding_idx={padding}) seed {seed}", seed,
                              [{"op": "embedding", "num": num, "dim": dim, "padding": padding}]))
        for embed, heads, bias in ((8, 2, True), (4, 1, True), (16, 4, False), (6, 3, True)):
            cases.append(case("mha", f"MultiheadAttention({embed}, {heads}, bias={bias}) seed {seed}", seed,
                              [{"op": "mha", "embed": embed, "heads": heads, "bias": bias}]))
        cases.append(case("sequence", f"two Linears and an Embedding seed {seed}", seed, [
            {"op": "linear", "in": 4, "out": 3, "bias": True},
            {"op": "linear", "in": 3, "out": 2, "bias": True},
            {"op": "embedding", "num": 5, "dim": 4, "padding": None},
            {"op": "randn", "shape": [2], "dtype": "float32"}]))
    # Refusals, with PyTorch's messages.
    for call in (
        {"op": "uniform", "shape": [3], "low": 2.0, "high": 1.0, "dtype": "float32"},
        {"op": "normal", "shape": [3], "mean": 0.0, "std": -1.0, "dtype": "float32"},
        {"op": "randint", "low": "5", "high": "5", "shape": [3], "dtype": "int64"},
        {"op": "randint", "low": "0", "high": str(2**40), "shape": [3], "dtype": "int32"},
        {"op": "randint", "low": "0", "high": "3", "shape": [3], "dtype": "bool"},
        {"op": "bernoulli", "shape": [3], "p": 1.5, "dtype": "float32"},
        {"op": "bernoulli", "shape": [3], "p": -0.5, "dtype": "float32"},
        {"op": "randperm", "n": -1, "dtype": "int64"},
        {"op": "rand", "shape": [3], "dtype": "int64"},
        {"op": "randn", "shape": [3], "dtype": "int32"},
        {"op": "rand", "shape": [-1], "dtype": "float32"},
    ):
        cases.append(case("errors", json.dumps({k: v for k, v in call.items() if k != "expect"}), 0, [call]))
    return cases


def print_cases():
    """Cases for torch_printing.json: {"area", "name", "tensor" (as encode()
    writes it, or {"ref": name}: the tensor of the "options" case of that
    name, which comes before), "options" (set_printoptions arguments; "threshold" may be
    "inf"), "requires_grad", "grad_fn" (the node's name or null),
    "parameter" (repr of an nn.Parameter), "expect": repr()}; "size" cases
    give a "shape" and repr(torch.Size(shape)); "dtype" cases str(dtype)."""
    cases = []
    g = torch.Generator().manual_seed(1234)

    def add(area, name, t, options=None, requires_grad=False, grad_fn=None, parameter=False, text=None, ref=None):
        options = options or {}
        torch.set_printoptions(**{k: (math.inf if v == "inf" else v) for k, v in options.items()})
        try:
            expect = text() if text else repr(t)
        finally:
            torch.set_printoptions(profile="default", sci_mode=None)
        cases.append({"area": area, "name": name, "tensor": {"ref": ref} if ref else encode(t), "options": options,
                      "requires_grad": requires_grad, "grad_fn": grad_fn, "parameter": parameter,
                      "expect": expect})

    def randn(*shape, dtype=torch.float32):
        return torch.randn(tuple(shape), generator=g, dtype=dtype)

    values = {
        "halves": torch.tensor([0.5, 0.5]),
        "thirds": torch.tensor([1 / 3, 2 / 3, 1.0]),
        "whole": torch.tensor([1.0, 2.0, -3.0, 100.0]),
        "whole big": torch.tensor([1e10, 2.0, 3.0]),
        "whole with nan": torch.tensor([1.0, float("nan"), 3.0, float("inf"), -float("inf")]),
        "fraction with nan": torch.tensor([1.5, float("nan"), -2.25, float("inf")]),
        "zeros": torch.zeros(4),
        "negative zero": torch.tensor([-0.0, 0.0, 1.0]),
        "negative zero alone": torch.tensor([-0.0, 0.0]),
        "all nan": torch.tensor([float("nan"), float("nan")]),
        "all inf": torch.tensor([float("inf"), -float("inf")]),
        "tiny": torch.tensor([1e-5, 2e-5, 0.5]),
        "tiny only": torch.tensor([1.5e-7, -2.5e-8]),
        "ratio 1000": torch.tensor([1.0, 1000.0, 0.5]),
        "ratio just under": torch.tensor([1.0, 999.0, 1.5]),
        "huge": torch.tensor([1.5e8, 2.5e9]),
        "over 1e8 whole": torch.tensor([123456789.0, 1.0]),
        "mixed signs": torch.tensor([-1.25, 3.5, -0.001, 7.0]),
        "rounding": torch.tensor([0.00005, 0.00015, 0.12345, 0.99995]),
        "float32 rounding": torch.tensor([0.1, 0.2, 0.3], dtype=torch.float32),
        "max float": torch.tensor([3.4028234663852886e38, -1.0]),
        "denormal": torch.tensor([1e-40, 1.0]),
    }
    for name, t in values.items():
        for dtype in (torch.float32, torch.float64):
            add("values", f"{name} {NAMES[dtype]}", t.to(dtype))
        add("values", f"{name} precision 2", t, {"precision": 2})
        add("values", f"{name} sci True", t, {"sci_mode": True})
        add("values", f"{name} sci False", t, {"sci_mode": False})
    shapes = [[], [1], [5], [3, 4], [2, 3, 4], [2, 1, 3, 2], [1, 1, 1], [4, 1], [30], [12, 12], [2, 2, 2, 2, 2]]
    for shape in shapes:
        label = shape_name(shape)
        for scale in (1.0, 1e-6, 1e3, 1e9):
            add("shapes", f"randn {label} x {scale}", randn(*shape) * scale)
        add("shapes", f"randn {label} float64", randn(*shape, dtype=torch.float64))
        add("shapes", f"randint {label} int64", torch.randint(-50, 1000, shape, generator=g))
        add("shapes", f"randint {label} int32", torch.randint(-5, 5, shape, generator=g, dtype=torch.int32))
        add("shapes", f"bool {label}", torch.randint(0, 2, shape, generator=g).bool())
        add("shapes", f"whole floats {label}", torch.randint(-9, 9, shape, generator=g).float())
    for name, t in {
        "true only": torch.tensor([True, True]),
        "false only": torch.tensor([False]),
        "scalar true": torch.tensor(True),
        "scalar int": torch.tensor(-7),
        "scalar float": torch.tensor(2.5),
        "scalar float64": torch.tensor(2.5, dtype=torch.float64),
        "scalar nan": torch.tensor(float("nan")),
        "scalar tiny": torch.tensor(1e-9),
        "scalar whole": torch.tensor(3.0),
        "big ints": torch.tensor([2**62, -2**63, 5]),
        "int32 extremes": torch.tensor([2**31 - 1, -2**31], dtype=torch.int32),
    }.items():
        add("values", name, t)
    for shape in ([0], [0, 3], [3, 0], [2, 0, 4], [0, 0]):
        for dtype in (torch.float32, torch.float64, torch.int64, torch.int32, torch.bool):
            add("empty", f"empty {shape_name(shape)} {NAMES[dtype]}", torch.empty(shape, dtype=dtype))
        add("empty", f"empty {shape_name(shape)} requires_grad", torch.empty(shape), requires_grad=True,
            text=lambda shape=shape: repr(torch.empty(shape, requires_grad=True)))
    summarized = {
        "arange 1001": torch.arange(1001),
        "arange 1001 float": torch.arange(1001, dtype=torch.float32) / 7,
        "randn 2000": randn(2000),
        "randn 40x40": randn(40, 40),
        "randn 2x600": randn(2, 600),
        "randn 10x10x11": randn(10, 10, 11),
        "randn 5x300": randn(5, 300) * 1e5,
        "bool 1500": torch.randint(0, 2, (1500,), generator=g).bool(),
        "arange 6x7 small": torch.arange(42).reshape(6, 7),
        "randn 7": randn(7),
        "randn 3x8x2": randn(3, 8, 2),
    }
    option_sets = [
        {}, {"threshold": 5}, {"threshold": 10, "edgeitems": 1}, {"threshold": 10, "edgeitems": 2},
        {"threshold": 5, "edgeitems": 0}, {"threshold": "inf"}, {"edgeitems": 5}, {"profile": "short"},
        {"profile": "full"}, {"linewidth": 40}, {"linewidth": 120}, {"linewidth": 1}, {"precision": 0},
        {"precision": 8}, {"precision": 2, "sci_mode": True}, {"threshold": 20, "linewidth": 30, "precision": 1},
    ]
    for name, t in summarized.items():
        add("options", name, t)
        for options in option_sets[1:]:
            if t.numel() > 1200 and options.get("threshold") == "inf" or t.numel() > 1200 and options.get("profile") == "full":
                continue
            add("options", f"{name} {json.dumps(options, sort_keys=True)}", t, options, ref=name)
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    autograd = {
        "SoftmaxBackward0": torch.softmax(x, 0),
        "MulBackward0": x * 2,
        "AddBackward0": x + 1,
        "SumBackward0": x.sum(),
        "MeanBackward0": x.mean(),
        "ViewBackward0": x.view(3, 1),
        "MmBackward0": x.view(1, 3) @ torch.ones(3, 40),
        "AddmmBackward0": torch.nn.functional.linear(x.view(1, 3), torch.ones(70, 3), torch.zeros(70)),
        "ExpBackward0": torch.exp(x.double()),
    }
    for name, t in autograd.items():
        fn = type(t.grad_fn).__name__
        assert fn == name, (fn, name)
        add("autograd", name, t.detach(), grad_fn=fn, text=lambda t=t: repr(t))
        add("autograd", name + " linewidth 50", t.detach(), {"linewidth": 50}, grad_fn=fn, text=lambda t=t: repr(t))
    for name, t in {"vector": torch.tensor([1.0, 2.0]), "matrix": randn(3, 5), "float64": randn(4, dtype=torch.float64),
                    "long row": randn(60), "scalar": torch.tensor(1.5)}.items():
        leaf = t.clone().requires_grad_(True)
        add("autograd", f"requires_grad {name}", t, requires_grad=True, text=lambda leaf=leaf: repr(leaf))
        p = torch.nn.Parameter(t.clone())
        add("parameter", f"Parameter {name}", t, requires_grad=True, parameter=True, text=lambda p=p: repr(p))
    p = torch.nn.Parameter(torch.ones(2), requires_grad=False)
    add("parameter", "Parameter requires_grad False", torch.ones(2), parameter=True, text=lambda p=p: repr(p))
    for shape in ([2, 3], [], [5], [0, 3], [1, 2, 3, 4]):
        cases.append({"area": "size", "name": f"Size {shape}", "shape": shape, "expect": repr(torch.Size(shape))})
    for name, dt in DTYPES.items():
        cases.append({"area": "dtype", "name": name, "dtype": name, "expect": str(dt)})
    return cases


def main():
    write_cases(random_cases(), RANDOM_OUT, ROOT)
    write_cases(print_cases(), PRINT_OUT, ROOT)


if __name__ == "__main__":
    main()
