#!/usr/bin/env python3
"""CPython's own text for values, for the Python dialect's formatting
(Sources/AttnPython/Format/, `PyFormat`): what `repr`, `str`, `ascii`,
`format(value, spec)`, `template % args` and `template.format(...)` write,
and the exact errors they raise, as CPython 3.11 and numpy 2 produce them.

Every expected text here is CPython's (or numpy's) own output, so the Swift
tests hold attn to CPython's rules, not to attn's reading of them: floats
from every magnitude as bit patterns (shortest round-trip digits, the switch
to exponent notation), strings with quotes, escapes, control characters,
CJK, emoji and unassigned code points, every part of the format-spec
mini-language and each of its error messages, %-formatting with its flags,
`*` widths, mappings and errors, numpy scalars under both, and the
containers' reprs from their elements' reprs. Random cases come from a fixed
seed, so running the script again reproduces the file byte for byte.

Run from anywhere:  python3 scripts/python_format.py
It writes Tests/AttnPythonTests/Golden/python_format.json (committed).

Values are written as {"type": ...}:
- {"type": "float", "bits": "3ff8000000000000"} (the float64's bits in hex),
- {"type": "int", "value": "-12"} (decimal text, any size),
- {"type": "bool", "value": true}, {"type": "str", "value": "..."}, {"type": "none"},
- {"type": "numpy", "dtype": "float32", "bits": "3dcccccd"} (float32 bits;
  float64 as 16 hex digits), {"type": "numpy", "dtype": "int64", "value": "3"},
  {"type": "numpy", "dtype": "bool", "value": true},
- {"type": "object", "typeName": "list", "str": ..., "repr": ...} for any other
  object, with "item" (a numpy value) for a 0-d array, and "items" for a list
  (for the index lookups of str.format).
An outcome is {"out": text} or {"error": {"kind": "ValueError", "message": ...}}.
"""
import json
import math
import random
import struct
import sys
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnPythonTests" / "Golden" / "python_format.json"


# Values and outcomes ---------------------------------------------------------

def bits64(x):
    return struct.pack(">d", x).hex()


def enc(v):
    if isinstance(v, np.generic):
        name = v.dtype.name
        assert name in ("float64", "float32", "int64", "int32", "bool"), name
        if name == "float64":
            return {"type": "numpy", "dtype": name, "bits": bits64(float(v))}
        if name == "float32":
            return {"type": "numpy", "dtype": name, "bits": struct.pack(">f", float(v)).hex()}
        if name == "bool":
            return {"type": "numpy", "dtype": name, "value": bool(v)}
        return {"type": "numpy", "dtype": name, "value": str(int(v))}
    if v is None:
        return {"type": "none"}
    if isinstance(v, bool):
        return {"type": "bool", "value": v}
    if isinstance(v, int):
        return {"type": "int", "value": str(v)}
    if isinstance(v, float):
        return {"type": "float", "bits": bits64(v)}
    if isinstance(v, str):
        return {"type": "str", "value": v}
    t = type(v)
    name = t.__qualname__ if t.__module__ == "builtins" else t.__module__ + "." + t.__qualname__
    o = {"type": "object", "typeName": name, "str": str(v), "repr": repr(v)}
    if isinstance(v, np.ndarray) and v.ndim == 0:
        o["item"] = enc(v[()])
    if isinstance(v, list):
        o["items"] = [enc(e) for e in v]
    return o


def has_surrogate(text):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def outcome(thunk):
    try:
        text = thunk()
    except Exception as ex:  # the message is what is held
        return {"error": {"kind": type(ex).__name__, "message": str(ex)}}
    return {"out": text}


def usable(case):
    """Swift strings cannot hold lone surrogates: such cases are left out."""
    return not any(has_surrogate(s) for s in strings_in(case))


