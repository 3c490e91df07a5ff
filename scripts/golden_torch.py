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
strings, bools as 0/1 strings), or {"error": PyTorch's message} for a call
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


def encode(t):
    t = t.detach().contiguous()
    flat = t.reshape(-1).tolist()
    dtype = NAMES[t.dtype]
    if dtype == "float32":
        bits = ["%08x" % struct.unpack("<I", struct.pack("<f", x))[0] for x in flat]
    elif dtype == "float64":
        bits = ["%016x" % struct.unpack("<Q", struct.pack("<d", x))[0] for x in flat]
    elif dtype == "bool":
        bits = ["1" if x else "0" for x in flat]
    else:
        bits = [str(int(x)) for x in flat]
    return {"dtype": dtype, "shape": list(t.shape), "bits": bits}


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
    return []


def main():
    write_cases(random_cases(), RANDOM_OUT, ROOT)
    write_cases(print_cases(), PRINT_OUT, ROOT)


if __name__ == "__main__":
    main()
