"""What the reference generators in scripts/ share: how a float is written in
their JSON (nan and the infinities as strings, which JSON lacks) and how a
list of golden cases is written and summarised. The generators compute their
values with numpy (and PyTorch); this file only writes them down."""
import json
import math


def json_float(x):
    """A float for JSON: itself, or "nan", "inf", "-inf"."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def write_cases(cases, path, root, note=""):
    """Writes `cases` (dicts with "area" and "name") one per line to `path`,
    after checking that no two share an area and name, and prints how many
    each area has."""
    names = [(c["area"], c["name"]) for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    text = "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n"
    path.write_text(text, encoding="utf-8")
    counts = {}
    for c in cases:
        counts[c["area"]] = counts.get(c["area"], 0) + 1
    print(f"wrote {len(cases)} cases to {path.relative_to(root)}{note}")
    for area, n in counts.items():
        print(f"  {area}: {n}")