def strings_in(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from strings_in(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings_in(v)


# Floats ----------------------------------------------------------------------

def random_doubles(rng, n):
    out = []
    for _ in range(n):
        out.append(struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0])
    return out


def float_repr_cases(rng):
    xs = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e-4, 1e-5, 9.999e-05, 0.00011, 1e15, 1e16, 1e17,
          9999999999999998.0, 1e16 - 2, 123456789012345678.0, 1e22, 1e23, 5e-324, 1e-323, 2.2250738585072014e-308,
          2.225073858507201e-308, 1.7976931348623157e308, math.pi, math.e, 100.0, 1e100, 1.5e300, 0.5, 2.5,
          float("nan"), float("inf"), float("-inf"), -float("nan"), 4.35, 0.1 + 0.2, 1 - 1e-16, 2.0 ** 53, 2.0 ** 53 + 2,
          2.0 ** -1074, 2.0 ** 1023, 123456.7, 1e-7, 299792458.0]
    for e in range(-330, 310, 7):
        xs.append(float(f"1e{e}"))
    for limit in (1e-4, 1e16):
        x = limit
        for _ in range(3):
            x = math.nextafter(x, 0)
            xs.append(x)
        x = limit
        for _ in range(3):
            x = math.nextafter(x, math.inf)
            xs.append(x)
    xs += random_doubles(rng, 900)
    for _ in range(500):
        digits = rng.randint(1, 17)
        mantissa = rng.randint(1, 10 ** digits - 1)
        xs.append(float(f"{'-' if rng.random() < 0.3 else ''}{mantissa}e{rng.randint(-330, 300)}"))
    for _ in range(300):
        xs.append(rng.uniform(-1, 1) * 10.0 ** rng.randint(-8, 20))
    return [[bits64(x), repr(x)] for x in xs]


FLOAT_VALUES = [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 2.5, 0.125, 0.1, 1 / 3, -2 / 3, 1234567.891, -1234567.891, 1e-5,
                9.99e-5, 1e-4, 123456789.0, 1e16, 1e22, 1.5e300, 5e-324, float("nan"), float("inf"), float("-inf"),
                0.5, 9.5, 0.05, 99.95, 999999.5, -0.001, 12.0, 123.0, 1e-300]

FLOAT_SPECS = [
    "", "f", ".0f", ".1f", ".2f", ".3f", ".10f", ".20f", "e", ".0e", ".1e", ".3e", ".12e", "E", ".2E",
    "g", ".0g", ".1g", ".2g", ".3g", ".10g", ".17g", "G", ".3G", "n", ".3n", "%", ".1%", ".0%", "F", ".3F",
    ".0", ".1", ".2", ".3", ".5", ".12", ".16", ".17", "#", "#.0f", "#.0e", "#e", "#g", "#.3g", "#.0", "#.3", "#.1",
    "#%", "#.0%", "+", "+.2f", "+e", " ", " .3e", "-", "-.1f", "z", "z.1f", "z.0f", "z.2e", "z.3g", "z%", "+z.1f",
    " z", "z.0", ",", "_", ",.2f", "_.3f", ",.0f", ",e", ",g", ",.3", ",.3g", ",%", "_%", ",.12", "10", "<10",
    ">10", "^10", "=10", "*^11.2f", "0>12", "010", "010.2f", "+010.2f", "-010.2f", " 010.2f", "010,", "011,",
    "012,.1f", "013,.2f", "015_.3f", "0=+12,.1f", "0=12,", "x<10", "€^9", "\u4e2d>8", "^1", "20.10e", "=+20,.2f",
    "#10.0f", "<010", "^012.3f", "#012.0e", "08%", "0", "00", "000005", "+0", "z0", "1", "\x00<5", "\n<5",
    "\u0661\u0660", "30.25f", "F", "<", "<<", "\u4e2d<", "\U0001f600^7",
]
FLOAT_ERROR_SPECS = [
    ".2q", "q", ".", ",,", ",_", "_,", "d", "s", "c", "x", "X", "b", "o", "z+g", ".2,f", "5.", "5.f", "..2",
    ".99999999999999999999f", "99999999999999999999", ".2147483648f", "zz", "##", "++", ",n", "_n", "\u4e2d",
    ",\u4e2d", "\x01", "\x7f", "=,s", ",q", ".q", ".,", "_x", ",c", "=z", "^^^", "+-", "#z", "0z", "__",
    ",__", " ,_",
]

