#!/usr/bin/env python3
"""Expected printer layouts for attn, laid out by numpy itself.

attn prints a tensor as numpy's `np.array2string(a, separator=", ",
max_line_width=W)` lays it out (summarised above 1000 elements with 3 edge
items; rows wrapped between elements so that no line passes W), but writes
each element the attn way: integers without a point (`2`, `-0`), other
numbers in `%.6g` style, `inf`, `-inf`, `nan`, all right-aligned to the
widest element shown. This script hands numpy a formatter that writes the
elements that way and lets numpy's own `_formatArray` choose which elements
appear and where lines break, so every expected text below comes from
numpy's rules, not from attn.

Run from anywhere:  python3 scripts/printer_layout.py
It writes Tests/AttnLangTests/Golden/printer_layout.json (committed);
running it again must reproduce the file byte for byte.

The file holds {"arrays": {NAME: {"shape", "values"}}, "cases": [{"array":
NAME, "width", "text"}]}, with values in row-major order ("nan", "inf",
"-inf" as strings). The test values are chosen so that `%.6g` writes them
exactly (quarters, eighths, whole numbers).
"""
import json
import math
from pathlib import Path

import numpy as np

from reference_json import json_float

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnLangTests" / "Golden" / "printer_layout.json"


def attn_number(x):
    """One element as attn writes it at the default six digits."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e16:
        return "-0" if x == 0 and math.copysign(1, x) < 0 else str(int(x))
    text = "%.6g" % x
    assert "e" not in text and float(text) == x, f"pick test values %.6g writes exactly: {x!r}"
    return text


def layout(a, width):
    """numpy's layout of `a` at `width` columns with attn's element texts."""
    shown = []
    np.array2string(a, separator=", ", max_line_width=width, threshold=1000, edgeitems=3,
                    formatter={"all": lambda x: shown.append(attn_number(x)) or "x"})
    pad = max(len(s) for s in shown)
    return np.array2string(a, separator=", ", max_line_width=width, threshold=1000, edgeitems=3,
                           formatter={"all": lambda x: attn_number(x).rjust(pad)})


ARRAYS = {}
CASES = []


def case(name, a, widths):
    a = np.asarray(a, dtype=float)
    ARRAYS[name] = {"shape": list(a.shape), "values": [json_float(x) for x in a.ravel()]}
    for w in widths:
        CASES.append({"array": name, "width": w, "text": layout(a, w)})


def main():
    case("range 30", np.arange(30), [20, 40, 75, 100])
    case("mixed widths", [-1.5, 2, 100.25, 0.125, -3000, 7, 0.5, 12.75, -0.25, 1, 2, 3, 4.5, 66, -7.125] * 3,
         [20, 33, 34, 35, 75])
    case("matrix 3x20 halves", (np.arange(60) * 0.5).reshape(3, 20), [20, 30, 50, 75, 120])
    case("rank 3 eighths", (np.arange(24) / 8).reshape(2, 3, 4), [20, 25, 40, 75])
    case("length-1 axes", np.arange(60).reshape(1, 1, 3, 20) - 30, [30, 40, 75])
    case("special values", [np.inf, -np.inf, np.nan, -0.0, 0, 1.5] * 5, [20, 30, 75])
    case("wider than the line", np.arange(1, 9) * 123456789, [20, 24])
    case("summarised vector", np.arange(2000) * 0.25, [20, 30, 40, 75])
    case("summarised matrix", (np.arange(2000) - 1000).reshape(50, 40) / 4, [30, 50, 75])
    case("summarised rank 3", np.arange(2000).reshape(10, 10, 20), [40, 75])
    case("summarised short axis", np.arange(1200).reshape(2, 600) % 7, [20, 75])
    case("summarised rank 4 with a short axis", np.arange(2 * 8 * 3 * 30).reshape(2, 8, 3, 30) / 2, [50, 75])
    arrays = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}" for k, v in ARRAYS.items())
    cases = ",\n".join("  " + json.dumps(c, sort_keys=True) for c in CASES)
    OUT.write_text('{"arrays": {\n' + arrays + '\n},\n"cases": [\n' + cases + "\n]}\n")


if __name__ == "__main__":
    main()
