#!/usr/bin/env python3
"""Golden values for attention's options, computed by PyTorch.

The options flash-attn and PyTorch users reach for: grouped-query attention
(`kv_heads:`, PyTorch's enable_gqa=True), bottom-right causal masks
(`causal: "bottom_right"`, torch.nn.attention.bias.causal_lower_right and
flash-attn's causal), sliding windows (`window:`, flash-attn's window_size),
ALiBi (`alibi:`, flash-attn's alibi_slopes) and the per-row log-sum-exp
(`attend_lse`, the logsumexp PyTorch's _scaled_dot_product_flash_attention
returns). Every expected value comes from torch (float64):

- outputs from torch.nn.functional.scaled_dot_product_attention, with
  enable_gqa=True for grouped heads and causal_lower_right / causal_upper_left
  (passed as they are when they are the only mask, materialized when they
  combine with others);
- windows and ALiBi as explicit masks and float biases built here from
  flash-attn's documented formulas (query i, key j, 0-based):
      window: i + Lk - Lq - left <= j <= i + Lk - Lq + right (a negative side
              is unlimited), intersected with the causal mask;
      ALiBi:  -slope * |i + Lk - Lq - j| added to the scaled scores;
- weights and scores from torch.softmax and the masked score matrix, the lse
  from torch.logsumexp of that matrix, cross-checked with
  torch.ops.aten._scaled_dot_product_flash_attention_for_cpu where every row
  has an allowed key (for a row with none, logsumexp gives -inf = log 0,
  which attn follows; the CPU flash kernel writes 0 there).

Each value is also checked against an independent numpy reference (to
1e-12) before it is written. attn's rule for a row whose keys are all
excluded (zero output, zero weights) is what torch 2.15's SDPA gives.

Run:  python3 scripts/golden_options.py   (needs numpy and torch)
It writes Tests/AttnLangTests/Golden/attention_options.json (committed; the
tests need no Python); running it again reproduces the file byte for byte.
The format is golden.json's (see scripts/golden.py).
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden as G  # noqa: E402  (helpers: program, normal, json_float, write_cases)

try:
    import torch
    import torch.nn.functional as F
    from torch.nn.attention.bias import causal_lower_right, causal_upper_left
except ImportError:
    sys.exit("golden_options.py needs PyTorch: pip install torch")

torch.set_default_dtype(torch.float64)
OUT = G.ROOT / "Tests" / "AttnLangTests" / "Golden" / "attention_options.json"
CASES = []
AREA = ""


def area(name):
    global AREA
    AREA = name


def case(name, source, expected):
    e = np.asarray(expected, dtype=float)
    CASES.append({"area": AREA, "name": name, "source": source,
                  "shape": list(e.shape), "values": [G.json_float(x) for x in e.reshape(-1)]})


def error(name, source, word):
    CASES.append({"area": AREA, "name": name, "source": source, "error": word})


def agree(a, b, what):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, f"{what}: shapes {a.shape} and {b.shape}"
    assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), f"{what}:\n{a}\nvs\n{b}"


# ------------------------------------------------------------ the options

class Options:
    """One call's options, as the attn snippet spells them."""

    def __init__(self, heads=1, kv_heads=None, scale=None, mask=None, bias=None, causal=None, window=None,
                 alibi=None):
        self.heads, self.kv_heads = heads, kv_heads or heads
        self.scale, self.mask, self.bias = scale, mask, bias
        self.causal, self.window, self.alibi = causal, window, alibi

    def args(self):
        """The named arguments (values bound by name in the snippet)."""
        out, bind = [], {}
        if self.heads != 1:
            out.append(f"heads: {self.heads}")
        if self.kv_heads != self.heads:
            out.append(f"kv_heads: {self.kv_heads}")
        if self.scale is not None:
            out.append(f"scale: {G.num(self.scale)}")
        if self.mask is not None:
            out.append("mask: m")
            bind["m"] = self.mask
        if self.bias is not None:
            out.append("bias: B")
            bind["B"] = self.bias
        if self.causal is not None:
            out.append(f'causal: "{self.causal}"' if isinstance(self.causal, str) else f"causal: {str(self.causal).lower()}")
        if self.window is not None:
            w = self.window
            out.append(f"window: {w}" if isinstance(w, int) else f"window: [{w[0]}, {w[1]}]")
        if self.alibi is not None:
            out.append("alibi: a")
            bind["a"] = self.alibi
        return "".join(", " + x for x in out), bind