INT_VALUES = [0, 1, -1, 7, -7, 42, 65, 255, -255, 1000, 1234567, -1234567, 2 ** 31, 2 ** 63 - 1, -2 ** 63, 2 ** 64,
              10 ** 20, -(10 ** 25) + 1, 1114111, 0x110000, 3 ** 100, -(7 ** 90)]
INT_SPECS = [
    "", "d", "n", "b", "o", "x", "X", "c", "#b", "#o", "#x", "#X", "#d", "+d", " d", "-d", "+", " ", ",", ",d",
    "_", "_d", "_b", "_o", "_x", "_X", "#_b", "#_x", "#_o", "08d", "08", "+08d", "#010x", "#010b", "012,d", "012,",
    "012_d", "012_x", "#012_b", "011_b", "<8", ">8", "^8", "=8", "*^9", "x<8", "=+8", "0=8", "e", ".2e", "f",
    ".2f", ".0f", "g", ".3g", "%", ".1%", "E", "F", "G", ",.2f", "_.1f", ",g", "#g", "+.3e", "08.2f", "", "10",
    "^", "0", "c", "<5c", "05c", "=c", "*^5c", "30", "#032b", "€>12,", "+#x",
]
INT_ERROR_SPECS = [
    ".2", ".2d", "z", "zd", "+c", "#c", ",c", "_c", ",x", ",b", ",o", ",X", "s", "q", ".2c", "z.2", ".2x",
    ",n", "_n", "z.2f", "zf", "zx", "z+c", " c", "-c", "+#c", "#,c", ",q", "._", ".d", ".2q", "zq", "z#c", "=+.2c",
]
STR_VALUES = ["ab", "", "héllo", "中文字", "e\u0301", "😀x", "a\tb", "long text here"]
STR_SPECS = [
    "", "s", "5", "<5", ">5", "^5", "^6", "*^7", ".1", ".0", "10.3", "05", "0", "010s", "^10.2s", ".1s",
    "\u4e2d>6", ">1", "x^9", "0<4", "0^6", "=^5", "3", "<", "\x00>4", "ab", "<<<",
    "=5", "+", "-", " ", "#", "z", ",", "_", "d", "x5", "+=", "#=", "z#", "+#", "+,", "=,", "#,", "zs", ",d", "c", "r", "x",
]
BOOL_SPECS = ["", "s", "d", "5", ".2f", "x", "#b", "c", ">6", "^7", "<6", "+", ",", "e", "%", "n", ".2", "z"]


def format_cases(rng):
    cases = []

    def add(value, spec):
        case = {"value": enc(value), "spec": spec, **outcome(lambda: format(value, spec))}
        if usable(case):
            cases.append(case)

    # Each spec on a sample of the values (the same sample every run).
    for spec in FLOAT_SPECS:
        for x in rng.sample(FLOAT_VALUES, 16):
            add(x, spec)
    for spec in FLOAT_ERROR_SPECS:
        for x in (1.5, -0.0):
            add(x, spec)
    for spec in INT_SPECS + INT_ERROR_SPECS:
        for n in rng.sample(INT_VALUES, 10):
            add(n, spec)
    for spec in BOOL_SPECS:
        for b in (True, False):
            add(b, spec)
    for spec in STR_SPECS:
        for s in STR_VALUES:
            add(s, spec)
    for spec in ("", "s", "5", ">5"):
        add(None, spec)
        add([1, 2.5, "a"], spec)
        add({"a": 1}, spec)
    # Random specs from the grammar's parts, on random values.
    for _ in range(900):
        spec = random_spec(rng)
        kind = rng.random()
        if kind < 0.6:
            value = rng.choice([rng.uniform(-1, 1) * 10.0 ** rng.randint(-9, 20), rng.choice(FLOAT_VALUES),
                                float(rng.randint(-10 ** 6, 10 ** 6)) / 8])
        elif kind < 0.9:
            value = rng.choice([rng.randint(-10 ** 9, 10 ** 9), rng.randint(-10 ** 30, 10 ** 30), rng.choice(INT_VALUES)])
        else:
            value = rng.choice(STR_VALUES + [True, False])
        add(value, spec)
    return cases


