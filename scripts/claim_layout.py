#!/usr/bin/env python3
"""numpy's own printed forms, for the claims `attn fix` rewrites in numpy's dialect.

A claim pasted from numpy (`str(a)`, `[0.5 0.25]`, or `repr(a)`,
`array([0.5, 0.25])`, with `dtype=float32` after it when it is not float64)
must be rewritten the way numpy would print the true value: the same
separators, the continuation lines indented under the first element, rows
wrapped at 75 columns as numpy wraps them, `dtype=` moved to its own line
when it does not fit. This script prints arrays with numpy itself, with a
formatter that writes every element as `attn fix` writes numbers for a
numpy float claim (six significant digits, trailing zeros kept; integral
values with a bare point, `2.`; `nan`, `inf`, `-inf`), right-aligned to the
widest as numpy aligns its own numbers. So the line breaks, indents and
separators in the expected texts are numpy's, not attn's.

Run from anywhere:  python3 scripts/claim_layout.py
It writes Tests/AttnDocsTests/Fixtures/claim_layout.json (committed);
running it again must reproduce the file byte for byte.

The file holds a list of {"name", "shape", "dtype", "values", "text"}, with
the values in row-major order ("nan", "inf", "-inf" as strings) and the
array's dtype (numpy states float32 in the repr, `attn fix` must too). The test
values are chosen so that `%#.6g` writes them in positional notation.
"""
import json
import math
from pathlib import Path

import numpy as np

from reference_json import json_float

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnDocsTests" / "Fixtures" / "claim_layout.json"


def number(x):
    """One element as `attn fix` writes it in a numpy float claim."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e16:
        return ("-0" if math.copysign(1, x) < 0 and x == 0 else str(int(x))) + "."
    text = "%#.6g" % x
    assert "e" not in text, f"pick test values %#.6g writes positionally: {x!r}"
    return text


def printed(a, kind):
    width = max(len(number(x)) for x in a.ravel())
    with np.printoptions(linewidth=75, threshold=10**6, formatter={"all": lambda x: number(x).rjust(width)}):
        return str(a) if kind == "str" else repr(a)


CASES = []


def case(name, a):
    a = np.asarray(a)
    for kind in ["str", "repr"]:
        CASES.append({"name": f"{name} ({kind})", "shape": list(a.shape), "dtype": a.dtype.name,
                      "values": [json_float(x) for x in a.ravel()], "text": printed(a, kind)})


def main():
    case("halves", np.arange(30) + 0.5)
    case("float32 halves", (np.arange(30) + 0.5).astype(np.float32))
    case("float32 short", np.array([0.25, 1.5], dtype=np.float32))
    case("float32 with dtype on the last line", (np.arange(23) + 0.5).astype(np.float32))
    case("softmax row", np.exp(np.arange(3.0)) / np.exp(np.arange(3.0)).sum())
    case("matrix 3x10", (np.arange(30) + 0.5).reshape(3, 10) / 7)
    case("rank 3", (np.arange(30) - 14.5).reshape(2, 3, 5) / 3)
    case("rank 4", (np.arange(24) + 0.25).reshape(2, 2, 3, 2))
    case("integral floats", np.array([[1.0, -2.0, 30.0], [4.5, 0.0, -0.0]]))
    case("special values", np.array([np.inf, -np.inf, np.nan, 1.5, -0.25] * 4))
    case("one column", (np.arange(4) + 0.125).reshape(4, 1))
    case("wide numbers", np.arange(1, 13) * 1234.5678)
    OUT.write_text("[\n" + ",\n".join("  " + json.dumps(c, sort_keys=True) for c in CASES) + "\n]\n")


if __name__ == "__main__":
    main()
