#!/usr/bin/env python3
"""Reference values for attn's float32 kernels, computed by PyTorch and numpy.

For each case the inputs are float32 (stored as their bit patterns, so they
are read back exactly), and the file holds:
- `exact`: the result in float64 on those same float32 inputs (PyTorch's
  scaled_dot_product_attention, logsumexp and softmax in float64; numpy's
  float64 matmul): the value a float32 kernel approximates;
- `torch32` / `numpy32`: what PyTorch 2.15's CPU kernels (float32 SDPA,
  softmax) or numpy's OpenBLAS sgemm return in float32 (bit patterns);
- `bound`: the error bound attn documents for its float32 result of every
  element (Kernels.attentionBatched and Kernels.gemm for Float,
  Tensor+Softmax.swift), written out here from the inputs.
The tests (Tests/AttnCoreTests/Float32ReferenceTests.swift) check that attn's
float32 result is float32, within `bound` of `exact`, and about as close to
it as PyTorch's or numpy's own float32 result.

Attention cases cover grouped heads, both causal alignments, sliding
windows, ALiBi, a 0/1 mask and a float bias, with the options built as
explicit masks and biases from flash-attn's and PyTorch's definitions (as
scripts/golden_options.py does). softmax of int64 is scipy.special.softmax
(float64: numpy's and scipy's rule; PyTorch refuses integer softmax).

Run:  python3 scripts/golden_float32.py   (needs numpy, scipy and torch)
It writes Tests/AttnCoreTests/Fixtures/float32_reference.json; running it
again reproduces the file byte for byte.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_json import json_float  # noqa: E402

try:
    import scipy.special
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("golden_float32.py needs scipy and PyTorch: pip install scipy torch")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnCoreTests" / "Fixtures" / "float32_reference.json"
U = 2.0**-24  # half an ulp of 1 in float32
RNG = np.random.default_rng(20261126)


def bits(a):
    """float32 values as their bit patterns (exact in JSON)."""
    return np.asarray(a, dtype=np.float32).reshape(-1).view(np.uint32).tolist()


def floats(a):
    return [json_float(x) for x in np.asarray(a, dtype=np.float64).reshape(-1)]


def randn32(*shape, scale=1.0):
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


# ------------------------------------------------------------ attention

def allowed_by_position(lq, lk, causal, window):
    i = np.arange(lq)[:, None]
    j = np.arange(lk)[None, :]
    allowed = np.ones((lq, lk), dtype=bool)
    if causal == "top_left":
        allowed &= j <= i
    elif causal == "bottom_right":
        allowed &= j <= i + lk - lq
    if window is not None:
        left, right = window
        if left >= 0:
            allowed &= j >= i + lk - lq - left
        if right >= 0:
            allowed &= j <= i + lk - lq + right
    return allowed


def attention_case(name, batch, heads, kv_heads, lq, lk, dh, dvh, causal="none", window=None, alibi=None,
                   mask=False, bias=None, scale=None, magnitude=1.0):
    q = randn32(batch, lq, heads * dh, scale=magnitude)
    k = randn32(batch, lk, kv_heads * dh, scale=magnitude)
    v = randn32(batch, lk, kv_heads * dvh)
    m = (RNG.random((lq, lk)) < 0.8) if mask else None
    b = None
    if bias == "shared":
        b = randn32(lq, lk)
    elif bias == "per_head":
        b = randn32(batch, heads, lq, lk)
    s = scale if scale is not None else 1 / math.sqrt(dh)
    s32 = float(np.float32(s))
    allowed = allowed_by_position(lq, lk, causal, window)
    if m is not None:
        allowed = allowed & m
    i = np.arange(lq)[:, None]
    j = np.arange(lk)[None, :]
    slopes = np.zeros(heads) if alibi is None else np.asarray(alibi, dtype=np.float32).astype(np.float64)
    alibi_term = -slopes[:, None, None] * np.abs(i + lk - lq - j)[None]  # [heads, lq, lk]
    extra = np.zeros((batch, heads, lq, lk))
    if b is not None:
        extra = extra + np.broadcast_to(b.astype(np.float64), (batch, heads, lq, lk))
    extra = extra + alibi_term[None]
    additive = np.where(allowed[None, None], extra, -np.inf)  # [batch, heads, lq, lk]

    def split(x, n):  # [batch, L, n·w] -> [batch, n, L, w]
        return torch.from_numpy(np.ascontiguousarray(x.reshape(x.shape[0], x.shape[1], n, -1).transpose(0, 2, 1, 3)))

    def sdpa(dtype, scale_value):
        tq, tk, tv = (split(x, n).to(dtype) for x, n in ((q, heads), (k, kv_heads), (v, kv_heads)))
        mask_t = torch.from_numpy(additive).to(dtype)
        out = F.scaled_dot_product_attention(tq, tk, tv, attn_mask=mask_t, scale=scale_value,
                                             enable_gqa=kv_heads != heads)
        return out.transpose(1, 2).reshape(batch, lq, heads * dvh)

    exact = sdpa(torch.float64, s32).numpy()
    torch32 = sdpa(torch.float32, s32).numpy()
    # lse from the float64 score matrix.
    tq64 = split(q, heads).double()
    tk64 = split(k, kv_heads).double().repeat_interleave(heads // kv_heads, dim=1)
    scores = tq64 @ tk64.transpose(-1, -2) * s32 + torch.from_numpy(additive)
    lse = torch.logsumexp(scores, dim=-1).numpy()  # [batch, heads, lq]

    # The documented bound, per output element.
    qd, kd, vd = q.astype(np.float64), k.astype(np.float64), v.astype(np.float64)
    # Key blocks of 256 (narrow bands use 64, whose bound is smaller: 256 bounds both).
    block_k = 256
    nb = -(-lk // block_k)
    b_eff = min(lk, block_k)
    bound = np.zeros((batch, lq, heads * dvh))
    group = heads // kv_heads
    for bt in range(batch):
        for h in range(heads):
            g = h // group
            qh = qd[bt, :, h * dh:(h + 1) * dh]
            kh = kd[bt, :, g * dh:(g + 1) * dh]
            vh = vd[bt, :, g * dvh:(g + 1) * dvh]
            magnitude_s = abs(s32) * (np.abs(qh) @ np.abs(kh).T)
            if b is not None:
                magnitude_s = magnitude_s + np.abs(np.broadcast_to(b.astype(np.float64), (batch, heads, lq, lk))[bt, h])
            magnitude_s = magnitude_s + np.abs(alibi_term[h])
            for row in range(lq):
                ok = allowed[row]
                if not ok.any():
                    continue
                e = (dh + 3) * U * magnitude_s[row][ok].max()
                mv = np.abs(vh[ok]).max()
                bound[bt, row, h * dvh:(h + 1) * dvh] = mv * (2 * e + (b_eff + 4 * nb + math.log2(lk) + 8) * U)

    case = {
        "kind": "attention", "name": name,
        "batch": batch, "heads": heads, "kv_heads": kv_heads, "lq": lq, "lk": lk, "dh": dh, "dvh": dvh,
        "scale": scale, "causal": causal, "window": window,
        "alibi": None if alibi is None else bits(alibi),
        "mask": None if m is None else m.astype(int).reshape(-1).tolist(),
        "bias_shape": None if b is None else list(b.shape), "bias": None if b is None else bits(b),
        "q": bits(q), "k": bits(k), "v": bits(v),
        "exact": floats(exact), "exact_lse": floats(lse), "torch32": bits(torch32), "bound": floats(bound),
    }
    return case


# ------------------------------------------------------------ matmul and softmax

def matmul_case(name, m, n, k, scale=1.0):
    a, b = randn32(m, k, scale=scale), randn32(k, n)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    gamma = k * U / (1 - k * U)
    bound = gamma * (np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64)))
    return {"kind": "matmul", "name": name, "m": m, "n": n, "depth": k, "a": bits(a), "b": bits(b),
            "exact": floats(exact), "numpy32": bits(a @ b), "bound": floats(bound)}


def softmax_case(name, rows, n, axis, scale):
    x = randn32(rows, n, scale=scale)
    xd = torch.from_numpy(x.astype(np.float64))
    x32 = torch.from_numpy(x)
    dim = 1 if axis == -1 else 0
    exact = torch.softmax(xd, dim=dim).numpy()
    run = n if axis == -1 else rows
    m = np.max(x.astype(np.float64), axis=dim, keepdims=True)
    lanes = run / 8 if axis == -1 else run
    bound = (np.abs(x.astype(np.float64) - m) + lanes + 6) * U * exact
    lse = torch.logsumexp(xd, dim=dim).numpy()
    return {"kind": "softmax", "name": name, "rows": rows, "n": n, "axis": axis, "x": bits(x),
            "exact": floats(exact), "torch32": bits(torch.softmax(x32, dim=dim).numpy()), "bound": floats(bound),
            "exact_log_softmax": floats(torch.log_softmax(xd, dim=dim).numpy()),
            "exact_lse": floats(lse), "lse_bound": floats((run + 4) * U + 2 * U * np.abs(lse)),
            "torch32_lse": bits(torch.logsumexp(x32, dim=dim).numpy())}


def integer_softmax_case(name):
    x = np.array([[1, 2, 3, 0], [0, -5, 1000, 999]], dtype=np.int64)
    return {"kind": "integer_softmax", "name": name, "ints": x.reshape(-1).tolist(), "rows": 2, "n": 4,
            "exact": floats(scipy.special.softmax(x, axis=-1)),
            "exact_log_softmax": floats(scipy.special.log_softmax(x, axis=-1)),
            "exact_lse": floats(scipy.special.logsumexp(x, axis=-1)),
            "dtype": str(scipy.special.softmax(x, axis=-1).dtype)}


def main():
    torch.manual_seed(0)
    cases = [
        attention_case("one head", 1, 1, 1, 9, 13, 8, 5),
        attention_case("heads and batch", 2, 4, 4, 7, 11, 6, 3),
        attention_case("grouped heads", 2, 6, 2, 5, 17, 4, 3, causal="bottom_right"),
        attention_case("causal top-left, Lq > Lk", 1, 2, 2, 12, 7, 5, 4, causal="top_left"),
        attention_case("window and alibi", 1, 2, 2, 20, 20, 8, 4, causal="bottom_right", window=(5, 0),
                       alibi=[0.5, 0.0625]),
        attention_case("mask and shared bias", 1, 1, 1, 10, 30, 8, 8, mask=True, bias="shared"),
        attention_case("per-head bias, large scores", 2, 2, 2, 6, 40, 16, 4, bias="per_head", scale=0.9,
                       magnitude=2.5),
        attention_case("two-sided window, grouped", 1, 4, 1, 16, 24, 8, 8, window=(3, 2), alibi=[0.25, 0.5, 1, 2]),
        attention_case("long keys", 1, 1, 1, 6, 300, 8, 4),
        matmul_case("small", 7, 9, 13),
        matmul_case("deep", 4, 6, 400, scale=3),
        softmax_case("rows", 4, 50, -1, 5.0),
        softmax_case("columns", 30, 6, 0, 3.0),
        integer_softmax_case("int64"),
    ]
    text = "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)} ({len(text) // 1024} KiB)")


if __name__ == "__main__":
    main()