def random_spec(rng):
    spec = ""
    if rng.random() < 0.25:
        if rng.random() < 0.5:
            spec += rng.choice(["*", "0", "x", " ", "\u4e2d", "_", ","])
        spec += rng.choice("<>^=")
    if rng.random() < 0.3:
        spec += rng.choice("+- ")
    if rng.random() < 0.1:
        spec += "z"
    if rng.random() < 0.2:
        spec += "#"
    if rng.random() < 0.25:
        spec += "0"
    if rng.random() < 0.45:
        spec += str(rng.randint(0, 25))
    if rng.random() < 0.25:
        spec += rng.choice(",_")
    if rng.random() < 0.5:
        spec += "." + str(rng.randint(0, 20))
    r = rng.random()
    if r < 0.85:
        spec += rng.choice(["", "e", "E", "f", "F", "g", "G", "n", "%", "", "d", "b", "o", "x", "X", "c", "s"])
    elif r < 0.95:
        spec += rng.choice(["q", "r", "a", "i", "u", "{", "?"])
    return spec


# Strings ---------------------------------------------------------------------

POOL = (list("abcXYZ019 ~!@#$%&*()[]{}") + ["'", '"', "\\", "\n", "\t", "\r", "\x00", "\x01", "\x07", "\x1b",
        "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\xad", "é", "ß", "\u0301", "中", "文", "한", "あ", "\u200b",
        "\u2028", "\u2029", "\ufeff", "\ue000", "\U000f0000", "\u0378", "\uffff", "\U0010ffff", "😀", "👍🏽",
        "\U0001f9d1\u200d\U0001f4bb", "€", "\u3000", "\u00a0", "\u1680", "\u202e", "\U000e0001", "𝔘", "\ufffd",
        "\u061c", "\u0600", "\U0001d173", "\u00b5", "\u2063", "\U00030000", "\U0002a6df"])


def string_cases(rng):
    strings = ["", "a", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "line\nbreak", "cr\r",
               "nul\x00", "bell\x07", "esc\x1b[31m", "del\x7f", "c1\x85\x9f", "nbsp\xa0", "soft\xadhyphen",
               "café", "e\u0301", "中文", "日本語のテキスト", "한국어", "😀", "👍🏽", "\U0001f9d1\u200d\U0001f4bb",
               "zero\u200bwidth", "ls\u2028ps\u2029", "bom\ufeff", "private\ue000", "unassigned\u0378",
               "non\uffffchar", "max\U0010ffff", "ideo\u3000space", "rtl\u202e", "tag\U000e0001", "math𝔘",
               "'", '"', "'\"", "\\'", "x" * 40]
    for _ in range(400):
        strings.append("".join(rng.choice(POOL) for _ in range(rng.randint(0, 8))))
    return [{"value": s, "repr": repr(s), "ascii": ascii(s), "printable": s.isprintable()} for s in strings]


def nonprintable_ranges():
    ranges = []
    start = None
    for cp in range(0x110000):
        printable = 0xD800 <= cp <= 0xDFFF or chr(cp).isprintable()
        if not printable and start is None:
            start = cp
        if printable and start is not None:
            ranges.append([start, cp - 1])
            start = None
    if start is not None:
        ranges.append([start, 0x10FFFF])
    return ranges


# Containers --------------------------------------------------------------------

def container_cases():
    cases = []
    lists = [[], [1], [1, 2.5, "a"], [None, True, "it's"], [[1, 2], (3,)], ["中文", -0.0, 1e16]]
    for v in lists:
        cases.append({"kind": "list", "items": [repr(e) for e in v], "repr": repr(v)})
    for v in [(), (1,), (1, 2.5, "a"), ((),), ("x", None)]:
        cases.append({"kind": "tuple", "items": [repr(e) for e in v], "repr": repr(v)})
    for v in [{}, {"a": 1}, {1: "x", 2.5: None}, {(1, 2): [3]}]:
        cases.append({"kind": "dict", "items": [[repr(k), repr(e)] for k, e in v.items()], "repr": repr(v)})
    for v in [set(), {1}, {1, 2}, {"a"}]:
        cases.append({"kind": "set", "items": [repr(e) for e in v], "repr": repr(v)})
    for v in [frozenset(), frozenset({1}), frozenset({1, 2})]:
        cases.append({"kind": "frozenset", "items": [repr(e) for e in v], "repr": repr(v)})
    for v in [range(5), range(0, 5), range(1, 10, 2), range(5, 0, -1), range(-3, 3, 1), range(0)]:
        cases.append({"kind": "range", "items": [str(v.start), str(v.stop), str(v.step)], "repr": repr(v)})
    for v in [slice(1, None, 2), slice(None), slice(3), slice(1, 2), slice(None, None, -1), slice("a", 2.5, None)]:
        cases.append({"kind": "slice", "items": [repr(v.start), repr(v.stop), repr(v.step)], "repr": repr(v)})
    return cases


