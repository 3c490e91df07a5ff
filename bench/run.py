#!/usr/bin/env python3
"""make bench: run attn-bench and bench/reference.py on the same inputs, in one
run, check that their outputs agree, and print one table.

Usage: python3 bench/run.py [--json] [--only CASE] [--runs N]
(The temporary folder of inputs and outputs is removed at the end.)

Agreement: a float64 row's outputs must agree to 1e-9 (the largest
|attn − ref| / max(1, |ref|)); a float32 row (`_f32` in its name: attn,
numpy and PyTorch all compute in float32) to 2e-4 of the output's scale
(the largest |attn − ref| / max|ref|), float32 rounding on both sides.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")


def timed_process(argv, runs, env=None):
    """Median wall time of running a whole process, stdout discarded."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def process_cases(d, env):
    """Start-up and a 100,000-statement script, timed the same way for attn
    (`attn -e 1`, `attn run`) and Python (`python3 -c 'import numpy'`, the same
    statements with numpy)."""
    attn = os.path.join(BIN, "attn")
    rows = []
    rows.append(("startup_attn_e_1", timed_process([attn, "-e", "1"], 21),
                 timed_process([sys.executable, "-c", "import numpy"], 11, env)))
    a_lines, p_lines = ["let x0 = [1, 2, 3]"], ["import numpy as np", "x0 = np.array([1., 2., 3.])"]
    for i in range(1, 100_000):
        if i % 2 == 0:
            a_lines.append(f"let x{i} = x{i-1} * 0.25 + [1, 0, -1]")
            p_lines.append(f"x{i} = x{i-1} * 0.25 + np.array([1., 0., -1.])")
        else:
            a_lines.append(f"x{i} = sum(x{i-1}) + {i}")
            p_lines.append(f"x{i} = np.sum(x{i-1}) + {i}")
    a_path, p_path = os.path.join(d, "script_100k.attn"), os.path.join(d, "script_100k.py")
    with open(a_path, "w") as f:
        f.write("\n".join(a_lines) + "\n")
    with open(p_path, "w") as f:
        f.write("\n".join(p_lines) + "\n")
    rows.append(("script_100k_statements", timed_process([attn, "run", a_path], 5),
                 timed_process([sys.executable, p_path], 3, env)))
    # Python programs run by attn's Python dialect and by python3 + numpy
    # (start-up and `import numpy` included on both sides, as a user waits
    # for them); their standard output must be the same.
    for name, program in PYTHON_PROGRAMS.items():
        path = os.path.join(d, name + ".py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(program)
        same = subprocess.run([attn, "run", path], capture_output=True).stdout == \
            subprocess.run([sys.executable, path], capture_output=True, env=env).stdout
        rows.append((name, timed_process([attn, "run", path], 7), timed_process([sys.executable, path], 7, env),
                     "same stdout" if same else "STDOUT DIFFERS"))
    # Checking a notebook of the corpus against what python3 needs before it
    # could run its first cell: start-up and the notebook's imports.
    corpus = os.path.join(ROOT, "..", "shared", "corpus")
    for name, notebook, imports in NOTEBOOKS:
        path = os.path.join(corpus, notebook)
        if not os.path.exists(path):
            continue
        check = [attn, "check", path]
        rows.append((name, timed_check(check, 5), timed_process([sys.executable, "-c", "import " + imports], 5, env),
                     "python3: import " + imports))
    return rows


def timed_check(argv, runs):
    """Median wall time of `attn check` (which exits 1 when a claim fails)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


NOTEBOOKS = [
    ("check_rasbt_ch03_ipynb", "rasbt-ch03.ipynb", "torch"),
    ("check_zhubert_02_ipynb", "zhubert-02-attention.ipynb", "torch, numpy"),
    ("check_zhubert_03_ipynb", "zhubert-03-multi-head-attention.ipynb", "torch"),
]


# The seed article's numpy program (section 5.2), and a sinusoidal
# positional-encoding table filled one scalar at a time (512 x 256
# assignments with np.sin / np.cos), as tutorials write it.
PYTHON_PROGRAMS = {
    "python_seed_program": """import numpy as np

def attention_weights(q, k):
    similarity = np.dot(q, k)
    attention_weights = np.exp(similarity)
    attention_weights /= np.sum(attention_weights)
    return attention_weights

def weighted_sum(x, weights):
    return np.dot(x, weights)

x = np.array([1, 2, 3, 4, 5])
q = np.array([0.5, 0.5])
k = np.array([1, 1])
weights = attention_weights(q, k)
y = weighted_sum(x, weights)
print("输入序列：", x)
print("查询层：", q)
print("键值对层：", k)
print("注意力权重：", weights)
print("加权求和结果：", y)
""",
    "python_posenc_512x256": """import numpy as np

max_len, d_model = 512, 256
pe = np.zeros((max_len, d_model))
for pos in range(max_len):
    for i in range(0, d_model, 2):
        angle = pos / (10000 ** (i / d_model))
        pe[pos, i] = np.sin(angle)
        pe[pos, i + 1] = np.cos(angle)
print(pe.shape, pe.sum())
print(pe[:2, :4])
""",
}


def disagreement(name, a, ref):
    """The agree column: the difference and whether it is within the row's tolerance."""
    if a.shape != ref.shape:
        return f"SHAPE {a.shape} vs {ref.shape}"
    if not a.size:
        return "0.0e+00"
    if "_f32" in name:
        scale = float(np.max(np.abs(ref)))
        err, tolerance = float(np.max(np.abs(a - ref))) / max(scale, 1e-30), 2e-4
    else:
        err, tolerance = float(np.max(np.abs(a - ref) / np.maximum(1.0, np.abs(ref)))), 1e-9
    return f"{err:.1e}" + ("" if err <= tolerance else " MISMATCH")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("--runs")
    args = ap.parse_args()
    d = tempfile.mkdtemp(prefix="attn-bench-")
    extra = (["--only", args.only] if args.only else []) + (["--runs", args.runs] if args.runs else [])
    attn = json.loads(subprocess.run([os.path.join(BIN, "attn-bench"), "--json", "--dir", d] + extra,
                                     check=True, capture_output=True, text=True).stdout)
    # numpy runs with the machine's OpenBLAS tuning variables removed: older
    # OpenBLAS builds need them, but they slow a current numpy (see env docs).
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    ref = json.loads(subprocess.run([sys.executable, os.path.join(ROOT, "bench", "reference.py"), "--dir", d]
                                    + (["--only", args.only] if args.only else []),
                                    check=True, capture_output=True, text=True, env=env).stdout)
    rows = []
    for case in attn["cases"]:
        name = case["name"]
        r = ref["cases"].get(name, {})
        agree = "-"
        a_out, n_out = os.path.join(d, name + ".out.npy"), os.path.join(d, name + ".numpy.npy")
        if os.path.exists(a_out) and os.path.exists(n_out):
            agree = disagreement(name, np.load(a_out).astype(np.float64), np.load(n_out).astype(np.float64))
        torch_agree = None
        t_out = os.path.join(d, name + ".torch.npy")
        if os.path.exists(a_out) and os.path.exists(t_out):
            torch_agree = disagreement(name, np.load(a_out).astype(np.float64), np.load(t_out).astype(np.float64))
        rows.append({
            "case": name, "attn_ms": case["median"] * 1e3, "numpy_ms": r.get("median", float("nan")) * 1e3,
            "ratio": r.get("median", float("nan")) / case["median"], "gflops": case.get("gflops"),
            "extra_peak_mib": case["extra_peak_mib"], "max_rel_diff": agree,
            "torch_ms": r["torch_median"] * 1e3 if "torch_median" in r else None, "torch_agree": torch_agree,
        })
    process_names = ("startup_attn_e_1", "script_100k_statements") + tuple(PYTHON_PROGRAMS) + tuple(n for n, _, _ in NOTEBOOKS)
    if not args.only or args.only in process_names:
        for name, a_s, p_s, *agree in process_cases(d, env):
            if args.only and args.only != name:
                continue
            rows.append({"case": name, "attn_ms": a_s * 1e3, "numpy_ms": p_s * 1e3, "ratio": p_s / a_s,
                         "gflops": None, "extra_peak_mib": float("nan"), "max_rel_diff": agree[0] if agree else "-",
                         "torch_ms": None, "torch_agree": None})
    # The inputs are large (the print case alone writes 2 GiB); keep nothing.
    shutil.rmtree(d, ignore_errors=True)
    if args.json:
        print(json.dumps({"machine": attn["machine"], "numpy": ref["numpy"], "rows": rows}, indent=1))
        return
    print(f"machine: {attn['machine']}; numpy {ref['numpy']}" + (f", torch {ref['torch']}" if ref["torch"] else ", no torch"))
    print("startup compares `attn -e 1` with `python3 -c 'import numpy'`; the script case with the same 100,000 statements in numpy.")
    print("python_* rows run one Python program with `attn run` and with python3 + numpy, start-up and imports included.")
    print("check_* rows time `attn check` of a corpus notebook against python3 starting and importing the notebook's libraries.")
    print("print_* rows time the printed text of a summarised tensor against numpy's repr of the same array.")
    print("_f32 rows compute in float32 in attn, numpy and PyTorch; they agree within 2e-4 of the output's scale, float64 rows within 1e-9.")
    with_torch = any(r["torch_ms"] is not None for r in rows)
    head = f"{'case':26} {'attn ms':>10} {'numpy ms':>10} {'numpy/attn':>10} {'GFLOP/s':>8} {'+peak MiB':>9}  agree"
    if with_torch:
        head = f"{head:<{len(head) + 9}} {'torch ms':>9}  torch agree"
    print(head)
    print("-" * len(head))
    for r in rows:
        g = f"{r['gflops']:.1f}" if r["gflops"] else "-"
        mem = "-" if r["extra_peak_mib"] != r["extra_peak_mib"] else f"{r['extra_peak_mib']:.1f}"
        line = f"{r['case']:26} {r['attn_ms']:10.2f} {r['numpy_ms']:10.2f} {r['ratio']:10.2f} {g:>8} {mem:>9}  {r['max_rel_diff']}"
        if with_torch:
            # The torch column (PyTorch's scaled_dot_product_attention) follows the agree column.
            torch_ms = "-" if r["torch_ms"] is None else f"{r['torch_ms']:.2f}"
            line = f"{line:<{len(head) - 23}} {torch_ms:>9}  {r['torch_agree'] or '-'}"
        print(line.rstrip())
    bad = [r for r in rows if any(w in str(r[c]) for w in ("MISMATCH", "SHAPE") for c in ("max_rel_diff", "torch_agree"))]
    if bad:
        print("outputs differ from numpy or PyTorch: " + ", ".join(r["case"] for r in bad))
        sys.exit(1)


if __name__ == "__main__":
    main()
