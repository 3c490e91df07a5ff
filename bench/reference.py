#!/usr/bin/env python3
"""numpy (and, when importable, PyTorch) on the inputs attn-bench wrote.

Times the textbook computations attn's kernels are compared with, saves each
output next to attn's for run.py to compare, and prints JSON. Median of runs.
Cases whose name has `_f32` run in float32 (numpy on float32 arrays, its
OpenBLAS sgemm for products; PyTorch on float32 tensors), the rest in float64.
"""
import argparse, json, math, os, statistics, time
import numpy as np

try:
    import torch  # optional
except Exception:  # pragma: no cover - torch is usually absent here
    torch = None


def softmax(x):
    m = x.max(axis=-1, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=-1, keepdims=True)


def attend(q, k, v, heads=1, causal=False, bias=None, kv_heads=None):
    """softmax(Q·Kᵀ/√d + bias)·V per head (bias: PyTorch's float attn_mask).
    With kv_heads (grouped-query attention) query head t uses key/value head
    t // (heads/kv_heads); the heads of one group are computed together, so
    the score matrices in flight are those of one group, not of every head."""
    l, d = q.shape
    kv = kv_heads or heads
    dh, dvh = d // heads, v.shape[1] // kv
    per = heads // kv
    qh = q.reshape(l, heads, dh).transpose(1, 0, 2)
    kh = k.reshape(k.shape[0], kv, dh).transpose(1, 0, 2)
    vh = v.reshape(v.shape[0], kv, dvh).transpose(1, 0, 2)
    out = np.empty((heads, l, dvh), dtype=q.dtype)
    for g in range(kv):
        # A Python float scale keeps float32 arrays float32 (NEP 50).
        s = qh[g * per:(g + 1) * per] @ kh[g].T / math.sqrt(dh)
        if bias is not None:
            s = s + bias
        if causal:
            s = np.where(np.tril(np.ones((l, k.shape[0]), dtype=bool)), s, -np.inf)
        out[g * per:(g + 1) * per] = softmax(s) @ vh[g]
    return out.transpose(1, 0, 2).reshape(l, -1)


def attend_banded(q, k, v, window=None, chunk=512):
    """Causal attention of one head, optionally over a sliding window of
    `window` keys before each query (flash-attn's window_size=(window, 0)),
    computed chunk by chunk: each block of `chunk` queries against the keys
    it may see, with the band as a mask. How one writes it in numpy without
    an L×L matrix; its cost follows the band too."""
    l, d = q.shape
    out = np.empty((l, v.shape[1]), dtype=q.dtype)
    for i0 in range(0, l, chunk):
        i1 = min(l, i0 + chunk)
        j0 = 0 if window is None else max(0, i0 - window)
        i = np.arange(i0, i1)[:, None]
        j = np.arange(j0, i1)[None, :]
        allowed = (j <= i) if window is None else (j <= i) & (j >= i - window)
        s = np.where(allowed, q[i0:i1] @ k[j0:i1].T / math.sqrt(d), -np.inf)
        out[i0:i1] = softmax(s) @ v[j0:i1]
    return out