# %-formatting ------------------------------------------------------------------

class Args:
    """How the right operand of % is given to the Swift side."""

    @staticmethod
    def enc(args):
        if isinstance(args, tuple):
            return {"tuple": [enc(a) for a in args]}
        if isinstance(args, dict):
            assert all(isinstance(k, str) for k in args)
            return {"mapping": enc(args), "items": {k: enc(v) for k, v in args.items()}}
        if isinstance(args, list):  # CPython takes a list for a mapping (it has __getitem__)
            return {"mapping": enc(args), "items": {}}
        return {"single": enc(args)}


PERCENT = [
    ("%.3f", 1.5), ("%d %s", (1, "a")), ("%r", "a"), ("%e", 1.5), ("%g", 1e-5), ("%i", 3.9), ("%x", 255),
    ("%%", ()), ("%5.1f|%-8d|%+d|% d|%05d", (1.25, 3, 3, 3, -3)), ("%#x %#o %#X", (255, 8, 255)),
    ("%*d", (5, 3)), ("%-*d|", (5, 3)), ("%*d", (-5, 3)), ("%.*f", (2, 1.5)), ("%*.*f", (8, 2, 1.5)),
    ("%*d", ("a", 3)), ("%.*f", (1.5, 1.5)), ("%.*f", (-3, 1.5)), ("%*d", (True, 3)), ("%d", ("3",)), ("%x", 3.5),
    ("%c", "ab"), ("%c", 1.5), ("%c", 65), ("%c", "é"), ("%c", -1), ("%c", 0x110000), ("%c", ""), ("%c", True),
    ("%s", ()), ("%s %s", (1,)), ("%s", (1, 2)), ("%s", [1, 2]), ("%s %s", [1, 2]), ("%(a)s", {"a": 1}),
    ("%(a)s", (1,)), ("%(a)s", {"b": 1}), ("%(a", {"a": 1}), ("%z", 1), ("%z", ()), ("%", 1), ("abc%", ()),
    ("%d", 1e300), ("%d", float("inf")), ("%d", float("-inf")), ("%d", float("nan")), ("%x", True), ("%d", True),
    ("%s", True), ("%r", True), ("%s", None), ("%d", None), ("%f", "a"), ("%f", None), ("%f", 10 ** 400),
    ("%.2f", 10 ** 20), ("%e", 0), ("%5s|%-5s|%.1s", ("ab", "ab", "ab")), ("%a", "é"), ("%5%", ()), ("%5%", (1,)),
    ("%-5%", ()), ("%(a)s %(a)r", {"a": "x"}), ("%s", {"a": 1}), ("%s %s", {"a": 1}), ("%(a)s %s", {"a": 1}),
    ("%hd", 3), ("%ld", 3), ("%Ld", 3), ("%u", 3), ("%F", 1.5), ("%G", 1e-10), ("%E", 1.5), ("% 05.1f", 1.5),
    ("%+05.1f", -1.5), ("%-05d", 3), ("%#.0f", 1.0), ("%#g", 1.0), ("%#.3g", 1.0), ("%.0e", 1.0), ("%#.0e", 1.0),
    ("%10.4s|", ("abcdef",)), ("%o", -8), ("%#o", 0), ("%#x", 0), ("%.3d", 5), ("%.3x", 5), ("%#.5x", 5),
    ("%08.3d", -5), ("%.0d", 0), ("%.50f", 0.1), ("%.3s", [1, 2]), ("%s %d", ("a", "b")), ("%(x)d", {"x": "s"}),
    ("%d", []), ("%i", 2.5), ("%x", 2.5), ("%o", "a"), ("%f", []), ("%c", None), ("%.3c", 65), ("%5c", 65),
    ("%-5c|", 65), ("%05c", 65), ("%r", "it's"), ("%s %s %s", (1, 2, 3, 4)), ("%d", (1, 2)), ("%d%%", (5,)),
    ("%(a)s", {}), ("%()s", {"": 1}), ("%(a)*d", {"a": 1}), ("%(a)(b)s", {"a": 1, "(b": 2}), ("%(a(b))s", {"a(b)": 5}),
    ("%f", float("nan")), ("%F", float("inf")), ("%05f", float("-inf")), ("%+f", float("nan")), ("%e", float("inf")),
    ("% g", float("nan")), ("%r", 1.5), ("%s", 1e16), ("%a", 1.5), ("%.3r", "abcd"), ("%10r", "a"), ("abc", ()),
    ("abc", 5), ("abc", {"a": 1}), ("abc", []), ("abc", [1]), ("%s", "中文"), ("%5s|", "中文"), ("%-6s|", "😀"),
    ("%a", "中文😀"), ("%r", "tab\t"), ("%\u4e2d", 1), ("%\x01", 1), ("%(a)\u4e2d", {"a": 1}), ("a%", 1), ("%  d", 3),
    ("%+ d", 3), ("% +d", 3), ("%-+8.3f|", 2.5), ("%0-8.3f|", 2.5), ("%#8.3x", 255), ("%#-8o|", 8), ("%#08X", 255),
    ("%x", -255), ("%#x", -255), ("%#010x", -255), ("%X", 2 ** 70), ("%d", 2 ** 70), ("%o", 2 ** 70), ("%e", 2 ** 70),
    ("%.1f", 0.25), ("%.1f", 0.35), ("%.0f", 0.5), ("%.0f", 1.5), ("%.0f", 2.5), ("%10.3e", -1234.5),
    ("%-10.3E|", 1234.5), ("%g", 123456789.0), ("%g", 0.0001), ("%g", 0.00001), ("%.10g", 1 / 3), ("%.0g", 0.5),
    ("%#.0g", 0.5), ("%#x", True), ("%s|%r", ("\x00", "\x00")), ("%ld %lf", (3, 1.5)), ("%.*s", (2, "abcdef")),
    ("%*s|", (-4, "ab")), ("%*.*s|", (6, 2, "abcdef")), ("%-*.*f|", (9, 3, 3.14159)), ("%(a)d %(b).2f", {"a": 1, "b": 2.0}),
    ("%(a)-5d|", {"a": 3}), ("%(a)s", {"a": None}), ("%s", (None,)), ("%r", ([1, 2],)), ("%s %s", ([1], {"a": 1})),
    ("%.2f%%", 12.345), ("%5.1f%%", 99.5), ("%d items", 3), ("%s=%r", ("k", "v")), ("%c%c%c", (72, 105, 0x4e2d)),
    ("%c", "\U0001f600"), ("%%%d%%", 5), ("%.2e", 5e-324), ("%.17g", 0.1), ("%.20f", 1 / 3), ("%f", 1e300),
    ("%s", 0.1 + 0.2), ("%r", 0.1 + 0.2), ("%s", -0.0), ("%d", -0.0), ("%d", -0.5), ("%d", 2.5), ("%i", -2.5),
]


