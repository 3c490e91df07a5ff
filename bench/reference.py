#!/usr/bin/env python3
"""numpy (and, when importable, PyTorch) on the inputs attn-bench wrote.

Times the textbook computations attn's kernels are compared with, saves each
output next to attn's for run.py to compare, and prints JSON. Median of runs.
"""
import argparse, json, os, statistics, time
import numpy as np

try:
    import torch  # optional
except Exception:  # pragma: no cover - torch is usually absent here
    torch = None


def softmax(x):
    m = x.max(axis=-1, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=-1, keepdims=True)


def attend(q, k, v, heads=1, causal=False, bias=None):
    """softmax(Q·Kᵀ/√d + bias)·V per head (bias: PyTorch's float attn_mask)."""
    l, d = q.shape
    dh = d // heads
    qh = q.reshape(l, heads, dh).transpose(1, 0, 2)
    kh = k.reshape(k.shape[0], heads, dh).transpose(1, 0, 2)
    vh = v.reshape(v.shape[0], heads, v.shape[1] // heads).transpose(1, 0, 2)
    s = qh @ kh.transpose(0, 2, 1) / np.sqrt(dh)
    if bias is not None:
        s = s + bias
    if causal:
        s = np.where(np.tril(np.ones((l, k.shape[0]), dtype=bool)), s, -np.inf)
    o = softmax(s) @ vh
    return o.transpose(1, 0, 2).reshape(l, -1)


def timed(fn, runs):
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--only")
    args = ap.parse_args()
    d = args.dir
    load = lambda name: np.load(os.path.join(d, name))
    results = {}

    def record(name, times, out, torch_times=None):
        results[name] = {"seconds": times, "median": statistics.median(times)}
        if torch_times:
            results[name]["torch_median"] = statistics.median(torch_times)
        if out is not None:
            np.save(os.path.join(d, name + ".numpy.npy"), out)

    cases = {
        "attend_L256": (256, 1, False, 7), "attend_L1024": (1024, 1, False, 7),
        "attend_L4096": (4096, 1, False, 7), "attend_L16384": (16384, 1, False, 3),
        "attend_L4096_h8": (4096, 8, False, 5), "attend_causal_L4096": (4096, 1, True, 7),
        "attend_bias_L4096": (4096, 1, False, 7),
    }
    for name, (l, heads, causal, runs) in cases.items():
        if args.only and args.only != name:
            continue
        if not os.path.exists(os.path.join(d, name + ".q.npy")):
            continue
        q, k, v = load(name + ".q.npy"), load(name + ".k.npy"), load(name + ".v.npy")
        bias_path = os.path.join(d, name + ".bias.npy")
        bias = np.load(bias_path) if os.path.exists(bias_path) else None
        times, out = timed(lambda: attend(q, k, v, heads, causal, bias), runs)
        tt = None
        if torch is not None:
            tq, tk, tv = (torch.from_numpy(a).reshape(a.shape[0], heads, -1).transpose(0, 1) for a in (q, k, v))
            tb = torch.from_numpy(bias) if bias is not None else None  # a float attn_mask is added to the scores
            tt, _ = timed(lambda: torch.nn.functional.scaled_dot_product_attention(
                tq, tk, tv, attn_mask=tb, is_causal=causal), runs)
        record(name, times, out, tt)

    if (not args.only or args.only == "matmul_1024") and os.path.exists(os.path.join(d, "matmul_1024.a.npy")):
        a, b = load("matmul_1024.a.npy"), load("matmul_1024.b.npy")
        times, out = timed(lambda: a @ b, 7)
        record("matmul_1024", times, out)
    if (not args.only or args.only == "softmax_4096x4096") and os.path.exists(os.path.join(d, "softmax_4096x4096.x.npy")):
        x = load("softmax_4096x4096.x.npy")
        times, out = timed(lambda: softmax(x), 7)
        record("softmax_4096x4096", times, out)
    # Printing: numpy's repr of the arrays attn-bench printed (not compared: the styles differ).
    for name in ("print_randn_2000x2000", "print_zeros_2^28"):
        if (not args.only or args.only == name) and os.path.exists(os.path.join(d, name + ".x.npy")):
            x = load(name + ".x.npy")
            times, _ = timed(lambda: repr(x), 7)
            record(name, times, None)
            del x
    print(json.dumps({"numpy": np.__version__, "torch": getattr(torch, "__version__", None), "cases": results}, indent=1))


if __name__ == "__main__":
    main()