def torch_banded(q, k, v, window, chunk=512):
    """attend_banded with PyTorch's scaled_dot_product_attention per chunk
    (a boolean attn_mask for the band): PyTorch has no sliding window of its
    own, and one [L, L] mask would cost 2 GiB as the float mask it becomes."""
    l = q.shape[0]
    out = torch.empty((l, v.shape[1]), dtype=q.dtype)
    for i0 in range(0, l, chunk):
        i1 = min(l, i0 + chunk)
        j0 = max(0, i0 - window)
        i = torch.arange(i0, i1)[:, None]
        j = torch.arange(j0, i1)[None, :]
        allowed = (j <= i) & (j >= i - window)
        out[i0:i1] = torch.nn.functional.scaled_dot_product_attention(
            q[None, i0:i1], k[None, j0:i1], v[None, j0:i1], attn_mask=allowed)[0]
    return out


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

    def record(name, times, out, torch_times=None, torch_out=None):
        results[name] = {"seconds": times, "median": statistics.median(times)}
        if torch_times:
            results[name]["torch_median"] = statistics.median(torch_times)
        if out is not None:
            np.save(os.path.join(d, name + ".numpy.npy"), out)
        if torch_out is not None:
            np.save(os.path.join(d, name + ".torch.npy"), torch_out)

    # name: (L, heads, kv_heads, causal, window, runs)
    cases = {
        "attend_L256": (256, 1, None, False, None, 7), "attend_L1024": (1024, 1, None, False, None, 7),
        "attend_L4096": (4096, 1, None, False, None, 7), "attend_L16384": (16384, 1, None, False, None, 3),
        "attend_f32_L1024": (1024, 1, None, False, None, 7), "attend_f32_L4096": (4096, 1, None, False, None, 7),
        "attend_L4096_h8": (4096, 8, None, False, None, 5), "attend_f32_L4096_h8": (4096, 8, None, False, None, 5),
        "attend_causal_L4096": (4096, 1, None, True, None, 7),
        "attend_f32_causal_L4096": (4096, 1, None, True, None, 7),
        "attend_bias_L4096": (4096, 1, None, False, None, 7),
        "attend_gqa_h32_kv8_L2048": (2048, 32, 8, False, None, 3),
        "attend_f32_gqa_h32_kv8_L2048": (2048, 32, 8, False, None, 3),
        "attend_window256_L16384": (16384, 1, None, True, 256, 5),
        "attend_causal_L16384": (16384, 1, None, True, None, 3),
        "attend_f32_window256_L16384": (16384, 1, None, True, 256, 5),
        "attend_f32_causal_L16384": (16384, 1, None, True, None, 3),
    }
    # attn-bench writes every input as float64 .npy (float32 values exactly); the
    # _f32 cases compute on them as float32.
    dtype_of = lambda name: np.float32 if "_f32" in name else np.float64
    for name, (l, heads, kv, causal, window, runs) in cases.items():
        if args.only and args.only != name:
            continue
        if not os.path.exists(os.path.join(d, name + ".q.npy")):
            continue
        dt = dtype_of(name)
        q, k, v = (load(name + f".{x}.npy").astype(dt) for x in "qkv")
        bias_path = os.path.join(d, name + ".bias.npy")
        bias = np.load(bias_path).astype(dt) if os.path.exists(bias_path) else None
        banded = causal and (window is not None or l > 8192)
        if banded:
            times, out = timed(lambda: attend_banded(q, k, v, window), runs)
        else:
            times, out = timed(lambda: attend(q, k, v, heads, causal, bias, kv), runs)
        tt = tout = None
        if torch is not None:
            split = lambda a, n: torch.from_numpy(a).reshape(a.shape[0], n, -1).transpose(0, 1)
            tq, tk, tv = split(q, heads), split(k, kv or heads), split(v, kv or heads)
            tb = torch.from_numpy(bias) if bias is not None else None  # a float attn_mask is added to the scores
            if window is not None:
                run = lambda: torch_banded(torch.from_numpy(q), torch.from_numpy(k), torch.from_numpy(v), window)
            else:
                run = lambda: torch.nn.functional.scaled_dot_product_attention(
                    tq, tk, tv, attn_mask=tb, is_causal=causal, enable_gqa=kv is not None).transpose(0, 1).reshape(l, -1)
            tt, tout = timed(run, runs)
            tout = tout.numpy()
        record(name, times, out, tt, tout)

    for name in ("matmul_1024", "matmul_f32_1024"):
        if (not args.only or args.only == name) and os.path.exists(os.path.join(d, name + ".a.npy")):
            a, b = load(name + ".a.npy").astype(dtype_of(name)), load(name + ".b.npy").astype(dtype_of(name))
            times, out = timed(lambda: a @ b, 7)
            tt = tout = None
            if torch is not None:
                ta, tb = torch.from_numpy(a), torch.from_numpy(b)
                tt, tout = timed(lambda: ta @ tb, 7)
                tout = tout.numpy()
            record(name, times, out, tt, tout)
    for name in ("softmax_4096x4096", "softmax_f32_4096x4096"):
        if (not args.only or args.only == name) and os.path.exists(os.path.join(d, name + ".x.npy")):
            x = load(name + ".x.npy").astype(dtype_of(name))
            times, out = timed(lambda: softmax(x), 7)
            tt = tout = None
            if torch is not None:
                tx = torch.from_numpy(x)
                tt, tout = timed(lambda: torch.softmax(tx, dim=-1), 7)
                tout = tout.numpy()
            record(name, times, out, tt, tout)
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