def percent_cases(rng):
    cases = []

    def add(template, args):
        case = {"template": template, "args": Args.enc(args), **outcome(lambda: template % args)}
        if usable(case):
            cases.append(case)

    for template, args in PERCENT:
        add(template, args)
    # Random conversions on random values.
    for _ in range(500):
        spec = "%"
        for flag in "-+ 0#":
            if rng.random() < 0.15:
                spec += flag
        if rng.random() < 0.5:
            spec += str(rng.randint(0, 20))
        if rng.random() < 0.5:
            spec += "." + str(rng.randint(0, 18))
        conv = rng.choice("diouxXeEfFgGcrsa")
        spec += conv
        if conv in "diouxXc":
            value = rng.choice([rng.randint(-10 ** 6, 10 ** 6), rng.randint(0, 0x10FFFF), rng.choice(INT_VALUES),
                                rng.uniform(-1e6, 1e6)])
        elif conv in "rsa":
            value = rng.choice(STR_VALUES + [1.5, 3, None, True, "it's"])
        else:
            value = rng.choice([rng.uniform(-1, 1) * 10.0 ** rng.randint(-9, 20), rng.choice(FLOAT_VALUES),
                                rng.randint(-1000, 1000)])
        add(spec, (value,))
    return cases


# numpy scalars -------------------------------------------------------------------