def allowed_by_position(o, lq, lk):
    """The causal and window constraints as an [Lq, Lk] bool matrix, written
    from flash-attn's and PyTorch's definitions."""
    i = np.arange(lq)[:, None]
    j = np.arange(lk)[None, :]
    allowed = np.ones((lq, lk), dtype=bool)
    if o.causal in (True, "top_left"):
        allowed &= j <= i
    elif o.causal == "bottom_right":
        allowed &= j <= i + lk - lq
    if o.window is not None:
        left, right = (o.window, o.window) if isinstance(o.window, int) else o.window
        if left >= 0:
            allowed &= j >= i + lk - lq - left
        if right >= 0:
            allowed &= j <= i + lk - lq + right
    return allowed


def alibi_bias(o, lq, lk):
    """-slope * |i + Lk - Lq - j| per head: [heads, Lq, Lk]."""
    i = np.arange(lq)[:, None]
    j = np.arange(lk)[None, :]
    slopes = np.broadcast_to(np.asarray(o.alibi, dtype=float), (o.heads,))
    return -slopes[:, None, None] * np.abs(i + lk - lq - j)[None]


def heads_of(x, h):
    """[..., L, w] -> [..., h, L, w/h]: head t takes columns t*w/h ..< (t+1)*w/h."""
    *lead, length, w = x.shape
    return np.moveaxis(x.reshape(*lead, length, h, w // h), -2, -3)


def join_heads(x):
    """[..., h, L, w] -> [..., L, h*w]."""
    x = np.moveaxis(x, -3, -2)
    return x.reshape(x.shape[:-2] + (x.shape[-2] * x.shape[-1],))


def prepared(Q, K, V, o):
    """Inputs broadcast over batch and split into heads, and the additive
    mask [batch..., h, Lq, Lk] holding bias, ALiBi and -inf at excluded keys."""
    Q, K = np.asarray(Q, dtype=float), np.asarray(K, dtype=float)
    vector = Q.ndim == 1
    if vector:
        Q = Q[None, :]
    shapes = [Q.shape[:-2], K.shape[:-2]] + ([np.asarray(V).shape[:-2]] if V is not None else [])
    batch = np.broadcast_shapes(*shapes)
    lq, lk = Q.shape[-2], K.shape[-2]
    q = heads_of(np.broadcast_to(Q, batch + Q.shape[-2:]), o.heads)
    k = heads_of(np.broadcast_to(K, batch + K.shape[-2:]), o.kv_heads)
    v = None if V is None else heads_of(np.broadcast_to(np.asarray(V, dtype=float), batch + np.shape(V)[-2:]),
                                        o.kv_heads)
    user = batch + ((o.heads,) if o.heads > 1 else ()) + (lq, lk)
    full = batch + (o.heads, lq, lk)
    allowed = np.broadcast_to(allowed_by_position(o, lq, lk), user)
    if o.mask is not None:
        allowed = allowed & np.broadcast_to(np.asarray(o.mask) != 0, user)
    add = np.zeros(user) if o.bias is None else np.broadcast_to(np.asarray(o.bias, dtype=float), user)
    add = np.where(allowed, add, -np.inf)  # the bias of an excluded key is ignored
    if o.heads == 1:
        add = add[..., None, :, :]
    add = np.broadcast_to(add, full)
    if o.alibi is not None:
        add = add + alibi_bias(o, lq, lk)
    scale = o.scale if o.scale is not None else 1 / np.sqrt(q.shape[-1])
    return q, k, v, np.ascontiguousarray(add), scale, vector


# -------------------------------------------------------- numpy reference

def np_scores(Q, K, o):
    q, k, _, add, scale, vector = prepared(Q, K, None, o)
    k = np.repeat(k, o.heads // o.kv_heads, axis=-3)  # query head t uses key/value head t // (h/g)
    return q @ np.swapaxes(k, -1, -2) * scale + add, vector


def np_weights(s):
    m = np.max(s, axis=-1, keepdims=True)
    dead = np.isneginf(m)
    e = np.exp(s - np.where(dead, 0.0, m))
    return np.where(dead, 0.0, e / np.where(dead, 1.0, np.sum(e, axis=-1, keepdims=True)))


def np_lse(s):
    m = np.max(s, axis=-1, keepdims=True)
    m0 = np.where(np.isfinite(m), m, 0.0)
    return (np.log(np.sum(np.exp(s - m0), axis=-1, keepdims=True)) + m0)[..., 0]


# ------------------------------------------------------------- torch runs

def t(x):
    return torch.from_numpy(np.array(x, dtype=float))


def torch_scores(Q, K, o):
    q, k, _, add, scale, vector = prepared(Q, K, None, o)
    kt = t(k).repeat_interleave(o.heads // o.kv_heads, dim=-3)
    return (t(q) @ kt.transpose(-1, -2) * scale + t(add)), vector


def torch_attend(Q, K, V, o):
    """F.scaled_dot_product_attention: the causal mask object itself when it
    is the only constraint, else one float attn_mask."""
    q, k, v, add, scale, vector = prepared(Q, K, V, o)
    lq, lk = q.shape[-2], k.shape[-2]
    alone = o.mask is None and o.bias is None and o.window is None and o.alibi is None
    gqa = o.heads != o.kv_heads
    if alone and o.causal == "bottom_right":
        out = F.scaled_dot_product_attention(t(q), t(k), t(v), attn_mask=causal_lower_right(lq, lk), scale=o.scale,
                                             enable_gqa=gqa)
    elif alone and o.causal in (True, "top_left"):
        out = F.scaled_dot_product_attention(t(q), t(k), t(v), attn_mask=causal_upper_left(lq, lk), scale=o.scale,
                                             enable_gqa=gqa)
    else:
        out = F.scaled_dot_product_attention(t(q), t(k), t(v), attn_mask=t(add), scale=o.scale, enable_gqa=gqa)
    out = join_heads(out.numpy())
    return out[..., 0, :] if vector else out


def expected_attend(Q, K, V, o):
    got = torch_attend(Q, K, V, o)
    s, vector = np_scores(Q, K, o)
    _, _, v, _, _, _ = prepared(Q, K, V, o)
    ref = join_heads(np_weights(s) @ np.repeat(v, o.heads // o.kv_heads, axis=-3))
    agree(got, ref[..., 0, :] if vector else ref, "attend: torch vs numpy")
    return got


def expected_weights(Q, K, o):
    s, vector = torch_scores(Q, K, o)
    w = torch.softmax(s, dim=-1).numpy()
    w = np.where(np.isneginf(s.numpy()).all(axis=-1, keepdims=True), 0.0, w)  # attn: zero rows, not nan
    ref, _ = np_scores(Q, K, o)
    agree(w, np_weights(ref), "weights: torch vs numpy")
    w = w[..., 0, :, :] if o.heads == 1 else w
    return w[..., 0, :] if vector else w


def expected_scores(Q, K, o):
    s, vector = torch_scores(Q, K, o)
    s = s.numpy()
    ref, _ = np_scores(Q, K, o)
    agree(s, ref, "scores: torch vs numpy")
    s = s[..., 0, :, :] if o.heads == 1 else s
    return s[..., 0, :] if vector else s


def expected_lse(Q, K, o, flash_check=True):
    s, vector = torch_scores(Q, K, o)
    lse = torch.logsumexp(s, dim=-1)
    ref, _ = np_scores(Q, K, o)
    agree(lse.numpy(), np_lse(ref), "lse: torch vs numpy")
    if flash_check and not torch.isneginf(s).all(dim=-1).any():
        # The value PyTorch's flash kernel returns beside the output.
        q, k, _, add, scale, _ = prepared(Q, K, None, o)
        kt = t(k).repeat_interleave(o.heads // o.kv_heads, dim=-3)
        four = lambda x: x.reshape((-1,) + tuple(x.shape[-3:]))  # it takes [B, H, L, w] only
        _, flash = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu(
            four(t(q)), four(kt), four(kt), attn_mask=four(t(add)), scale=scale)
        agree(flash.numpy().reshape(lse.shape), lse.numpy(), "lse: flash kernel vs logsumexp")
    lse = lse.numpy()
    lse = lse[..., 0, :] if o.heads == 1 else lse
    return lse[..., 0] if vector else lse


def attend_case(name, Q, K, V, **kw):
    o = Options(**kw)
    extra, bind = o.args()
    case(name, G.program(f"attend(Q, K, V{extra})", Q=Q, K=K, V=V, **bind), expected_attend(Q, K, V, o))


def weights_case(name, Q, K, **kw):
    o = Options(**kw)
    extra, bind = o.args()
    case(name, G.program(f"weights(Q, K{extra})", Q=Q, K=K, **bind), expected_weights(Q, K, o))


def scores_case(name, Q, K, **kw):
    o = Options(**kw)
    extra, bind = o.args()
    case(name, G.program(f"scores(Q, K{extra})", Q=Q, K=K, **bind), expected_scores(Q, K, o))


def lse_case(name, Q, K, V=None, flash_check=True, **kw):
    o = Options(**kw)
    extra, bind = o.args()
    inputs = dict(Q=Q, K=K) if V is None else dict(Q=Q, K=K, V=V)
    call = "attend_lse(Q, K" + (", V" if V is not None else "") + extra + ")"
    case(name, G.program(call, **inputs, **bind), expected_lse(Q, K, o, flash_check))


# ------------------------------------------------------------------ cases

def grouped_query():
    area("kv_heads")
    n = G.normal
    Q, K, V = n(1001, 5, 16), n(1002, 7, 8), n(1003, 7, 6)  # 4 query heads of 4, 2 key/value heads
    attend_case("attend heads 4 kv_heads 2", Q, K, V, heads=4, kv_heads=2)
    Kmq, Vmq = n(1005, 7, 4), n(1006, 7, 3)
    attend_case("attend heads 4 kv_heads 1 (multi-query)", Q, Kmq, Vmq, heads=4, kv_heads=1)
    attend_case("attend heads 4 kv_heads 4 is plain multi-head", Q, n(1007, 7, 16), n(1008, 7, 8), heads=4,
                kv_heads=4)
    attend_case("attend kv_heads with causal", Q, K, V, heads=4, kv_heads=2, causal=True)
    attend_case("attend kv_heads with causal bottom_right", Q, K, V, heads=4, kv_heads=2, causal="bottom_right")
    Bh = n(1009, 4, 5, 7)
    Bh[2, 1, :] = -np.inf  # head 2, query 1: nothing left
    attend_case("attend kv_heads with per-head bias", Q, K, V, heads=4, kv_heads=2, bias=Bh)
    mask = (np.random.default_rng(1010).random((5, 7)) < 0.7).astype(float)
    attend_case("attend kv_heads with bias, mask and causal", Q, K, V, heads=4, kv_heads=2, bias=Bh, mask=mask,
                causal=True)
    Qb, Kb, Vb = n(1011, 2, 6, 12), n(1012, 2, 9, 4), n(1013, 2, 9, 2)  # 6 heads of 2, 2 kv heads
    attend_case("attend batch heads 6 kv_heads 2", Qb, Kb, Vb, heads=6, kv_heads=2)
    attend_case("attend batch heads 6 kv_heads 3, bias [B, 1, Lq, Lk], bottom_right", Qb, n(1014, 2, 9, 6),
                n(1015, 2, 9, 3), heads=6, kv_heads=3, bias=n(1016, 2, 1, 6, 9), causal="bottom_right")
    attend_case("attend one query, kv_heads 2", Q[0], K, V, heads=4, kv_heads=2)
    attend_case("attend shared K and V over a batch of Q, kv_heads 2", Qb, n(1017, 9, 4), n(1018, 9, 4), heads=6,
                kv_heads=2)
    weights_case("weights heads 4 kv_heads 2", Q, K, heads=4, kv_heads=2)
    weights_case("weights kv_heads 2 causal bottom_right", Q, K, heads=4, kv_heads=2, causal="bottom_right")
    scores_case("scores heads 4 kv_heads 2", Q, K, heads=4, kv_heads=2)
    error("kv_heads must divide heads", G.program("attend(Q, K, V, heads: 4, kv_heads: 3)", Q=Q, K=n(1019, 7, 12),
                                                   V=n(1020, 7, 6)), "does not divide heads")
    error("K of the wrong width for kv_heads", G.program("attend(Q, K, V, heads: 4, kv_heads: 2)", Q=Q, K=n(1021, 7, 16),
                                                         V=V), "kv_heads·d/heads")
    error("V not divisible by kv_heads", G.program("attend(Q, K, V, heads: 4, kv_heads: 2)", Q=Q, K=K, V=n(1022, 7, 5)),
          "does not divide the value width")
    error("kv_heads 0", G.program("attend(Q, K, V, heads: 4, kv_heads: 0)", Q=Q, K=K, V=V), "kv_heads must be")


def causal_cases():
    area("causal")
    n = G.normal
    for lq, lk, seed in ((3, 6, 1101), (6, 3, 1104), (5, 5, 1107)):
        Q, K, V = n(seed, lq, 4), n(seed + 1, lk, 4), n(seed + 2, lk, 3)
        attend_case(f"attend causal bottom_right Lq {lq} Lk {lk}", Q, K, V, causal="bottom_right")
        attend_case(f"attend causal top_left Lq {lq} Lk {lk}", Q, K, V, causal="top_left")
        weights_case(f"weights causal bottom_right Lq {lq} Lk {lk}", Q, K, causal="bottom_right")
    Q, K, V = n(1110, 2, 4, 8), n(1111, 2, 7, 8), n(1112, 2, 7, 4)
    attend_case("attend batch heads 2 causal bottom_right", Q, K, V, heads=2, causal="bottom_right")
    B = n(1113, 4, 7)
    mask = (np.random.default_rng(1114).random((4, 7)) < 0.7).astype(float)
    attend_case("attend causal bottom_right with bias and mask", Q, K, V, heads=2, causal="bottom_right", bias=B,
                mask=mask)
    Qt, Kt, Vt = n(1115, 7, 4), n(1116, 3, 4), n(1117, 3, 2)
    lse_case("attend_lse causal bottom_right Lq > Lk (-inf rows)", Qt, Kt, causal="bottom_right")
    error("causal: an unknown word", G.program('attend(Q, K, V, causal: "bottom")', Q=Qt, K=Kt, V=Vt),
          '"bottom_right"')
    error("causal: a vector", G.program("attend(Q, K, V, causal: [1, 0])", Q=Qt, K=Kt, V=Vt), "single number")


def window_cases():
    area("window")
    n = G.normal
    Q, K, V = n(1201, 9, 4), n(1202, 9, 4), n(1203, 9, 3)
    attend_case("attend window 2", Q, K, V, window=2)
    attend_case("attend window [3, 0] (causal sliding window)", Q, K, V, window=(3, 0))
    attend_case("attend window [2, 0] with causal bottom_right", Q, K, V, window=(2, 0), causal="bottom_right")
    attend_case("attend window [2, 2] with causal bottom_right (right becomes 0)", Q, K, V, window=(2, 2),
                causal="bottom_right")
    attend_case("attend window [-1, 1] (left unlimited)", Q, K, V, window=(-1, 1))
    attend_case("attend window [1, -1] (right unlimited)", Q, K, V, window=(1, -1))
    attend_case("attend window -1 is no window", Q, K, V, window=-1)
    attend_case("attend window 0 (the diagonal only)", Q, K, V, window=0)
    for lq, lk, seed in ((4, 10, 1210), (10, 4, 1213)):
        Qr, Kr, Vr = n(seed, lq, 4), n(seed + 1, lk, 4), n(seed + 2, lk, 2)
        attend_case(f"attend window [2, 1] Lq {lq} Lk {lk} (bottom-right aligned)", Qr, Kr, Vr, window=(2, 1))
        attend_case(f"attend window [3, 0] causal bottom_right Lq {lq} Lk {lk}", Qr, Kr, Vr, window=(3, 0),
                    causal="bottom_right")
        attend_case(f"attend window [1, 1] causal top_left Lq {lq} Lk {lk}", Qr, Kr, Vr, window=(1, 1), causal=True)
        weights_case(f"weights window [2, 1] Lq {lq} Lk {lk}", Qr, Kr, window=(2, 1))
        lse_case(f"attend_lse window [2, 0] Lq {lq} Lk {lk}", Qr, Kr, window=(2, 0))
    Qb, Kb, Vb = n(1220, 2, 8, 8), n(1221, 2, 8, 4), n(1222, 2, 8, 4)
    attend_case("attend batch heads 4 kv_heads 2 window [2, 0]", Qb, Kb, Vb, heads=4, kv_heads=2, window=(2, 0))
    mask = (np.random.default_rng(1223).random((8, 8)) < 0.6).astype(float)
    attend_case("attend window with mask and bias", Q[:8], K[:8], V[:8], window=(2, 1), mask=mask, bias=n(1224, 8, 8))
    scores_case("scores window [1, 1]", Q, K, window=(1, 1))
    error("window of three numbers", G.program("attend(Q, K, V, window: [1, 2, 3])", Q=Q, K=K, V=V), "[left, right]")
    error("window not whole", G.program("attend(Q, K, V, window: 1.5)", Q=Q, K=K, V=V), "whole numbers")


def alibi_cases():
    area("alibi")
    n = G.normal
    Q, K, V = n(1301, 5, 8), n(1302, 7, 8), n(1303, 7, 4)
    slopes = 2.0 ** -np.arange(1, 3)  # a geometric sequence, as ALiBi's slopes are
    attend_case("attend alibi one head", Q, K, V, alibi=0.5)
    attend_case("attend alibi heads 2, Lq < Lk", Q, K, V, heads=2, alibi=slopes)
    attend_case("attend alibi heads 2, Lq > Lk", K, Q, n(1304, 5, 4), heads=2, alibi=slopes)
    attend_case("attend alibi with causal bottom_right", Q, K, V, heads=2, alibi=slopes, causal="bottom_right")
    attend_case("attend alibi with causal top_left", Q, K, V, heads=2, alibi=slopes, causal=True)
    attend_case("attend alibi with window [2, 1]", Q, K, V, heads=2, alibi=slopes, window=(2, 1))
    mask = (np.random.default_rng(1305).random((5, 7)) < 0.7).astype(float)
    attend_case("attend alibi with bias, mask and window", Q, K, V, heads=2, alibi=slopes, bias=n(1306, 2, 5, 7),
                mask=mask, window=(3, 3))
    attend_case("attend alibi heads 4 kv_heads 2, one slope for all", Q, n(1307, 7, 4), V, heads=4, kv_heads=2,
                alibi=0.25)
    attend_case("attend alibi negative slope", Q, K, V, alibi=-0.3)
    Qb, Kb, Vb = n(1308, 2, 3, 4), n(1309, 2, 6, 4), n(1310, 2, 6, 2)
    attend_case("attend batch alibi heads 2", Qb, Kb, Vb, heads=2, alibi=[1.0, 0.125])
    weights_case("weights alibi heads 2 window", Q, K, heads=2, alibi=slopes, window=(2, 1))
    scores_case("scores alibi heads 2", Q, K, heads=2, alibi=slopes)
    lse_case("attend_lse alibi heads 2 causal bottom_right", Q, K, heads=2, alibi=slopes, causal="bottom_right")
    error("alibi of the wrong length", G.program("attend(Q, K, V, heads: 2, alibi: [1, 2, 3])", Q=Q, K=K, V=V),
          "slopes")
    error("alibi infinite", G.program("attend(Q, K, V, alibi: inf)", Q=Q, K=K, V=V), "finite")


def lse_cases():
    area("attend_lse")
    n = G.normal
    Q, K, V = n(1401, 4, 6), n(1402, 6, 6), n(1403, 6, 3)
    lse_case("attend_lse", Q, K)
    lse_case("attend_lse with V (renamed attend call)", Q, K, V)
    lse_case("attend_lse scale 0.5", Q, K, scale=0.5)
    lse_case("attend_lse heads 3", Q, K, heads=3)
    lse_case("attend_lse heads 2 kv_heads 1", Q, n(1404, 6, 3), heads=2, kv_heads=1)
    lse_case("attend_lse one query", Q[0], K)
    lse_case("attend_lse batch heads 2 causal", n(1405, 2, 3, 4), n(1406, 2, 5, 4), heads=2, causal=True)
    dead = np.ones((4, 6))
    dead[1] = 0
    lse_case("attend_lse fully masked row is -inf", Q, K, mask=dead)
    B = n(1407, 4, 6)
    B[2] = -np.inf
    lse_case("attend_lse row excluded by bias is -inf", Q, K, bias=B)
    lse_case("attend_lse with bias and mask", Q, K, bias=n(1408, 4, 6), mask=(np.random.default_rng(1409).random((4, 6)) < 0.6))
    Bnan = n(1410, 4, 6)
    Bnan[0, 3] = np.nan
    lse_case("attend_lse nan bias makes the row nan", Q, K, bias=Bnan)
    # +inf at an allowed key: PyTorch's flash kernel (and attn) give nan, where
    # logsumexp alone would give +inf.
    Binf = n(1411, 4, 6)
    Binf[3, 2] = np.inf
    q, k, _, add, scale, _ = prepared(Q, K, None, Options(bias=Binf))
    _, flash = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu(
        t(q[None]), t(k[None]), t(k[None]), attn_mask=t(add[None]))
    flash = flash.numpy()[0, 0]
    assert np.isnan(flash[3]) and np.isfinite(flash[:3]).all()
    agree(flash[:3], np_lse(np_scores(Q, K, Options(bias=Binf))[0])[0][:3], "lse +inf rows")
    case("attend_lse +inf bias makes the row nan", G.program("attend_lse(Q, K, bias: B)", Q=Q, K=K, B=Binf), flash)
    case("attend_lse is logsumexp of scores", G.program(
        'logsumexp(scores(Q, K, heads: 2, causal: "bottom_right", window: [1, 0], alibi: [0.5, 0.25]), axis: -1)',
        Q=Q, K=K), expected_lse(Q, K, Options(heads=2, causal="bottom_right", window=(1, 0), alibi=[0.5, 0.25])))
    case("attend_lse no keys", "attend_lse([[1, 2]], zeros([0, 2]))", [-np.inf])
    error("attend_lse V with the wrong rows", G.program("attend_lse(Q, K, V)", Q=Q, K=K, V=n(1412, 5, 3)), "rows")


def sweep():
    """Random combinations of every option, batch axes and lengths."""
    area("options sweep")
    rng = np.random.default_rng(1500)
    for c in range(30):
        kv = int(rng.choice([1, 2]))
        heads = kv * int(rng.choice([1, 2, 3]))
        dh, dvh = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        lq, lk = int(rng.integers(1, 9)), int(rng.integers(1, 9))
        batch = tuple(int(x) for x in rng.integers(1, 3, int(rng.integers(0, 2))))
        Q = rng.standard_normal(batch + (lq, heads * dh))
        K = rng.standard_normal(batch + (lk, kv * dh))
        V = rng.standard_normal(batch + (lk, kv * dvh))
        kw = dict(heads=heads, kv_heads=kv)
        if rng.random() < 0.6:
            kw["causal"] = [True, "top_left", "bottom_right"][int(rng.integers(0, 3))]
        if rng.random() < 0.5:
            kw["window"] = (int(rng.integers(-1, 4)), int(rng.integers(-1, 4)))
        if rng.random() < 0.5:
            kw["alibi"] = np.round(rng.uniform(0.05, 1.5, heads), 3)
        if rng.random() < 0.4:
            bias = rng.standard_normal(((heads,) if heads > 1 else ()) + (lq, lk))
            bias[rng.random(bias.shape) < 0.15] = -np.inf
            kw["bias"] = bias
        if rng.random() < 0.3:
            kw["mask"] = (rng.random((lq, lk)) < 0.75).astype(float)
        label = f"{c} Q{Q.shape} K{K.shape} " + " ".join(k for k in kw if k not in ("heads", "kv_heads"))
        if c % 3 == 2:
            lse_case("attend_lse " + label, Q, K, V, **kw)
        else:
            attend_case("attend " + label, Q, K, V, **kw)


def main():
    with np.errstate(all="ignore"):
        grouped_query()
        causal_cases()
        window_cases()
        alibi_cases()
        lse_cases()
        sweep()
    G.write_cases(CASES, OUT, G.ROOT, note=f" (PyTorch {torch.__version__})")


if __name__ == "__main__":
    main()
