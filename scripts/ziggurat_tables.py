#!/usr/bin/env python3
"""The tables of numpy's 256-layer ziggurat for standard normal float64
draws (`random_standard_normal` in numpy/random/src/distributions/
distributions.c, the "e3n52sb8" layout), computed from their defining
recurrence, and written as Swift source for AttnCore.

Run from anywhere on Linux (glibc's exp, log and sqrt):
    python3 scripts/ziggurat_tables.py
It writes Sources/AttnCore/NumpyRandom/ZigguratTables.swift (committed; the
build needs no Python) and then checks the tables against real numpy: a
Python copy of numpy's ziggurat, fed the raw 64-bit outputs of numpy's own
PCG64, must give exactly `Generator.standard_normal`'s values for
seeds 0..7, a million draws each (8 million uses of the
tables, every layer thousands of times, the tail and the wedges included).

The construction (Marsaglia and Tsang, "The Ziggurat Method for Generating
Random Variables", 2000, with 256 layers and 52-bit integers):
- f(x) = exp(-x^2/2); r = 3.6541528853610088 is where the base layer's
  rectangle meets the tail (numpy's `ziggurat_nor_r`), and every layer has
  the same area v, the base layer's r f(r) plus the tail's
  sqrt(pi/2) erfc(r/sqrt 2) = 0.0049286732339746549...;
- going up from x[255] = r: x[i] = sqrt(-2 log(v / x[i+1] + f(x[i+1]))),
  for i = 254 down to 1;
- w[i] = x[i] / 2^52 (a 52-bit integer times w[i] is a point of layer i),
  f[i] = f(x[i]), f[0] = 1;
- k[i] = round(x[i-1] / x[i] * 2^52) for i >= 2: below k[i] a point is
  inside the next layer up and accepted at once; k[1] = 0 (the top layer
  always takes the wedge test);
- the base layer: w[0] = v / f(r) / 2^52 and k[0] = round(r f(r) / v * 2^52).

numpy's table was computed in float64 along these lines, and three values
pin down exactly how:
- v is the float64 0.004928673233974652, three ulps below the exact area.
  With it every step of the recurrence above, evaluated in float64 with
  glibc, lands on numpy's x[i] (checked step by step against numpy's
  published table while this script was written), and w[0] and k[0] follow.
- f[38]: numpy's value is one ulp above glibc's exp(-0.5 x[38]^2), the one
  evaluation of 255 where the machine that made numpy's table rounded its
  exp differently. The script applies that one-ulp correction.
Nothing here is copied from numpy's table; pass --compare PATH with a copy
of numpy's ziggurat_constants.h to see every entry compared.
"""
import argparse
import math
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Sources" / "AttnCore" / "NumpyRandom" / "ZigguratTables.swift"

LAYERS = 256
MANTISSA = 2.0 ** 52
R = 3.6541528853610088
V = 0.004928673233974652
INVERSE_R = 1.0 / R
# (index, ulps): where numpy's f table differs from glibc's exp.
F_CORRECTIONS = {38: +1}


def next_after(x, ulps):
    """x moved by `ulps` float64 steps (x > 0)."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0] + ulps
    return struct.unpack("<d", struct.pack("<q", bits))[0]


def tables():
    """k, w, f as numpy's random_standard_normal reads them."""
    k = [0] * LAYERS
    w = [0.0] * LAYERS
    f = [0.0] * LAYERS
    upper = R
    w[LAYERS - 1] = R / MANTISSA
    f[LAYERS - 1] = math.exp(-0.5 * R * R)
    k[0] = round(R * f[LAYERS - 1] / V * MANTISSA)
    w[0] = V / f[LAYERS - 1] / MANTISSA
    f[0] = 1.0
    for i in range(LAYERS - 2, 0, -1):
        x = math.sqrt(-2.0 * math.log(V / upper + f[i + 1]))
        k[i + 1] = round(x / upper * MANTISSA)
        w[i] = x / MANTISSA
        f[i] = next_after(math.exp(-0.5 * x * x), F_CORRECTIONS.get(i, 0))
        upper = x
    k[1] = 0
    return k, w, f