NUMPY_VALUES = ([np.float64(x) for x in (0.1, 1.0, -0.0, 1e-5, 1e16, 1234567.891, 2.5, float("nan"), float("-inf"), 1 / 3)]
                + [np.float32(x) for x in (0.1, 1.0, -0.0, 1e-5, 1e7, 1234567.0, 16777217.0, 2.5, float("nan"),
                                           float("inf"), 1 / 3, 3.4028235e38)]
                + [np.int64(x) for x in (0, 3, -3, 65, 255, 2 ** 63 - 1, -2 ** 63)]
                + [np.int32(x) for x in (0, 3, -255, 2 ** 31 - 1)]
                + [np.True_, np.False_])
NUMPY_SPECS = ["", ".4f", ".10f", "e", ".3e", "g", ".3", ">10", "<10", "+.3e", ",", "z.1f", "x", "#x", "d", "s", "c",
               ".2%", "08.2f", "_", "n", "^12", "b", ".2"]
NUMPY_PERCENT = ["%s", "%r", "%a", "%d", "%i", "%x", "%o", "%f", "%.3e", "%g", "%c", "%5.1f", "%-8s|", "%.2s", "%+d"]


def numpy_cases():
    cases = []
    for v in NUMPY_VALUES:
        case = {"value": enc(v), "str": str(v), "repr": repr(v), "format": [], "percent": []}
        for spec in NUMPY_SPECS:
            case["format"].append({"spec": spec, **outcome(lambda: format(v, spec))})
        for template in NUMPY_PERCENT:
            case["percent"].append({"template": template, **outcome(lambda: template % (v,))})
        if usable(case):
            cases.append(case)
    return cases


def zero_d_cases():
    """0-d arrays: format() takes their item, % their numbers, str and repr their own."""
    cases = []
    arrays = [np.array(1.5), np.array(3.5), np.array(255), np.array(255.0), np.array(np.float32(0.1)), np.array(True),
              np.array(np.int32(66))]
    for a in arrays + [np.array([1.5])]:
        for spec in ("", ".2f", "x", ">8"):
            case = {"value": enc(a), "spec": spec, **outcome(lambda: format(a, spec))}
            cases.append(case)
    percent = []
    for a in arrays:
        for template in ("%s", "%r", "%d", "%x", "%.2f", "%c", "%e", "%5s|"):
            percent.append({"template": template, "args": Args.enc((a,)), **outcome(lambda: template % (a,))})
    return cases, percent


# str.format templates ----------------------------------------------------------------

