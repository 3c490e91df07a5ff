#!/usr/bin/env python3
"""Records what real python3 + numpy (+ scipy) print for the Python dialect's golden corpus.

The corpus is Tests/AttnPythonTests/Golden/*.py: each file holds snippets,
each starting at a line `#: name`. Every snippet runs on its own, as a file,
in a fresh python3 process (PYTHONHASHSEED=0), and this script records its
standard output byte for byte and, when it raised, the exception's type, its
message and the line of the snippet it was raised at (the innermost frame in
the snippet). The result goes to Tests/AttnPythonTests/Golden/expected.json,
which is committed: the tests (GoldenCorpusTests.swift) need no Python.

Run from the repository's root:  python3 scripts/python_golden.py
It needs python3 3.11, numpy 2.x, scipy 1.17 and, for the torch_*.py files,
PyTorch 2.15 (the versions are recorded in the output).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy
import scipy

try:
    import torch
except ImportError:  # the torch snippets then record torch's ImportError
    torch = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "Tests", "AttnPythonTests", "Golden")


def snippets(path):
    """The (name, text) snippets of a corpus file."""
    out, name, lines = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            m = re.match(r"^#: (\S.*)$", line)
            if m:
                if name is not None:
                    out.append((name, "\n".join(lines).rstrip("\n") + "\n"))
                name, lines = m.group(1).strip(), []
            elif name is not None:
                lines.append(line)
    if name is not None:
        out.append((name, "\n".join(lines).rstrip("\n") + "\n"))
    return out


def run(text, workdir):
    path = os.path.join(workdir, "snippet.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    p = subprocess.run([sys.executable, "snippet.py"], cwd=workdir, capture_output=True, env=env, timeout=60)
    stdout = p.stdout.decode("utf-8")
    if p.returncode == 0:
        return stdout, None
    stderr = p.stderr.decode("utf-8")
    lines = [l for l in stderr.split("\n") if l.strip()]
    frames = [int(m.group(1)) for m in re.finditer(r'File "(?:[^"]*/)?snippet\.py", line (\d+)', stderr)]
    last = lines[-1] if lines else ""
    m = re.match(r"^([A-Za-z_][\w.]*)(?:: (.*))?$", last)
    kind, message = (m.group(1), m.group(2) or "") if m else ("?", last)
    kind = kind.split(".")[-1]
    return stdout, {"type": kind, "message": message, "line": frames[-1] if frames else 0}


def main():
    files = sorted(f for f in os.listdir(GOLDEN) if f.endswith(".py"))
    records = []
    with tempfile.TemporaryDirectory() as workdir:
        for name in files:
            for snippet, text in snippets(os.path.join(GOLDEN, name)):
                stdout, error = run(text, workdir)
                records.append({"file": name, "name": snippet, "stdout": stdout, "error": error})
    result = {
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "torch": torch.__version__.split("+")[0] if torch is not None else None,
        "snippets": records,
    }
    with open(os.path.join(GOLDEN, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    failed = sum(1 for r in records if r["error"])
    print(f"{len(records)} snippets ({failed} raise) from {len(files)} files -> Tests/AttnPythonTests/Golden/expected.json")


if __name__ == "__main__":
    main()