def numpy_standard_normal(raw, k, w, f):
    """A Python copy of numpy's random_standard_normal, reading 64-bit words
    from the iterator `raw` (PCG64's next_uint64; next_double is
    (word >> 11) * 2^-53). Returns one value."""
    def next_double():
        return (next(raw) >> 11) * (1.0 / 9007199254740992.0)
    while True:
        bits = next(raw)
        idx = bits & 0xFF
        bits >>= 8
        sign = bits & 1
        rabs = (bits >> 1) & 0x000FFFFFFFFFFFFF
        x = rabs * w[idx]
        if sign:
            x = -x
        if rabs < k[idx]:
            return x
        if idx == 0:
            while True:
                xx = -INVERSE_R * math.log1p(-next_double())
                yy = -math.log1p(-next_double())
                if yy + yy > xx * xx:
                    return -(R + xx) if (rabs >> 8) & 1 else R + xx
        elif (f[idx - 1] - f[idx]) * next_double() + f[idx] < math.exp(-0.5 * x * x):
            return x


def check_against_numpy(k, w, f, seeds=range(8), draws=1_000_000):
    for seed in seeds:
        expected = np.random.Generator(np.random.PCG64(seed)).standard_normal(draws)
        source = np.random.PCG64(seed)
        # Enough raw words for every draw and its rare extra words.
        words = iter(int(v) for v in source.random_raw(draws * 2 + 1000))
        got = [numpy_standard_normal(words, k, w, f) for _ in range(draws)]
        bad = [i for i in range(draws) if got[i] != expected[i]]
        if bad:
            sys.exit(f"seed {seed}: draw {bad[0]} is {got[bad[0]]!r}, numpy gives {expected[bad[0]]!r}")
    print(f"checked: {len(seeds) * draws} draws equal numpy's Generator(PCG64(seed)).standard_normal")


def compare(path, k, w, f):
    import re
    text = Path(path).read_text()

    def entries(name):
        body = re.search(name + r"\[\] = \{(.*?)\};", text, re.S).group(1)
        return [s.strip() for s in body.split(",") if s.strip()]
    theirs_k = [int(s.rstrip("ULL"), 16) for s in entries("ki_double")]
    theirs_w = [float(s) for s in entries("wi_double")]
    theirs_f = [float(s) for s in entries("fi_double")]
    for name, mine, theirs in (("k", k, theirs_k), ("w", w, theirs_w), ("f", f, theirs_f)):
        differ = [i for i in range(LAYERS) if mine[i] != theirs[i]]
        print(f"{name}: {LAYERS - len(differ)} of {LAYERS} entries equal" + (f"; differ at {differ}" if differ else ""))


def swift_source(k, w, f):
    def rows(items, per_line):
        lines = []
        for start in range(0, len(items), per_line):
            lines.append("        " + ", ".join(items[start:start + per_line]) + ",")
        return "\n".join(lines)
    ks = [f"0x{v:016X}" for v in k]
    ws = [v.hex() for v in w]
    fs = [v.hex() for v in f]
    return f"""// Generated by scripts/ziggurat_tables.py from the ziggurat's defining
// recurrence; do not edit. The script documents the construction and checks
// these tables against real numpy's draws.

/// The tables of numpy's 256-layer ziggurat for float64 standard normals
/// (`random_standard_normal`): layer i spans [0, x[i]] with `w[i] = x[i] / 2^52`,
/// `f[i] = exp(-x[i]^2 / 2)` and `k[i]` the 52-bit threshold below which a
/// point of layer i is accepted without a test; layer 0 is the base strip
/// with the tail beyond `r`.
enum ZigguratTables {{
    /// Where the base strip meets the tail (numpy's `ziggurat_nor_r`).
    static let r: Double = {R.hex()}
    /// 1 / r in float64 (numpy's `ziggurat_nor_inv_r`).
    static let inverseR: Double = {INVERSE_R.hex()}

    static let k: [UInt64] = [
{rows(ks, 4)}
    ]

    static let w: [Double] = [
{rows(ws, 3)}
    ]

    static let f: [Double] = [
{rows(fs, 3)}
    ]
}}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", metavar="ZIGGURAT_CONSTANTS_H",
                        help="also compare every entry with numpy's header at this path")
    args = parser.parse_args()
    k, w, f = tables()
    assert INVERSE_R == 0.27366123732975828, "1/r is numpy's ziggurat_nor_inv_r"
    OUT.write_text(swift_source(k, w, f), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    if args.compare:
        compare(args.compare, k, w, f)
    check_against_numpy(k, w, f)


if __name__ == "__main__":
    main()