TEMPLATES = [
    ("{}", (1,), {}), ("{} {}", (1, "a"), {}), ("{0} {1} {0}", ("x", "y"), {}), ("{name}", (), {"name": 3}),
    ("{:>8}", (1.5,), {}), ("{:.3f}|{:^9}|{!r}", (2.0, "mid", "q"), {}), ("{0!r:>10}", ("a",), {}),
    ("{!s}", (1.5,), {}), ("{!a}", ("中",), {}), ("{x!r}", (), {"x": "it's"}), ("{{}}", (), {}), ("{{{}}}", (7,), {}),
    ("a}}b{{c", (), {}), ("{:{}}", (1.5, 8), {}), ("{:{}.{}f}", (3.14159, 10, 2), {}), ("{0:{1}}", ("x", ">4"), {}),
    ("{:{w}.{p}}", (1 / 3,), {"w": 10, "p": 3}), ("{0[1]}", ([1, 2],), {}), ("{x[0]}", (), {"x": ["a"]}),
    ("}", (), {}), ("{", (), {}), ("a{", (), {}), ("{0", (1,), {}), ("{0!}", (1,), {}), ("{0!x}", (1,), {}),
    ("{0!rr}", (1,), {}), ("{!r", (1,), {}), ("{0} {}", (1, 2), {}), ("{} {0}", (1, 2), {}), ("{1}", (1,), {}),
    ("{}", (), {}), ("{x}", (), {}), ("{:{:{}}}", (1, 2, 3), {}), ("{0[}", ([1],), {}), ("{0[0]x}", ([1],), {}),
    ("{0.}", (1,), {}), ("{:d}", ("a",), {}), ("{:.2f}", ("a",), {}), ("{:>{w}}", ("r",), {"w": "x"}),
    ("{: }", (5,), {}), ("{:,}", (1234567,), {}), ("{:_b}", (255,), {}), ("{:%}", (0.25,), {}), ("{:}", (1.5,), {}),
    ("{!r:}", ("a",), {}), ("{0:}", (None,), {}), ("{:5}", (None,), {}), ("{:{}}", (1.5, "x<9"), {}),
    ("{:{}{}{}}", (1.5, "*", "^", 9), {}), ("{:}}", (1,), {}), ("{:{}", (1, 2), {}), ("{a}{b}", (), {"a": 1, "b": 2.5}),
    ("{0}{1}{2}", ("a", "b", "c"), {}), ("{00}", ("z",), {}), ("{0x}", (), {"0x": 1}), ("{-1}", (), {"-1": 2}),
    ("{ }", (), {" ": 4}), ("{0:^{1}}", ("中文", 8), {}), ("{:.1f}{{", (2.25,), {}), ("{:.{}}", ("abcdef", 3), {}),
    ("{x:{y}}", (), {"x": 5, "y": "03"}), ("{}{}", (1,), {}), ("{:=^10}", ("mid",), {}), ("{0!s:.3}", (1 / 3,), {}),
    ("{!}", (1,), {}), ("{:!}", (1,), {}), ("{[}", (), {}), ("{0]}", (), {"0]": 1}), ("{0!\u4e2d}", (1,), {}),
    ("{0!\x01}", (1,), {}), ("{0! }", (1,), {}), ("{0!\x7f}", (1,), {}), ("{a{b}", (), {}), ("{0[]}", ([1],), {}),
    ("{0[0]}{0[1]}", ([5, 6],), {}), ("{0[0][1]}", ([[1, 2]],), {}), ("{0!r:{1}}", ("a", 6), {}),
    ("{:{}}{}", (1, 3, 2), {}), ("{0:{0}}", (5,), {}), ("{:\u4e2d^7}", ("x",), {}), ("{0!", (1,), {}),
    ("{:>}", ("x",), {}), ("{\u0661}", ("x", "y"), {}), ("{99999999999999999999}", (), {}), ("\u4e2d{}文", (1,), {}),
]


def template_cases():
    cases = []
    for template, args, kwargs in TEMPLATES:
        case = {"template": template, "args": [enc(a) for a in args], "kwargs": {k: enc(v) for k, v in kwargs.items()},
                **outcome(lambda: template.format(*args, **kwargs))}
        if usable(case):
            cases.append(case)
    return cases


def main():
    rng = random.Random(20260611)
    zero_d, zero_d_percent = zero_d_cases()
    data = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "unicode": unicodedata.unidata_version,
        "float_repr": float_repr_cases(rng),
        "int_repr": [[str(n), repr(n)] for n in INT_VALUES + [10 ** 50, -(10 ** 50)]],
        "strings": string_cases(rng),
        "nonprintable": nonprintable_ranges(),
        "containers": container_cases(),
        "format": format_cases(rng) + zero_d,
        "percent": percent_cases(rng) + zero_d_percent,
        "numpy_scalars": numpy_cases(),
        "templates": template_cases(),
    }

    def cases(items):
        return "[\n" + ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in items) + "\n ]"
    text = "{" + ",\n ".join(json.dumps(k) + ": " + (cases(v) if isinstance(v, list) else json.dumps(v))
                              for k, v in data.items()) + "\n}\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    for k, v in data.items():
        if isinstance(v, list):
            print(f"  {k}: {len(v)}")


if __name__ == "__main__":
    main()
