#!/usr/bin/env python3
"""Golden values for the attn language, computed independently with numpy.

Each case is an attn snippet (it may bind variables with `let`; its last
statement is the expression under test) paired with the result numpy gives
for the same computation, written here from the semantics in the spec
(issue 2) and numpy/PyTorch, never from attn's own output. Inputs come from
numpy's seeded generator and are embedded in the snippets as literals with
repr-exact digits, so attn reads exactly the doubles numpy used.

Run from anywhere:  python3 scripts/golden.py
It writes Tests/AttnLangTests/Golden/golden.json (committed); running it
again must reproduce the file byte for byte.

golden.json is a list of cases, one per line:
  {"area": ..., "name": ..., "source": ..., "shape": [...], "values": [...]}
with the values in row-major order (nan and infinities as the strings
"nan", "inf", "-inf"), or, for a snippet that must fail,
  {"area": ..., "name": ..., "source": ..., "error": "word"}
where the error message or one of its notes must contain "word"
(case-insensitive).

Where attn deliberately differs from numpy the reference follows the spec:
`.T`/transpose swaps the last two axes (np.swapaxes(a, -1, -2)); an attention
row whose keys are all excluded (mask 0, causal, a -inf bias) gives zero
weights and a zero output, as PyTorch 2.15's scaled_dot_product_attention does
(numpy's softmax of an all -inf row is nan); rand/randn are not numpy streams,
so they are not tested here.

attention `bias:` is PyTorch's float attn_mask, added to the scaled scores.
When PyTorch is importable, every attend case with a bias is also run through
torch.nn.functional.scaled_dot_product_attention (float64, mask and causal
folded into its float attn_mask as -inf) and must agree with the numpy
reference to 1e-12; the output does not depend on whether torch is installed.
"""
import math
from pathlib import Path

import numpy as np

from reference_json import json_float, write_cases

try:
    import torch
    import torch.nn.functional as torch_F
except ImportError:  # the cross-check is optional
    torch = None

TORCH_CHECKED = []

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "AttnLangTests" / "Golden" / "golden.json"

CASES = []
AREA = ""


# ---------------------------------------------------------------- helpers

def num(x):
    """A float as attn source: repr-exact digits (integers without .0)."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    r = repr(x)
    return r[:-2] if r.endswith(".0") else r


def lit(a):
    """A numpy array (any rank) as an attn literal."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return num(a)
    return "[" + ", ".join(lit(x) for x in a) + "]"


def program(expr, **bindings):
    """`let name = literal` lines (in keyword order), then the expression."""
    lines = [f"let {k} = {lit(v) if not isinstance(v, str) else v}" for k, v in bindings.items()]
    return "\n".join(lines + [expr])


def case(name, source, expected):
    e = np.asarray(expected, dtype=float)
    CASES.append({
        "area": AREA, "name": name, "source": source,
        "shape": list(e.shape), "values": [json_float(x) for x in e.reshape(-1)],
    })


def error(name, source, word):
    CASES.append({"area": AREA, "name": name, "source": source, "error": word})


def area(name):
    global AREA
    AREA = name


def normal(seed, *shape):
    return np.random.default_rng(seed).standard_normal(shape)


def uniform(seed, lo, hi, *shape):
    return np.random.default_rng(seed).uniform(lo, hi, shape)


def swap_last(a):
    a = np.asarray(a, dtype=float)
    return np.swapaxes(a, -1, -2) if a.ndim >= 2 else a


# ------------------------------------------------ reference implementations

def ref_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    ex = np.exp(x - m)
    return ex / np.sum(ex, axis=axis, keepdims=True)


def ref_logsumexp(x, axis=None, keepdims=False):
    """scipy.special.logsumexp's algorithm: a non-finite max is replaced by 0."""
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    if keepdims:
        return out
    return out.reshape(()) if axis is None else np.squeeze(out, axis=axis)


def ref_log_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    return x - ref_logsumexp(x, axis=axis, keepdims=True)


def split_heads(x, h):
    """[..., L, d] -> [..., h, L, d/h] (head t takes columns t*d/h ..< (t+1)*d/h)."""
    *lead, length, d = x.shape
    return np.moveaxis(x.reshape(*lead, length, h, d // h), -2, -3)


def masked_softmax(s, allowed):
    """Softmax over the last axis of the allowed entries; a row with none allowed is all zeros."""
    s = np.where(allowed, s, -np.inf)
    m = np.max(s, axis=-1, keepdims=True)
    dead = np.isneginf(m)
    ex = np.exp(s - np.where(dead, 0.0, m))
    total = np.sum(ex, axis=-1, keepdims=True)
    return np.where(dead, 0.0, ex / np.where(dead, 1.0, total))


def ref_weights(Q, K, scale=None, mask=None, causal=False, heads=1, keep_head_axis=False, bias=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    vector = Q.ndim == 1
    if vector:
        Q = Q[None, :]
    if K.ndim == 1:
        K = K[None, :]
    lq, d = Q.shape[-2:]
    lk = K.shape[-2]
    dh = d // heads
    if scale is None:
        scale = 1 / np.sqrt(dh)
    s = (split_heads(Q, heads) @ np.swapaxes(split_heads(K, heads), -1, -2)) * scale  # [..., h, Lq, Lk]
    batch = s.shape[:-3]
    user_shape = batch + ((heads,) if heads > 1 else ()) + (lq, lk)
    allowed = np.ones(user_shape, dtype=bool)
    if causal:
        allowed = allowed & np.tril(np.ones((lq, lk), dtype=bool))  # top-left aligned, as torch is_causal
    if mask is not None:
        allowed = allowed & np.broadcast_to(np.asarray(mask) != 0, user_shape)
    if heads == 1:
        allowed = allowed[..., None, :, :]
    if bias is not None:
        # PyTorch's float attn_mask: added to the scaled scores (before masking,
        # so the bias of a masked key never matters).
        b = np.broadcast_to(np.asarray(bias, dtype=float), user_shape)
        s = s + (b[..., None, :, :] if heads == 1 else b)
    w = masked_softmax(s, allowed)
    if keep_head_axis:
        return w, vector
    if heads == 1:
        w = w[..., 0, :, :]
    if vector:
        w = w[..., 0, :]
    return w


def ref_attend(Q, K, V, heads=1, scale=None, mask=None, causal=False, bias=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    # Batch axes of Q, K and V broadcast together (the mask then broadcasts to all of them).
    batch = np.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    if Q.ndim >= 2:
        Q = np.broadcast_to(Q, batch + Q.shape[-2:])
    K = np.broadcast_to(K, batch + K.shape[-2:])
    w, vector = ref_weights(Q, K, scale=scale, mask=mask, causal=causal, heads=heads, keep_head_axis=True, bias=bias)
    out = w @ split_heads(V, heads)  # [..., h, Lq, dv/h]
    out = np.moveaxis(out, -3, -2)  # [..., Lq, h, dv/h]
    out = out.reshape(out.shape[:-2] + (V.shape[-1],))
    return out[..., 0, :] if vector else out


def torch_attend(Q, K, V, heads=1, scale=None, mask=None, causal=False, bias=None):
    """PyTorch's scaled_dot_product_attention on the same inputs (float64): the
    bias is its float attn_mask, with the mask's 0s and causal's hidden keys
    folded in as -inf (PyTorch takes one attn_mask and refuses it with
    is_causal)."""
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    vector = Q.ndim == 1
    if vector:
        Q = Q[None, :]
    batch = np.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    lq, lk = Q.shape[-2], K.shape[-2]
    q, k, v = (torch.from_numpy(np.ascontiguousarray(split_heads(np.broadcast_to(x, batch + x.shape[-2:]), heads)))
               for x in (Q, K, V))
    user_shape = batch + ((heads,) if heads > 1 else ()) + (lq, lk)
    allowed = np.ones(user_shape, dtype=bool)
    if causal:
        allowed = allowed & np.tril(np.ones((lq, lk), dtype=bool))
    if mask is not None:
        allowed = allowed & np.broadcast_to(np.asarray(mask) != 0, user_shape)
    add = np.zeros(user_shape) if bias is None else np.broadcast_to(np.asarray(bias, dtype=float), user_shape)
    add = np.where(allowed, add, -np.inf)
    if heads == 1:
        add = add[..., None, :, :]
    out = torch_F.scaled_dot_product_attention(q, k, v, attn_mask=torch.from_numpy(np.ascontiguousarray(add)),
                                               scale=scale).numpy()
    out = np.moveaxis(out, -3, -2)
    out = out.reshape(out.shape[:-2] + (V.shape[-1],))
    return out[..., 0, :] if vector else out


def attend_case(name, source, Q, K, V, **options):
    """An attend case: the numpy reference, checked against PyTorch when it is importable."""
    expected = ref_attend(Q, K, V, **options)
    if torch is not None:
        got = torch_attend(Q, K, V, **options)
        assert got.shape == expected.shape and np.allclose(got, expected, rtol=1e-12, atol=1e-12, equal_nan=True), \
            f"{name}: PyTorch {got} differs from the numpy reference {expected}"
        TORCH_CHECKED.append(name)
    case(name, source, expected)


def ref_mha(Xq, Xk, Xv, Wq, Wk, Wv, Wo, heads, causal=False):
    """torch.nn.MultiheadAttention without biases, weights right-multiplied (x @ W),
    written head by head with explicit slices."""
    Q, K, V = Xq @ Wq, Xk @ Wk, Xv @ Wv
    dh = Q.shape[-1] // heads
    dvh = V.shape[-1] // heads
    outs = []
    for t in range(heads):
        q = Q[..., t * dh:(t + 1) * dh]
        k = K[..., t * dh:(t + 1) * dh]
        v = V[..., t * dvh:(t + 1) * dvh]
        s = q @ np.swapaxes(k, -1, -2) / np.sqrt(dh)
        if causal:
            s = np.where(np.tril(np.ones(s.shape[-2:], dtype=bool)), s, -np.inf)
        outs.append(ref_softmax(s, axis=-1) @ v)
    return np.concatenate(outs, axis=-1) @ Wo


def ref_additive(Q, K, V, Wq=None, Wk=None, v=None):
    """Bahdanau: score(q, k) = tanh(q Wq + k Wk) . v; without v, sum(tanh(q + k))."""
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    vector = Q.ndim == 1
    if vector:
        Q = Q[None, :]
    q = Q @ Wq if Wq is not None else Q
    k = K @ Wk if Wk is not None else K
    t = np.tanh(q[..., :, None, :] + k[..., None, :, :])  # [..., Lq, Lk, a]
    s = t @ v if v is not None else np.sum(t, axis=-1)
    out = ref_softmax(s, axis=-1) @ V
    return out[..., 0, :] if vector else out


def ref_seed_attention_weights(q, K):
    """The seed article's helper with K·q: e = exp(dot(K, q)); e / sum(e)."""
    ex = np.exp(np.dot(K, q))
    return ex / np.sum(ex)


# ------------------------------------------------------------------ cases

def elementwise():
    area("elementwise")
    x = normal(101, 4, 6)
    pos = uniform(102, 0.05, 9.0, 3, 5)
    v = normal(103, 8) * 3
    case("exp matrix", program("exp(X)", X=x), np.exp(x))
    case("exp special", "exp([-inf, inf, nan, 0, 710, -746])", np.exp([-np.inf, np.inf, np.nan, 0, 710, -746]))
    case("log positive", program("log(P)", P=pos), np.log(pos))
    case("log special", "log([0, -1, inf, 1, nan])", np.log([0, -1, np.inf, 1, np.nan]))
    case("sqrt positive", program("sqrt(P)", P=pos), np.sqrt(pos))
    case("sqrt special", "sqrt([-1, inf, 0, 2, nan])", np.sqrt([-1, np.inf, 0, 2, np.nan]))
    case("abs matrix", program("abs(X)", X=x), np.abs(x))
    case("abs special", "abs([-inf, nan, -0.5, 3])", np.abs([-np.inf, np.nan, -0.5, 3]))
    case("tanh vector", program("tanh(v)", v=v), np.tanh(v))
    case("tanh special", "tanh([inf, -inf, 20, -20, 0])", np.tanh([np.inf, -np.inf, 20, -20, 0]))
    sig = lambda a: 1 / (1 + np.exp(-np.asarray(a, dtype=float)))
    case("sigmoid matrix", program("sigmoid(X)", X=x), sig(x))
    case("sigmoid wide range", program("sigmoid(v * 10)", v=v), sig(v * 10))
    case("sigmoid special", "sigmoid([-inf, inf, -800, 800, 0, -30, 30])", sig([-np.inf, np.inf, -800, 800, 0, -30, 30]))
    case("relu matrix", program("relu(X)", X=x), np.maximum(x, 0))
    case("relu special", "relu([nan, -inf, inf, -0.5, 0.5])", np.maximum([np.nan, -np.inf, np.inf, -0.5, 0.5], 0))
    case("exp of log", program("exp(log(P))", P=pos), np.exp(np.log(pos)))
    case("scalar function", "tanh(0.5)", np.tanh(0.5))
    c = normal(104, 3, 4)
    a = normal(105, 4)
    case("where matrix", program("where(X > 0, X, 0)", X=c), np.where(c > 0, c, 0))
    case("where broadcast", program("where([[1], [0], [1]], a, -a)", a=a),
         np.where(np.array([[1], [0], [1]]) != 0, a, -a))
    case("where scalar branches", "where([1, 0, 2, 0], 10, -10)", np.where([1, 0, 2, 0], 10, -10))
    case("where nan is true", "where([nan, 0], [1, 2], [3, 4])", np.where(np.array([np.nan, 0]) != 0, [1, 2], [3, 4]))
    error("where shapes", "where([1, 0, 1], [1, 2], 0)", "broadcast")


def arithmetic():
    area("operators")
    A = normal(201, 3, 4)
    B = normal(202, 3, 4)
    r = normal(203, 4)
    col = normal(204, 3, 1)
    T = normal(205, 2, 3, 4)
    P = uniform(206, 0.1, 4, 3, 4)
    case("add", program("A + B", A=A, B=B), A + B)
    case("subtract", program("A - B", A=A, B=B), A - B)
    case("multiply", program("A * B", A=A, B=B), A * B)
    case("divide", program("A / B", A=A, B=B), A / B)
    case("row broadcast", program("A + r", A=A, r=r), A + r)
    case("column broadcast", program("A * c", A=A, c=col), A * col)
    case("row and column", program("c - r", c=col, r=r), col - r)
    case("rank 3 with matrix", program("T / A", T=T, A=A), T / A)
    case("scalar left", program("2.5 / A", A=A), 2.5 / A)
    case("scalar right", program("A - 0.125", A=A), A - 0.125)
    X = normal(207, 2, 1, 3)
    Y = normal(208, 4, 1)
    case("both sides broadcast", program("X + Y", X=X, Y=Y), X + Y)
    case("power elementwise", program("P ^ B", P=P, B=B), np.power(P, B))
    case("power scalar exponent", program("A ^ 2", A=A), A ** 2)
    case("power scalar base", program("2 ^ r", r=r), np.power(2.0, r))
    case("power broadcast", program("P ^ r", P=P, r=r), np.power(P, r))
    case("power right associative", "2 ^ 3 ^ 2", 2.0 ** (3.0 ** 2))
    case("negation binds looser than power", "-2 ^ 2", -(2.0 ** 2))
    case("negative exponent", "2 ^ -1", 0.5)
    with np.errstate(all="ignore"):
        case("power domain", "[-8, 0, 0, -2] ^ [1/3, -1, 0, 2]",
             np.power([-8.0, 0.0, 0.0, -2.0], [1 / 3, -1.0, 0.0, 2.0]))
        case("division by zero", "[1, -1, 0, 2] / 0", np.array([1.0, -1.0, 0.0, 2.0]) / 0.0)
        case("inf arithmetic", "[inf - inf, inf * 0, inf + 1, -inf * -1]",
             [np.inf - np.inf, np.inf * 0, np.inf + 1, -np.inf * -1])
    case("precedence", program("A + B * r - A / 4", A=A, B=B, r=r), A + B * r - A / 4)
    case("parentheses", program("(A + B) * (A - B)", A=A, B=B), (A + B) * (A - B))
    case("unary minus", program("-A + -r", A=A, r=r), -A + -r)
    case("mixed expression", program("A * B + c / 2 - A ^ 2", A=A, B=B, c=col), A * B + col / 2 - A ** 2)
    M3 = normal(209, 3, 3)
    v3 = normal(210, 3)
    case("@ binds tighter than *", program("v * M @ v", v=v3, M=M3), v3 * (M3 @ v3))
    case("^ binds tighter than @", program("v @ M ^ 2", v=v3, M=M3), v3 @ (M3 ** 2))
    case("^ binds tighter than unary minus", program("-v ^ 2", v=v3), -(v3 ** 2))
    case("unary minus after an operator", "2 * -3 - -1", 2 * -3 - -1)
    case("power special values", "[(-inf) ^ 0.5, (-1) ^ inf, nan ^ 0, 1 ^ nan, 0 ^ 0, inf ^ -1]",
         np.power([-np.inf, -1.0, np.nan, 1.0, 0.0, np.inf], [0.5, np.inf, 0.0, np.nan, 0.0, -1.0]))
    error("broadcast mismatch", program("A + [1, 2, 3]", A=A), "broadcast")
    error("broadcast mismatch rank 3", program("T * B[0:2]", T=T, B=B), "broadcast")

    area("comparisons")
    Ai = np.round(A * 2) / 2
    Bi = np.round(B * 2) / 2
    case("greater", program("A > B", A=Ai, B=Bi), Ai > Bi)
    case("greater equal", program("A >= B", A=Ai, B=Bi), Ai >= Bi)
    case("less", program("A < 0", A=Ai), Ai < 0)
    case("less equal broadcast", program("A <= c", A=Ai, c=np.round(col * 2) / 2), Ai <= np.round(col * 2) / 2)
    case("equal", program("A == B", A=Ai, B=Bi), Ai == Bi)
    case("not equal broadcast", program("A != r", A=Ai, r=np.round(r * 2) / 2), Ai != np.round(r * 2) / 2)
    case("nan and inf comparisons", "[nan == nan, nan != nan, nan < 1, inf > 1e308, -inf < -1e308, inf == inf]",
         [np.nan == np.nan, np.nan != np.nan, np.nan < 1, np.inf > 1e308, -np.inf < -1e308, np.inf == np.inf])
    case("comparison below arithmetic", "1 + 2 == 3", float(1 + 2 == 3))
    error("comparison mismatch", "[1, 2] < [1, 2, 3]", "broadcast")


def linear_algebra():
    area("matmul")
    A = normal(301, 4, 8)
    B = normal(302, 8, 5)
    v8 = normal(303, 8)
    v4 = normal(304, 4)
    T1 = normal(305, 3, 4, 8)
    T2 = normal(306, 3, 8, 2)
    case("matrix @ matrix", program("A @ B", A=A, B=B), A @ B)
    case("vector @ matrix", program("v @ B", v=v8, B=B), v8 @ B)
    case("matrix @ vector", program("A @ v", A=A, v=v8), A @ v8)
    case("vector @ vector", program("v @ w", v=v8, w=normal(307, 8)), v8 @ normal(307, 8))
    case("batched rank 3", program("T @ U", T=T1, U=T2), T1 @ T2)
    case("rank 3 @ matrix", program("T @ B", T=T1, B=B), T1 @ B)
    case("matrix @ rank 3", program("A @ T", A=normal(308, 5, 4), T=T1), normal(308, 5, 4) @ T1)
    X4 = normal(309, 2, 1, 3, 4)
    Y3 = normal(310, 3, 4, 5)
    case("broadcast batch axes", program("X @ Y", X=X4, Y=Y3), X4 @ Y3)
    case("vector @ rank 3", program("v @ T", v=v4, T=normal(311, 2, 4, 3)), v4 @ normal(311, 2, 4, 3))
    case("rank 3 @ vector", program("T @ v", T=T1, v=v8), T1 @ v8)
    case("matmul builtin", program("matmul(A, B)", A=A, B=B), np.matmul(A, B))
    C = normal(312, 4, 5)
    case("matmul binds tighter than +", program("A @ B + C", A=A, B=B, C=C), A @ B + C)
    case("scaled product", program("2 * A @ B", A=A, B=B), 2 * (A @ B))
    case("chain", program("A @ B @ B.T", A=A, B=B), A @ B @ B.T)
    error("inner mismatch", program("A @ A", A=A), "inner")
    error("vector mismatch", "[1, 2] @ [1, 2, 3]", "inner")
    error("batch mismatch", program("T @ U", T=normal(313, 2, 3, 4), U=normal(314, 3, 4, 5)), "broadcast")
    error("scalar operand", "2 @ [1, 2]", "rank")

    area("dot")
    case("scalar . scalar", "dot(2, 3.5)", np.dot(2, 3.5))
    case("scalar . matrix", program("dot(2.5, A)", A=A), np.dot(2.5, A))
    case("matrix . scalar", program("dot(A, -0.5)", A=A), np.dot(A, -0.5))
    case("vector . vector", program("dot(v, w)", v=v8, w=normal(307, 8)), np.dot(v8, normal(307, 8)))
    case("matrix . vector", program("dot(A, v)", A=A, v=v8), np.dot(A, v8))
    case("vector . matrix", program("dot(v, B)", v=v8, B=B), np.dot(v8, B))
    case("matrix . matrix", program("dot(A, B)", A=A, B=B), np.dot(A, B))
    case("rank 3 . matrix", program("dot(T, B)", T=T1, B=B), np.dot(T1, B))
    case("rank 3 . rank 3", program("dot(T, U)", T=T1, U=T2), np.dot(T1, T2))
    case("rank 3 . vector", program("dot(T, v)", T=T1, v=v8), np.dot(T1, v8))
    case("vector . rank 3", program("dot(v, U)", v=v8, U=T2), np.dot(v8, T2))
    case("matrix . rank 3", program("dot(A, U)", A=normal(315, 2, 8), U=T2), np.dot(normal(315, 2, 8), T2))
    error("vector mismatch", "dot([1, 2], [1, 2, 3])", "aligned")
    error("matrix mismatch", program("dot(A, A)", A=A), "aligned")
    error("rank 3 mismatch", program("dot(T, T)", T=T1), "aligned")

    area("transpose")
    case(".T matrix", program("A.T", A=A), A.T)
    case("transpose builtin", program("transpose(A)", A=A), np.transpose(A))
    case(".T rank 3 swaps the last two axes", program("T.T", T=T1), np.swapaxes(T1, -1, -2))
    case("transpose rank 4", program("transpose(X)", X=X4), np.swapaxes(X4, -1, -2))
    case(".T vector unchanged", program("v.T", v=v8), v8)
    case(".T scalar unchanged", "let s = 4.5\ns.T", 4.5)
    case("Gram matrix", program("A.T @ A", A=A), A.T @ A)
    case("double transpose", program("A.T.T", A=A), A)

    area("outer and norm")
    case("outer vectors", program("outer(a, b)", a=v4, b=v8), np.outer(v4, v8))
    case("outer flattens", program("outer(A, b)", A=normal(316, 2, 3), b=normal(317, 2, 2)),
         np.outer(normal(316, 2, 3), normal(317, 2, 2)))
    case("outer scalar", "outer(3, [1, 2])", np.outer(3, [1, 2]))
    case("norm 3 4 5", "norm([3, 4])", np.linalg.norm([3.0, 4.0]))
    case("norm vector", program("norm(v)", v=v8), np.linalg.norm(v8))
    case("norm Frobenius", program("norm(A)", A=A), np.linalg.norm(A))
    case("norm rank 3", program("norm(T)", T=T1), np.linalg.norm(T1.reshape(-1)))
    case("norm axis 0", program("norm(A, axis: 0)", A=A), np.linalg.norm(A, axis=0))
    case("norm axis -1", program("norm(A, axis: -1)", A=A), np.linalg.norm(A, axis=-1))
    case("norm inf", "norm([1, -inf, 2])", np.linalg.norm([1.0, -np.inf, 2.0]))
    error("norm bad axis", program("norm(A, axis: 2)", A=A), "axis")


def reductions():
    area("reductions")
    M = normal(401, 5, 7)
    T = normal(402, 3, 4, 5)
    fns = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "argmax": np.argmax, "argmin": np.argmin}
    for name, f in fns.items():
        case(f"{name} all", program(f"{name}(M)", M=M), f(M))
        case(f"{name} axis 0", program(f"{name}(M, axis: 0)", M=M), f(M, axis=0))
        case(f"{name} axis -1", program(f"{name}(M, axis: -1)", M=M), f(M, axis=-1))
        case(f"{name} rank 3 axis 1", program(f"{name}(T, axis: 1)", T=T), f(T, axis=1))
    case("sum rank 3 axis -3", program("sum(T, axis: -3)", T=T), np.sum(T, axis=-3))
    case("mean rank 3 all", program("mean(T)", T=T), np.mean(T))
    case("argmax rank 3 flat index", program("argmax(T)", T=T), np.argmax(T))
    case("max rank 3 axis 2", program("max(T, axis: 2)", T=T), np.max(T, axis=2))
    long = normal(403, 1000)
    case("sum long vector", program("sum(v)", v=long), np.sum(long))
    case("mean long vector", program("mean(v)", v=long), np.mean(long))
    case("sum of nothing", "sum([])", np.sum(np.array([])))
    case("argmax ties take the first", "argmax([1, 3, 3, 2])", np.argmax([1, 3, 3, 2]))
    case("argmin ties take the first", "argmin([[2, 1], [1, 5]])", np.argmin([[2, 1], [1, 5]]))
    case("max with nan", "max([1, nan, 3])", np.max([1, np.nan, 3]))
    case("min with nan by axis", "min([[1, nan], [3, 0]], axis: 0)", np.min([[1, np.nan], [3, 0]], axis=0))
    case("argmax with nan", "argmax([1, 5, nan, 7, nan])", np.argmax([1, 5, np.nan, 7, np.nan]))
    case("argmin with nan", "argmin([4, nan, -1])", np.argmin([4, np.nan, -1]))
    case("max with inf", "max([-inf, 2, inf])", np.max([-np.inf, 2, np.inf]))
    case("sum of a number", "sum(2.5)", np.sum(2.5))
    # numpy's sums start from +0.0, so a sum of nothing (or of negative zeros) is +0;
    # 1/x shows the sign of a zero.
    with np.errstate(divide="ignore"):
        case("sum of nothing is +0", "1 / sum([])", 1 / np.sum(np.array([])))
        case("sum of negative zeros is +0", "1 / sum([-0, -0, -0])", 1 / np.sum(np.array([-0.0, -0.0, -0.0])))
        case("sum of many negative zeros is +0", "1 / sum(-zeros(12))", 1 / np.sum(-np.zeros(12)))
        case("sum of an empty axis is +0", "1 / sum(zeros([0, 3]), axis: 0)", 1 / np.sum(np.zeros((0, 3)), axis=0))
        case("mean of negative zeros is +0", "1 / mean([-0, -0])", 1 / np.mean(np.array([-0.0, -0.0])))
        case("norm of nothing is +0", "1 / norm([])", 1 / np.linalg.norm(np.array([])))
    error("sum bad axis", program("sum(M, axis: 2)", M=M), "axis")
    error("mean bad negative axis", program("mean(M, axis: -3)", M=M), "axis")
    error("max of nothing", "max([])", "empty")


def shapes():
    area("shape")
    M = normal(501, 3, 4)
    T = normal(502, 2, 3, 4)
    case("shape matrix", program("shape(M)", M=M), M.shape)
    case("shape rank 3", program("shape(T)", T=T), T.shape)
    case("shape number", "shape(5)", np.shape(5))
    case("shape empty", "shape([])", np.shape([]))
    case("len matrix", program("len(M)", M=M), len(M))
    case("len vector", "len([4, 5, 6, 7, 8])", len([4, 5, 6, 7, 8]))
    r12 = np.arange(12.0)
    case("reshape", "reshape(range(12), [3, 4])", r12.reshape(3, 4))
    case("reshape -1 first", "reshape(range(12), [-1, 6])", r12.reshape(-1, 6))
    case("reshape -1 middle", program("reshape(T, [2, -1, 3])", T=T), T.reshape(2, -1, 3))
    case("reshape flatten", program("reshape(T, [-1])", T=T), T.reshape(-1))
    case("reshape to scalar", "reshape([7], [])", np.reshape([7.0], ()))
    error("reshape count", "reshape(range(12), [5, 3])", "reshape")
    error("reshape two unknowns", "reshape(range(12), [-1, -1])", "-1")
    A = normal(503, 2, 4)
    B = normal(504, 1, 4)
    C = normal(505, 3, 4)
    case("concat axis 0", program("concat(A, B, C)", A=A, B=B, C=C), np.concatenate([A, B, C], axis=0))
    D = normal(506, 3, 2)
    case("concat axis 1", program("concat(M, D, axis: 1)", M=M, D=D), np.concatenate([M, D], axis=1))
    U = normal(507, 2, 3, 1)
    case("concat axis -1 rank 3", program("concat(T, U, T, axis: -1)", T=T, U=U), np.concatenate([T, U, T], axis=-1))
    case("concat vectors", "concat([1, 2], [3], [4, 5])", np.concatenate([[1, 2], [3], [4, 5]]))
    error("concat mismatch", program("concat(A, D)", A=A, D=D), "concat")
    error("concat bad axis", program("concat(A, A, axis: 2)", A=A), "axis")
    P = normal(508, 3, 4)
    Q = normal(509, 3, 4)
    case("stack axis 0", program("stack(M, P, Q)", M=M, P=P, Q=Q), np.stack([M, P, Q], axis=0))
    case("stack axis 1", program("stack(M, P, axis: 1)", M=M, P=P), np.stack([M, P], axis=1))
    case("stack axis 2", program("stack(M, P, axis: 2)", M=M, P=P), np.stack([M, P], axis=2))
    case("stack axis -1", program("stack(M, P, Q, axis: -1)", M=M, P=P, Q=Q), np.stack([M, P, Q], axis=-1))
    case("stack numbers", "stack(1, 2, 3)", np.stack([1.0, 2.0, 3.0]))
    error("stack mismatch", program("stack(A, C)", A=A, C=C), "stack")

    area("literals")
    case("nested literal rank 3", "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]", [[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    case("number forms", "[3, 0.5, 1e-9, .5, 2.5E3, 1e+2]", [3, 0.5, 1e-9, 0.5, 2.5e3, 1e2])
    case("true and false", "[true, false]", [1.0, 0.0])
    case("constants", "[pi, e]", [np.pi, np.e])
    case("expressions in literals", "[1 + 1, 2 * 3, -4]", [2, 6, -4])
    error("ragged matrix", "[[1, 2], [3]]", "ragged")
    error("ragged rank 3", "[[[1, 2], [3, 4]], [[5, 6]]]", "ragged")


def construction():
    area("construction")
    case("zeros", "zeros([2, 3])", np.zeros((2, 3)))
    case("zeros from a number", "zeros(3)", np.zeros(3))
    case("ones rank 3", "ones([2, 1, 3])", np.ones((2, 1, 3)))
    case("eye", "eye(3)", np.eye(3))
    case("eye 1", "eye(1)", np.eye(1))
    case("eye 0", "eye(0)", np.eye(0))
    case("range n", "range(5)", np.arange(5.0))
    case("range a b", "range(2, 7)", np.arange(2.0, 7.0))
    case("range fractional step", "range(0, 1, 0.1)", np.arange(0.0, 1.0, 0.1))
    case("range arange rounding", "range(1, 1.3, 0.1)", np.arange(1.0, 1.3, 0.1))
    case("range step 0.3", "range(0, 1, 0.3)", np.arange(0.0, 1.0, 0.3))
    case("range negative step", "range(5, 0, -1)", np.arange(5.0, 0.0, -1.0))
    case("range negative fractional step", "range(1, -1, -0.25)", np.arange(1.0, -1.0, -0.25))
    case("range fractional start", "range(0.5, 3)", np.arange(0.5, 3.0))
    case("range fractional n", "range(2.5)", np.arange(2.5))
    case("range negative bounds", "range(-2.5, 2, 0.7)", np.arange(-2.5, 2.0, 0.7))
    case("range empty", "range(3, 1)", np.arange(3.0, 1.0))
    case("range empty negative step", "range(1, 3, -1)", np.arange(1.0, 3.0, -1.0))
    error("range zero step", "range(0, 1, 0)", "step")
    case("linspace", "linspace(0, 1, 5)", np.linspace(0, 1, 5))
    case("linspace negative", "linspace(-1, 2, 7)", np.linspace(-1, 2, 7))
    case("linspace decreasing", "linspace(1, 0, 4)", np.linspace(1, 0, 4))
    case("linspace thirds", "linspace(0.1, 0.7, 3)", np.linspace(0.1, 0.7, 3))
    case("linspace one", "linspace(3, 5, 1)", np.linspace(3, 5, 1))
    case("linspace zero", "linspace(0, 1, 0)", np.linspace(0, 1, 0))
    case("linspace default 50", "linspace(0, 1)", np.linspace(0, 1))
    case("linspace large range", "linspace(-1e3, 1e3, 11)", np.linspace(-1e3, 1e3, 11))
    case("causal_mask square", "causal_mask(3)", np.tril(np.ones((3, 3))))
    case("causal_mask wide", "causal_mask(2, 4)", np.tril(np.ones((2, 4))))
    case("causal_mask tall", "causal_mask(4, 2)", np.tril(np.ones((4, 2))))
    case("causal_mask 1", "causal_mask(1)", np.tril(np.ones((1, 1))))


def indexing():
    area("indexing")
    M = normal(601, 5, 6)
    v = normal(602, 8)
    T = normal(603, 3, 4, 5)
    case("row", program("M[1]", M=M), M[1])
    case("element", program("M[1, 2]", M=M), M[1, 2])
    case("column", program("M[:, 0]", M=M), M[:, 0])
    case("block", program("M[0:2, 1:]", M=M), M[0:2, 1:])
    case("negative row", program("M[-1]", M=M), M[-1])
    case("negative element", program("M[-1, -2]", M=M), M[-1, -2])
    case("reversed rows", program("M[::-1]", M=M), M[::-1])
    case("reversed columns by 2", program("M[:, ::-2]", M=M), M[:, ::-2])
    case("inner rows", program("M[1:-1]", M=M), M[1:-1])
    case("last three", program("M[-3:]", M=M), M[-3:])
    case("slice both negative step", program("M[4:0:-2, -1:1:-1]", M=M), M[4:0:-2, -1:1:-1])
    case("vector step", program("v[2:7:2]", v=v), v[2:7:2])
    case("vector reversed", program("v[::-1]", v=v), v[::-1])
    case("vector negative stop", program("v[-2:0:-1]", v=v), v[-2:0:-1])
    case("stop beyond the start", program("v[:-10:-1]", v=v), v[:-10:-1])
    case("clamped slice", program("v[-20:20]", v=v), v[-20:20])
    case("empty slice", program("v[10:]", v=v), v[10:])
    case("empty backwards slice", program("v[5:2]", v=v), v[5:2])
    case("rank 3 first axis", program("T[1]", T=T), T[1])
    case("rank 3 mixed", program("T[1, :, -1]", T=T), T[1, :, -1])
    case("rank 3 slices", program("T[:, 1:3, ::2]", T=T), T[:, 1:3, ::2])
    case("rank 3 element", program("T[-1, -1, -1]", T=T), T[-1, -1, -1])
    case("index expression", program("M[len(M) - 2, 1 + 1]", M=M), M[len(M) - 2, 2])
    case("index then transpose", program("T[0].T", T=T), T[0].T)
    error("row out of range", program("M[5]", M=M), "range")
    error("negative out of range", program("M[0, -7]", M=M), "range")
    error("too many indices", program("v[0, 0]", v=v), "indices")
    error("zero step", program("v[::0]", v=v), "step")


def softmax_family():
    area("softmax")
    v = normal(701, 8)
    M = normal(702, 4, 6)
    T = normal(703, 2, 3, 5)
    case("softmax vector", program("softmax(v)", v=v), ref_softmax(v))
    case("softmax matrix rows", program("softmax(M)", M=M), ref_softmax(M, axis=-1))
    case("softmax axis 0", program("softmax(M, axis: 0)", M=M), ref_softmax(M, axis=0))
    case("softmax rank 3 axis 1", program("softmax(T, axis: 1)", T=T), ref_softmax(T, axis=1))
    case("softmax rank 3 axis -3", program("softmax(T, axis: -3)", T=T), ref_softmax(T, axis=0))
    case("softmax temperature 0.5", program("softmax(v, temperature: 0.5)", v=v), ref_softmax(v / 0.5))
    case("softmax temperature 3 axis 0", program("softmax(M, axis: 0, temperature: 3)", M=M), ref_softmax(M / 3, axis=0))
    case("softmax low temperature", program("softmax(v, temperature: 0.01)", v=v), ref_softmax(v / 0.01))
    case("softmax 1000 1000", "softmax([1000, 1000])", ref_softmax([1000.0, 1000.0]))
    case("softmax large spread", "softmax([1000, 1000.5, -1000])", ref_softmax([1000.0, 1000.5, -1000.0]))
    case("softmax -inf entry", "softmax([-inf, 0, 1])", ref_softmax([-np.inf, 0.0, 1.0]))
    case("softmax -inf in rows", "softmax([[-inf, 1, 2], [3, -inf, -inf]])",
         ref_softmax([[-np.inf, 1.0, 2.0], [3.0, -np.inf, -np.inf]]))
    with np.errstate(invalid="ignore"):
        case("softmax all -inf is nan", "softmax([-inf, -inf])", ref_softmax([-np.inf, -np.inf]))
        case("softmax +inf is nan", "softmax([inf, 1])", ref_softmax([np.inf, 1.0]))
        case("softmax nan", "softmax([nan, 1, 2])", ref_softmax([np.nan, 1.0, 2.0]))
    case("softmax of a number", "softmax(3)", ref_softmax(3.0))
    case("softmax of an expression", program("softmax(dot(K, q))", K=M, q=normal(704, 6)), ref_softmax(M @ normal(704, 6)))
    error("softmax bad axis", "softmax([1, 2], axis: 1)", "axis")

    area("log_softmax")
    case("log_softmax vector", program("log_softmax(v)", v=v), ref_log_softmax(v))
    case("log_softmax axis 0", program("log_softmax(M, axis: 0)", M=M), ref_log_softmax(M, axis=0))
    case("log_softmax rank 3 axis 1", program("log_softmax(T, axis: 1)", T=T), ref_log_softmax(T, axis=1))
    case("log_softmax 1000 1000", "log_softmax([1000, 1000])", ref_log_softmax([1000.0, 1000.0]))
    case("log_softmax -inf entry", "log_softmax([-inf, 0, 2])", ref_log_softmax([-np.inf, 0.0, 2.0]))
    with np.errstate(invalid="ignore"):
        case("log_softmax all -inf is nan", "log_softmax([-inf, -inf])", ref_log_softmax([-np.inf, -np.inf]))
    case("log_softmax matches log of softmax", program("log_softmax(v) - log(softmax(v))", v=v),
         ref_log_softmax(v) - np.log(ref_softmax(v)))

    area("logsumexp")
    case("logsumexp vector", program("logsumexp(v)", v=v), ref_logsumexp(v))
    case("logsumexp matrix all", program("logsumexp(M)", M=M), ref_logsumexp(M))
    case("logsumexp axis 0", program("logsumexp(M, axis: 0)", M=M), ref_logsumexp(M, axis=0))
    case("logsumexp rank 3 axis -1", program("logsumexp(T, axis: -1)", T=T), ref_logsumexp(T, axis=-1))
    case("logsumexp rank 3 axis 1", program("logsumexp(T, axis: 1)", T=T), ref_logsumexp(T, axis=1))
    case("logsumexp 1000 1000", "logsumexp([1000, 1000])", ref_logsumexp([1000.0, 1000.0]))
    case("logsumexp -1000", "logsumexp([-1000, -1000, -999])", ref_logsumexp([-1000.0, -1000.0, -999.0]))
    with np.errstate(divide="ignore", invalid="ignore"):
        case("logsumexp all -inf", "logsumexp([-inf, -inf])", ref_logsumexp([-np.inf, -np.inf]))
        case("logsumexp +inf", "logsumexp([inf, 1])", ref_logsumexp([np.inf, 1.0]))
        case("logsumexp nan", "logsumexp([1, nan])", ref_logsumexp([1.0, np.nan]))
        case("logsumexp -inf rows", "logsumexp([[-inf, -inf], [0, -inf]], axis: 1)",
             ref_logsumexp([[-np.inf, -np.inf], [0.0, -np.inf]], axis=1))
    error("logsumexp bad axis", program("logsumexp(M, axis: 2)", M=M), "axis")


def attention():
    area("scores")
    Q = normal(801, 3, 8)
    K = normal(802, 5, 8)
    case("scores default scale", program("scores(Q, K)", Q=Q, K=K), Q @ K.T / np.sqrt(8))
    case("scores scale 0.5", program("scores(Q, K, scale: 0.5)", Q=Q, K=K), Q @ K.T * 0.5)
    q = normal(803, 8)
    case("scores one query", program("scores(q, K)", q=q, K=K), K @ q / np.sqrt(8))
    Qb = normal(804, 2, 3, 4)
    Kb = normal(805, 2, 5, 4)
    case("scores batch", program("scores(Q, K)", Q=Qb, K=Kb), Qb @ np.swapaxes(Kb, -1, -2) / 2)
    error("scores width mismatch", program("scores(Q, K)", Q=Q, K=normal(806, 5, 6)), "width")

    area("weights")
    case("weights", program("weights(Q, K)", Q=Q, K=K), ref_weights(Q, K))
    case("weights scale 1", program("weights(Q, K, scale: 1)", Q=Q, K=K), ref_softmax(Q @ K.T))
    rng = np.random.default_rng(807)
    mask = (rng.random((3, 5)) < 0.6).astype(float)
    mask[:, 0] = 1
    case("weights mask", program("weights(Q, K, mask: m)", Q=Q, K=K, m=mask), ref_weights(Q, K, mask=mask))
    Q4, K4 = normal(808, 4, 8), normal(809, 4, 8)
    case("weights causal", program("weights(Q, K, causal: true)", Q=Q4, K=K4), ref_weights(Q4, K4, causal=True))
    case("weights causal Lq < Lk", program("weights(Q, K, causal: true)", Q=Q, K=K), ref_weights(Q, K, causal=True))
    Q6 = normal(810, 6, 8)
    case("weights causal Lq > Lk", program("weights(Q, K, causal: true)", Q=Q6, K=normal(811, 3, 8)),
         ref_weights(Q6, normal(811, 3, 8), causal=True))
    case("weights heads 2", program("weights(Q, K, heads: 2)", Q=Q, K=K), ref_weights(Q, K, heads=2))
    case("weights heads 4", program("weights(Q, K, heads: 4)", Q=Q, K=K), ref_weights(Q, K, heads=4))
    case("weights heads 2 one query", program("weights(q, K, heads: 2)", q=q, K=K), ref_weights(q, K, heads=2))
    case("weights one query", program("weights(q, K)", q=q, K=K), ref_weights(q, K))
    case("weights batch", program("weights(Q, K)", Q=Qb, K=Kb), ref_weights(Qb, Kb))
    case("weights batch heads 2 causal", program("weights(Q, K, heads: 2, causal: true)", Q=Qb, K=Kb),
         ref_weights(Qb, Kb, heads=2, causal=True))
    pad = np.array([1.0, 1.0, 0.0, 1.0, 0.0])
    case("weights key padding mask", program("weights(Q, K, mask: p)", Q=Q, K=K, p=pad), ref_weights(Q, K, mask=pad))
    dead = np.ones((3, 5))
    dead[1] = 0
    case("weights fully masked row is zeros", program("weights(Q, K, mask: m)", Q=Q, K=K, m=dead),
         ref_weights(Q, K, mask=dead))
    hm = (np.random.default_rng(812).random((2, 3, 5)) < 0.5).astype(float)
    hm[:, :, 2] = 1
    case("weights per-head mask", program("weights(Q, K, heads: 2, mask: m)", Q=Q, K=K, m=hm),
         ref_weights(Q, K, heads=2, mask=hm))
    case("weights mask and causal", program("weights(Q, K, mask: p, causal: true)", Q=Q4, K=K4, p=[1, 0, 1, 1]),
         ref_weights(Q4, K4, mask=[1, 0, 1, 1], causal=True))
    error("weights heads do not divide", program("weights(Q, K, heads: 3)", Q=Q, K=K), "divide")
    error("weights mask does not broadcast", program("weights(Q, K, mask: [1, 0, 1])", Q=Q, K=K), "mask")

    area("attend")
    V = normal(813, 5, 8)
    case("attend basic", program("attend(Q, K, V)", Q=Q, K=K, V=V), ref_attend(Q, K, V))
    case("attend spec example", "attend([[1, 0]], [[1, 0], [0, 1]], [[1, 2], [3, 4]])",
         ref_attend([[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [3.0, 4.0]]))
    case("attend one query", program("attend(q, K, V)", q=q, K=K, V=V), ref_attend(q, K, V))
    Qa, Ka, Va = normal(814, 3, 4), normal(815, 7, 4), normal(816, 7, 5)
    case("attend Lq != Lk, dv != d", program("attend(Q, K, V)", Q=Qa, K=Ka, V=Va), ref_attend(Qa, Ka, Va))
    V6 = normal(817, 5, 6)
    case("attend heads 2", program("attend(Q, K, V, heads: 2)", Q=Q, K=K, V=V6), ref_attend(Q, K, V6, heads=2))
    case("attend heads 4", program("attend(Q, K, V, heads: 4)", Q=Q, K=K, V=V), ref_attend(Q, K, V, heads=4))
    case("attend heads 2 one query", program("attend(q, K, V, heads: 2)", q=q, K=K, V=V6),
         ref_attend(q, K, V6, heads=2))
    case("attend scale", program("attend(Q, K, V, scale: 0.25)", Q=Q, K=K, V=V), ref_attend(Q, K, V, scale=0.25))
    V4 = normal(818, 4, 3)
    case("attend causal", program("attend(Q, K, V, causal: true)", Q=Q4, K=K4, V=V4),
         ref_attend(Q4, K4, V4, causal=True))
    case("attend causal Lq < Lk", program("attend(Q, K, V, causal: true)", Q=Q, K=K, V=V),
         ref_attend(Q, K, V, causal=True))
    K3, V3 = normal(811, 3, 8), normal(819, 3, 4)
    case("attend causal Lq > Lk", program("attend(Q, K, V, causal: true)", Q=Q6, K=K3, V=V3),
         ref_attend(Q6, K3, V3, causal=True))
    case("attend causal heads 2", program("attend(Q, K, V, causal: true, heads: 2)", Q=Q6, K=K3, V=V3),
         ref_attend(Q6, K3, V3, causal=True, heads=2))
    case("attend causal_mask as mask", program("attend(Q, K, V, mask: causal_mask(3, 5))", Q=Q, K=K, V=V),
         ref_attend(Q, K, V, mask=np.tril(np.ones((3, 5)))))
    case("attend mask", program("attend(Q, K, V, mask: m)", Q=Q, K=K, V=V, m=mask), ref_attend(Q, K, V, mask=mask))
    case("attend key padding mask", program("attend(Q, K, V, mask: p)", Q=Q, K=K, V=V, p=pad),
         ref_attend(Q, K, V, mask=pad))
    rowmask = np.array([[1.0], [0.0], [1.0]])
    case("attend row mask, one row fully masked", program("attend(Q, K, V, mask: m)", Q=Q, K=K, V=V, m=rowmask),
         ref_attend(Q, K, V, mask=rowmask))
    case("attend fully masked row is zeros", program("attend(Q, K, V, mask: m)", Q=Q, K=K, V=V, m=dead),
         ref_attend(Q, K, V, mask=dead))
    case("attend everything masked", program("attend(Q, K, V, mask: zeros([3, 5]))", Q=Q, K=K, V=V),
         ref_attend(Q, K, V, mask=np.zeros((3, 5))))
    case("attend boolean mask expression", program("attend(Q, K, V, mask: K[:, 0] > 0)", Q=Q, K=K, V=V),
         ref_attend(Q, K, V, mask=K[:, 0] > 0))
    case("attend per-head mask", program("attend(Q, K, V, heads: 2, mask: m)", Q=Q, K=K, V=V6, m=hm),
         ref_attend(Q, K, V6, heads=2, mask=hm))
    case("attend mask and causal", program("attend(Q, K, V, mask: [1, 0, 1, 1], causal: true)", Q=Q4, K=K4, V=V4),
         ref_attend(Q4, K4, V4, mask=[1, 0, 1, 1], causal=True))
    Qb3, Kb3, Vb3 = normal(820, 2, 4, 8), normal(821, 2, 6, 8), normal(822, 2, 6, 4)
    case("attend batch", program("attend(Q, K, V)", Q=Qb3, K=Kb3, V=Vb3), ref_attend(Qb3, Kb3, Vb3))
    case("attend batch heads 2", program("attend(Q, K, V, heads: 2)", Q=Qb3, K=Kb3, V=Vb3),
         ref_attend(Qb3, Kb3, Vb3, heads=2))
    case("attend batch heads 4 causal", program("attend(Q, K, V, heads: 4, causal: true)", Q=Qb3, K=Kb3, V=Vb3),
         ref_attend(Qb3, Kb3, Vb3, heads=4, causal=True))
    bpad = np.array([[[1.0, 1.0, 1.0, 0.0, 0.0, 0.0]], [[1.0, 1.0, 1.0, 1.0, 1.0, 0.0]]])  # [2, 1, 6]
    case("attend batch key padding", program("attend(Q, K, V, mask: m)", Q=Qb3, K=Kb3, V=Vb3, m=bpad),
         ref_attend(Qb3, Kb3, Vb3, mask=bpad))
    case("attend batch heads padding [B,1,1,Lk]", program("attend(Q, K, V, heads: 2, mask: m)", Q=Qb3, K=Kb3, V=Vb3,
                                                          m=bpad[:, None]),
         ref_attend(Qb3, Kb3, Vb3, heads=2, mask=bpad[:, None]))
    Ks, Vs = normal(823, 6, 8), normal(824, 6, 4)
    case("attend batch Q, shared K and V", program("attend(Q, K, V)", Q=Qb3, K=Ks, V=Vs), ref_attend(Qb3, Ks, Vs))
    Q22 = normal(825, 2, 1, 3, 4)
    K22 = normal(826, 3, 5, 4)
    V22 = normal(827, 5, 2)
    case("attend broadcast batch axes", program("attend(Q, K, V)", Q=Q22, K=K22, V=V22), ref_attend(Q22, K22, V22))
    Kvb, Vvb = normal(829, 2, 5, 8), normal(838, 2, 5, 3)
    case("weights one query, batched keys", program("weights(q, K)", q=q, K=Kvb), ref_weights(q, Kvb))
    case("attend one query, batched keys", program("attend(q, K, V)", q=q, K=Kvb, V=Vvb), ref_attend(q, Kvb, Vvb))
    case("attend batch with a 2-D mask", program("attend(Q, K, V, mask: m)", Q=Qb3, K=Kb3, V=Vb3,
                                                  m=(np.random.default_rng(839).random((4, 6)) < 0.5)),
         ref_attend(Qb3, Kb3, Vb3, mask=(np.random.default_rng(839).random((4, 6)) < 0.5)))
    # A vector V is a column of values: softmax(Q Kᵀ/√d) @ V drops that axis, as numpy.matmul does.
    vv = normal(857, 5)
    case("attend vector V", program("attend(Q, K, v)", Q=Q, K=K, v=vv),
         ref_weights(Q, K) @ vv)
    case("attend one query, vector V", program("attend(q, K, v)", q=q, K=K, v=vv),
         ref_weights(q, K) @ vv)
    case("dot_attention vector V", program("dot_attention(Q, K, v)", Q=Q, K=K, v=vv),
         ref_weights(Q, K, scale=1.0) @ vv)
    error("attend heads do not divide d", program("attend(Q, K, V, heads: 3)", Q=Q, K=K, V=V), "divide")
    error("attend heads do not divide dv", program("attend(Q, K, V, heads: 2)", Q=Qa, K=Ka, V=Va), "divide")
    error("attend width mismatch", program("attend(Q, K, V)", Q=Q, K=Ka, V=Va), "width")
    error("attend key count mismatch", program("attend(Q, K, V)", Q=Q, K=K, V=Va), "rows")
    error("attend mask does not broadcast", program("attend(Q, K, V, mask: ones([5, 3]))", Q=Q, K=K, V=V), "mask")
    error("attend batch mismatch", program("attend(Q, K, V)", Q=Qb3, K=normal(828, 3, 6, 8), V=Vb3), "broadcast")

    bias_cases(Q, K, V, q, Q4, K4, V4, Qb3, Kb3, Vb3)

    area("multi-head attention")
    d = 8
    X = normal(830, 5, d)
    W = [normal(831 + i, d, d) / np.sqrt(d) for i in range(4)]
    ws = dict(Wq=W[0], Wk=W[1], Wv=W[2], Wo=W[3])
    case("self-attention heads 2",
         program("attend(X, X, X, heads: 2, Wq: Wq, Wk: Wk, Wv: Wv, Wo: Wo)", X=X, **ws),
         ref_mha(X, X, X, W[0], W[1], W[2], W[3], 2))
    case("self-attention heads 1",
         program("attend(X, X, X, Wq: Wq, Wk: Wk, Wv: Wv, Wo: Wo)", X=X, **ws),
         ref_mha(X, X, X, W[0], W[1], W[2], W[3], 1))
    Xq = normal(835, 3, d)
    Xkv = normal(836, 6, d)
    case("cross-attention heads 4",
         program("attend(Xq, Xkv, Xkv, heads: 4, Wq: Wq, Wk: Wk, Wv: Wv, Wo: Wo)", Xq=Xq, Xkv=Xkv, **ws),
         ref_mha(Xq, Xkv, Xkv, W[0], W[1], W[2], W[3], 4))
    Xb = normal(837, 2, 4, d)
    case("batched causal self-attention heads 2",
         program("attend(X, X, X, heads: 2, causal: true, Wq: Wq, Wk: Wk, Wv: Wv, Wo: Wo)", X=Xb, **ws),
         ref_mha(Xb, Xb, Xb, W[0], W[1], W[2], W[3], 2, causal=True))
    case("projections without Wo",
         program("attend(X, X, X, heads: 4, Wq: Wq, Wk: Wk, Wv: Wv)", X=X, Wq=W[0], Wk=W[1], Wv=W[2]),
         ref_mha(X, X, X, W[0], W[1], W[2], np.eye(d), 4))
    case("one query with projections",
         program("attend(x, X, X, heads: 2, Wq: Wq, Wk: Wk, Wv: Wv, Wo: Wo)", x=X[2], X=X, **ws),
         ref_mha(X[2:3], X, X, W[0], W[1], W[2], W[3], 2)[0])
    case("projections by hand", program("attend(X @ Wq, X @ Wk, X @ Wv, heads: 2) @ Wo", X=X, **ws),
         ref_mha(X, X, X, W[0], W[1], W[2], W[3], 2))

    area("dot_attention")
    Qd, Kd, Vd = normal(840, 3, 4), normal(841, 5, 4), normal(842, 5, 3)
    case("dot_attention", program("dot_attention(Q, K, V)", Q=Qd, K=Kd, V=Vd), ref_attend(Qd, Kd, Vd, scale=1.0))
    case("dot_attention one query", program("dot_attention(q, K, V)", q=Qd[0], K=Kd, V=Vd),
         ref_attend(Qd[0], Kd, Vd, scale=1.0))
    case("dot_attention causal", program("dot_attention(Q, K, V, causal: true)", Q=Qd, K=Kd, V=Vd),
         ref_attend(Qd, Kd, Vd, scale=1.0, causal=True))
    case("dot_attention mask", program("dot_attention(Q, K, V, mask: m)", Q=Qd, K=Kd, V=Vd, m=mask),
         ref_attend(Qd, Kd, Vd, scale=1.0, mask=mask))
    case("dot_attention by hand", program("softmax(Q @ K.T) @ V", Q=Qd, K=Kd, V=Vd), ref_softmax(Qd @ Kd.T) @ Vd)

    area("additive")
    case("additive without weights", program("additive(Q, K, V)", Q=Qd, K=Kd, V=Vd), ref_additive(Qd, Kd, Vd))
    case("additive spec example", "additive([[0, 0]], [[1, 1], [-1, -1]], [[1], [3]])",
         ref_additive([[0.0, 0.0]], [[1.0, 1.0], [-1.0, -1.0]], [[1.0], [3.0]]))
    Kw = normal(843, 5, 3)
    Wq, Wk, va = normal(844, 4, 6), normal(845, 3, 6), normal(846, 6)
    case("additive Bahdanau", program("additive(Q, K, V, Wq: Wq, Wk: Wk, v: a)", Q=Qd, K=Kw, V=Vd, Wq=Wq, Wk=Wk, a=va),
         ref_additive(Qd, Kw, Vd, Wq=Wq, Wk=Wk, v=va))
    case("additive one query", program("additive(q, K, V, Wq: Wq, Wk: Wk, v: a)", q=Qd[1], K=Kw, V=Vd, Wq=Wq, Wk=Wk,
                                       a=va),
         ref_additive(Qd[1], Kw, Vd, Wq=Wq, Wk=Wk, v=va))
    case("additive v only", program("additive(Q, K, V, v: a)", Q=Qd, K=Kd, V=Vd, a=va[:4]),
         ref_additive(Qd, Kd, Vd, v=va[:4]))
    case("additive weights without v", program("additive(Q, K, V, Wq: Wq, Wk: Wk)", Q=Qd, K=Kw, V=Vd, Wq=Wq, Wk=Wk),
         ref_additive(Qd, Kw, Vd, Wq=Wq, Wk=Wk))
    Qab, Kab, Vab = normal(847, 2, 3, 4), normal(848, 2, 5, 4), normal(849, 2, 5, 2)
    case("additive batch", program("additive(Q, K, V)", Q=Qab, K=Kab, V=Vab), ref_additive(Qab, Kab, Vab))
    error("additive v of the wrong length", program("additive(Q, K, V, v: [1, 2])", Q=Qd, K=Kd, V=Vd), "shape")

    area("seed helpers")
    qs, Ks_ = normal(850, 4), normal(851, 6, 4)
    case("attention_weights", program("attention_weights(q, K)", q=qs, K=Ks_), ref_seed_attention_weights(qs, Ks_))
    case("attention_weights seed case", "attention_weights([0.5, 0.5], [1, 1])",
         ref_seed_attention_weights(np.array([0.5, 0.5]), np.array([1.0, 1.0])))
    case("attention_weights spec example", "attention_weights([0.5, 0.5], [[1, 1], [1, -1]])",
         ref_seed_attention_weights(np.array([0.5, 0.5]), np.array([[1.0, 1.0], [1.0, -1.0]])))
    X5 = normal(852, 5, 3)
    w5 = ref_softmax(normal(853, 5))
    case("weighted_sum rows", program("weighted_sum(X, w)", X=X5, w=w5), np.tensordot(w5, X5, axes=(0, 0)))
    case("weighted_sum vectors", program("weighted_sum(x, w)", x=X5[:, 0], w=w5), np.dot(X5[:, 0], w5))
    case("weighted_sum scalar weight", program("weighted_sum(X, 0.25)", X=X5), np.dot(X5, 0.25))
    X3 = normal(854, 3, 2, 4)
    w3 = np.array([0.2, 0.3, 0.5])
    case("weighted_sum rank 3", program("weighted_sum(X, w)", X=X3, w=w3), np.tensordot(w3, X3, axes=(0, 0)))
    # The seed article's program (section 5): x, q, k, then weighted_sum(x, attention_weights(q, k)).
    seed_w = ref_seed_attention_weights(np.array([0.5, 0.5]), np.array([1.0, 1.0]))
    case("seed program",
         "x = [1, 2, 3, 4, 5]\nq = [0.5, 0.5]\nk = [1, 1]\nw = attention_weights(q, k)\nweighted_sum(x, w)",
         np.dot(np.array([1.0, 2, 3, 4, 5]), seed_w))
    case("attention by the seed's steps", program("weighted_sum(V, attention_weights(q, K) )", q=qs, K=Ks_,
                                                  V=normal(855, 6, 3)),
         np.tensordot(ref_seed_attention_weights(qs, Ks_), normal(855, 6, 3), axes=(0, 0)))
    error("weighted_sum mismatch", program("weighted_sum(X, [0.5, 0.5])", X=X5), "weight")


def language():
    """Statements around the expression under test: comments, `;`, continuation
    lines, plain assignment, user functions (recursion) and `if`."""
    area("language")
    A = normal(950, 3, 4)
    x = normal(951, 4)
    case("comments and semicolons", program("let y = x * 2; # doubled\ny + 1  # and shifted", x=x), x * 2 + 1)
    case("continuation inside brackets", "let A = [[1, 2],\n         [3, 4]]\nA @ A",
         np.array([[1.0, 2], [3, 4]]) @ np.array([[1.0, 2], [3, 4]]))
    case("continuation after an operator", program("x +\n  x *\n  3", x=x), x + x * 3)
    case("continuation after a comma", program("softmax(x,\n        axis: 0)", x=x), ref_softmax(x, axis=0))
    case("plain assignment and rebinding", program("y = x\ny = y * y\ny", x=x), x * x)
    case("user function", program("let f(a, b) = softmax(a @ b.T) @ b\nf(A, A)", A=A), ref_softmax(A @ A.T) @ A)
    case("user function named arguments", program("let g(a, t) = softmax(a, temperature: t)\ng(t: 2, a: x)", x=x),
         ref_softmax(x / 2))
    case("recursive function", "let fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfact(10)", math.factorial(10))
    case("lexical scope", "let s = 10\nlet f(x) = x + s\nlet s = 20\nf(1)", 21.0)
    case("if then else", program("if sum(x) > 0 then max(x) else min(x)", x=x), np.max(x) if np.sum(x) > 0 else np.min(x))
    case("underscore is the last value", program("sum(x)\n_ * 2", x=x), np.sum(x) * 2)
    error("unknown name", "sotfmax([1, 2])", "softmax")
    error("misspelled argument", "softmax([1, 2], axs: 0)", "axis")

    area("seed worked example")
    # Section 4.3 of the seed: q = (0.5, 0.5) and k = (1, 1) give similarity 1 (the
    # article says 0.5); two equal similarities give weights 0.5 each, and
    # 0.5·1 + 0.5·2 = 1.5.
    case("similarity", "dot([0.5, 0.5], [1, 1])", np.dot([0.5, 0.5], [1.0, 1.0]))
    case("two equal similarities", "softmax([dot([0.5, 0.5], [1, 1]), dot([0.5, 0.5], [1, 1])])",
         ref_softmax([1.0, 1.0]))
    case("weighted sum 1.5", "weighted_sum([1, 2], attention_weights([0.5, 0.5], [[1, 1], [1, 1]]))",
         np.dot([1.0, 2.0], ref_seed_attention_weights(np.array([0.5, 0.5]), np.array([[1.0, 1], [1, 1]]))))


def bias_cases(Q, K, V, q, Q4, K4, V4, Qb3, Kb3, Vb3):
    """bias: (PyTorch's float attn_mask, added to the scaled scores) alone and with
    mask, causal, heads and batch broadcasting; rows it excludes; masks that are
    not 0/1 (an error that points to bias:)."""
    area("bias")
    B = normal(901, 3, 5)
    case("weights bias", program("weights(Q, K, bias: B)", Q=Q, K=K, B=B), ref_weights(Q, K, bias=B))
    attend_case("attend bias", program("attend(Q, K, V, bias: B)", Q=Q, K=K, V=V, B=B), Q, K, V, bias=B)
    attend_case("attend bias scale 0.5", program("attend(Q, K, V, bias: B, scale: 0.5)", Q=Q, K=K, V=V, B=B),
                Q, K, V, bias=B, scale=0.5)
    Binf = B.copy()
    Binf[0, 1] = Binf[1, 3] = Binf[2, 0] = Binf[2, 4] = -np.inf
    case("weights bias with -inf", program("weights(Q, K, bias: B)", Q=Q, K=K, B=Binf), ref_weights(Q, K, bias=Binf))
    attend_case("attend bias with -inf", program("attend(Q, K, V, bias: B)", Q=Q, K=K, V=V, B=Binf),
                Q, K, V, bias=Binf)
    Bdead = B.copy()
    Bdead[1] = -np.inf
    case("weights row excluded by bias is zeros", program("weights(Q, K, bias: B)", Q=Q, K=K, B=Bdead),
         ref_weights(Q, K, bias=Bdead))
    attend_case("attend row excluded by bias is zeros", program("attend(Q, K, V, bias: B)", Q=Q, K=K, V=V, B=Bdead),
                Q, K, V, bias=Bdead)
    # Row 0 loses keys 0, 2 to the mask and the rest to -inf bias: nothing left.
    mixed_mask = np.ones((3, 5))
    mixed_mask[0, [0, 2]] = 0
    Bmix = B.copy()
    Bmix[0, [1, 3, 4]] = -np.inf
    attend_case("attend row excluded by mask and bias together",
                program("attend(Q, K, V, mask: m, bias: B)", Q=Q, K=K, V=V, m=mixed_mask, B=Bmix),
                Q, K, V, mask=mixed_mask, bias=Bmix)
    attend_case("attend everything -inf", program("attend(Q, K, V, bias: -inf)", Q=Q, K=K, V=V),
                Q, K, V, bias=-np.inf)
    B4 = normal(902, 4, 4)
    B4[3, 2] = -np.inf
    attend_case("attend bias, mask and causal",
                program("attend(Q, K, V, bias: B, mask: [1, 0, 1, 1], causal: true)", Q=Q4, K=K4, V=V4, B=B4),
                Q4, K4, V4, bias=B4, mask=[1, 0, 1, 1], causal=True)
    case("weights bias, mask and causal",
         program("weights(Q, K, bias: B, mask: [1, 0, 1, 1], causal: true)", Q=Q4, K=K4, B=B4),
         ref_weights(Q4, K4, bias=B4, mask=[1, 0, 1, 1], causal=True))
    B4c = B4.copy()
    B4c[:, 0] = -np.inf  # query 0 may see only key 0 (causal), which the bias excludes
    attend_case("attend causal row excluded by bias",
                program("attend(Q, K, V, bias: B, causal: true)", Q=Q4, K=K4, V=V4, B=B4c),
                Q4, K4, V4, bias=B4c, causal=True)
    attend_case("attend bias with a boolean mask expression",
                program("attend(Q, K, V, mask: K[:, 0] > 0, bias: B)", Q=Q, K=K, V=V, B=B),
                Q, K, V, mask=K[:, 0] > 0, bias=B)
    V6 = normal(817, 5, 6)
    Bh = normal(903, 2, 3, 5)
    Bh[1, 2, :] = -np.inf
    attend_case("attend heads 2, per-head bias", program("attend(Q, K, V, heads: 2, bias: B)", Q=Q, K=K, V=V6, B=Bh),
                Q, K, V6, heads=2, bias=Bh)
    case("weights heads 2, per-head bias", program("weights(Q, K, heads: 2, bias: B)", Q=Q, K=K, B=Bh),
         ref_weights(Q, K, heads=2, bias=Bh))
    attend_case("attend heads 2, shared bias", program("attend(Q, K, V, heads: 2, bias: B)", Q=Q, K=K, V=V6, B=B),
                Q, K, V6, heads=2, bias=B)
    Bb = normal(904, 2, 1, 4, 6)  # per batch entry, shared by the heads
    attend_case("attend batch heads 2, bias [B, 1, Lq, Lk]",
                program("attend(Q, K, V, heads: 2, bias: B)", Q=Qb3, K=Kb3, V=Vb3, B=Bb),
                Qb3, Kb3, Vb3, heads=2, bias=Bb)
    Bhb = normal(905, 4, 4, 6)  # per head, shared by the batch
    attend_case("attend batch heads 4, bias [heads, Lq, Lk]",
                program("attend(Q, K, V, heads: 4, bias: B, causal: true)", Q=Qb3, K=Kb3, V=Vb3, B=Bhb),
                Qb3, Kb3, Vb3, heads=4, bias=Bhb, causal=True)
    pad = np.array([0.0, 0.0, -1.5, 0.0, -np.inf, -np.inf])  # a float key-padding bias [Lk]
    attend_case("attend batch, key padding bias [Lk]", program("attend(Q, K, V, bias: p)", Q=Qb3, K=Kb3, V=Vb3, p=pad),
                Qb3, Kb3, Vb3, bias=pad)
    bpad = np.array([[[1.0, 1.0, 1.0, 0.0, 0.0, 0.0]], [[1.0, 1.0, 1.0, 1.0, 1.0, 0.0]]])
    Bfull = normal(906, 2, 2, 4, 6)
    attend_case("attend batch heads 2, bias [B, h, Lq, Lk] and mask [B, 1, Lk]",
                program("attend(Q, K, V, heads: 2, bias: B, mask: m)", Q=Qb3, K=Kb3, V=Vb3, B=Bfull, m=bpad),
                Qb3, Kb3, Vb3, heads=2, bias=Bfull, mask=bpad)
    attend_case("attend one query, bias [Lk]", program("attend(q, K, V, bias: b)", q=q, K=K, V=V, b=B[0]),
                q, K, V, bias=B[0])
    attend_case("dot_attention bias", program("dot_attention(Q, K, V, bias: B)", Q=Q, K=K, V=V, B=Binf),
                Q, K, V, scale=1.0, bias=Binf)
    # Integer scores with scale 1: adding -1e9 to a whole row is exact, and a
    # finite bias, however negative, excludes nothing.
    Qi, Ki, Vi = [[1.0, 0.0], [0.0, 2.0]], [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [[10.0, 0.0], [0.0, 10.0], [5.0, 5.0]]
    Bbig = np.array([[-1e9, -1e9, -1e9], [0.0, -1e9, 0.0]])
    attend_case("attend -1e9 bias down-weights, does not exclude",
                "attend([[1, 0], [0, 2]], [[1, 0], [0, 1], [1, 1]], [[10, 0], [0, 10], [5, 5]], scale: 1, "
                "bias: [[-1e9, -1e9, -1e9], [0, -1e9, 0]])", Qi, Ki, Vi, scale=1.0, bias=Bbig)
    Bnan = B.copy()
    Bnan[0, 2] = np.nan
    Bnan[2, 1] = np.inf
    attend_case("attend nan and +inf bias make their rows nan", program("attend(Q, K, V, bias: B)", Q=Q, K=K, V=V, B=Bnan),
                Q, K, V, bias=Bnan)
    case("weights nan and +inf bias make their rows nan", program("weights(Q, K, bias: B)", Q=Q, K=K, B=Bnan),
         ref_weights(Q, K, bias=Bnan))
    # A nan bias at a key the mask excludes is never added (PyTorch, which has
    # one attn_mask, cannot express this; the -inf it would fold in plus nan is nan).
    Bmasked_nan = B.copy()
    Bmasked_nan[1, 3] = np.nan
    hide = np.ones((3, 5))
    hide[1, 3] = 0
    case("attend nan bias at a masked key is ignored",
         program("attend(Q, K, V, mask: m, bias: B)", Q=Q, K=K, V=V, m=hide, B=Bmasked_nan),
         ref_attend(Q, K, V, mask=hide, bias=Bmasked_nan))
    error("attend mask -1e9 points to bias", program("attend(Q, K, V, mask: [[0, -1e9, 0, 0, 0]])", Q=Q, K=K, V=V),
          "bias:")
    error("weights mask -1e9 points to bias", program("weights(Q, K, mask: m)", Q=Q, K=K, m=np.where(hide == 0, -1e9, 0)),
          "bias:")
    error("dot_attention mask -inf points to bias", program("dot_attention(Q, K, V, mask: [0, 0, -inf, 0, 0])",
                                                            Q=Q, K=K, V=V), "bias:")
    error("attend nan in mask", program("attend(Q, K, V, mask: [1, nan, 1, 1, 1])", Q=Q, K=K, V=V), "0 and 1")
    error("attend mask 0.5", program("attend(Q, K, V, mask: 0.5)", Q=Q, K=K, V=V), "0 and 1")
    error("attend bias does not broadcast", program("attend(Q, K, V, bias: ones([5, 3]))", Q=Q, K=K, V=V), "bias")


def sweeps():
    """Randomized shapes, checked the same way: broadcasting, slicing and attention
    with batch axes that broadcast, heads, masks of every broadcastable shape, causal."""
    rng = np.random.default_rng(900)

    area("broadcast sweep")
    ops = [("+", np.add), ("-", np.subtract), ("*", np.multiply), ("/", np.divide), (">", np.greater)]
    for n in range(10):
        full = tuple(int(x) for x in rng.integers(1, 4, rng.integers(1, 4)))
        def part():
            keep = int(rng.integers(0, len(full) + 1))
            sh = [1 if rng.random() < 0.4 else x for x in full[len(full) - keep:]]
            return tuple(sh)
        a, b = rng.standard_normal(part()), rng.standard_normal(part())
        sym, f = ops[n % len(ops)]
        case(f"broadcast {n} {a.shape} {sym} {b.shape}", program(f"a {sym} b", a=a, b=b), f(a, b))

    area("slicing sweep")
    T = rng.standard_normal((4, 5, 6))
    for n in range(14):
        items, key = [], []
        for axis in range(int(rng.integers(1, 4))):
            length = T.shape[axis]
            if rng.random() < 0.3:
                i = int(rng.integers(-length, length))
                items.append(str(i))
                key.append(i)
            else:
                start = int(rng.integers(-length - 2, length + 2)) if rng.random() < 0.6 else None
                stop = int(rng.integers(-length - 2, length + 2)) if rng.random() < 0.6 else None
                step = int(rng.choice([-3, -2, -1, 1, 2, 3])) if rng.random() < 0.6 else None
                text = ("" if start is None else str(start)) + ":" + ("" if stop is None else str(stop))
                if step is not None:
                    text += ":" + str(step)
                items.append(text)
                key.append(slice(start, stop, step))
        expr = "T[" + ", ".join(items) + "]"
        case(f"slice {n} {expr}", program(expr, T=T), T[tuple(key)])

    area("attention sweep")
    for n in range(24):
        heads = int(rng.choice([1, 1, 2, 3, 4]))
        d = heads * int(rng.integers(1, 4))
        dv = heads * int(rng.integers(1, 4))
        lq, lk = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        batch = tuple(int(x) for x in rng.integers(1, 4, int(rng.integers(0, 3))))
        def batched(*tail):
            keep = int(rng.integers(0, len(batch) + 1))
            sh = [1 if rng.random() < 0.3 else x for x in batch[len(batch) - keep:]]
            return rng.standard_normal(tuple(sh) + tail)
        vector = rng.random() < 0.2
        Q = rng.standard_normal(d) if vector else batched(lq, d)
        K, V = batched(lk, d), batched(lk, dv)
        full_batch = np.broadcast_shapes(Q.shape[:-2] if not vector else (), K.shape[:-2], V.shape[:-2])
        target = full_batch + ((heads,) if heads > 1 else ()) + ((1 if vector else lq), lk)
        args, kwargs = [], {}
        mask = None
        if rng.random() < 0.6:
            drop = int(rng.integers(0, len(target) - 1))
            mshape = tuple(1 if rng.random() < 0.35 else x for x in target[drop:])
            mask = (rng.random(mshape) < 0.7).astype(float)
            args.append("mask: m")
            kwargs["m"] = mask
        causal = bool(rng.random() < 0.3)
        if causal:
            args.append("causal: true")
        scale = None
        if rng.random() < 0.25:
            scale = float(np.round(rng.uniform(0.1, 2), 3))
            args.append(f"scale: {num(scale)}")
        if heads > 1 or rng.random() < 0.3:
            args.append(f"heads: {heads}")
        extra = "".join(", " + x for x in args)
        if n % 3 == 2:
            case(f"weights {n} Q{Q.shape} K{K.shape} {' '.join(args)}".strip(),
                 program(f"weights(Q, K{extra})", Q=Q, K=K, **kwargs),
                 ref_weights(Q, K, scale=scale, mask=mask, causal=causal, heads=heads))
        else:
            case(f"attend {n} Q{Q.shape} K{K.shape} V{V.shape} {' '.join(args)}".strip(),
                 program(f"attend(Q, K, V{extra})", Q=Q, K=K, V=V, **kwargs),
                 ref_attend(Q, K, V, scale=scale, mask=mask, causal=causal, heads=heads))


def bias_sweep():
    """Random attention cases with a bias of a random broadcastable shape
    (-inf entries included), with or without a mask, causal, heads and batch axes."""
    rng = np.random.default_rng(960)
    area("bias sweep")
    for n in range(16):
        heads = int(rng.choice([1, 2, 3]))
        d, dv = heads * int(rng.integers(1, 4)), heads * int(rng.integers(1, 4))
        lq, lk = int(rng.integers(1, 7)), int(rng.integers(1, 7))
        batch = tuple(int(x) for x in rng.integers(1, 4, int(rng.integers(0, 3))))
        Q, K, V = (rng.standard_normal(batch + (length, width)) for length, width in ((lq, d), (lk, d), (lk, dv)))
        target = batch + ((heads,) if heads > 1 else ()) + (lq, lk)
        drop = int(rng.integers(0, len(target) - 1))
        bshape = tuple(1 if rng.random() < 0.35 else x for x in target[drop:])
        bias = rng.standard_normal(bshape) * 2
        bias[rng.random(bshape) < 0.2] = -np.inf
        args, kwargs, options = ["bias: B"], {"B": bias}, {"bias": bias, "heads": heads}
        if rng.random() < 0.4:
            mask = (rng.random(target[-2:]) < 0.7).astype(float)
            args.append("mask: m")
            kwargs["m"] = mask
            options["mask"] = mask
        if rng.random() < 0.3:
            args.append("causal: true")
            options["causal"] = True
        if heads > 1:
            args.append(f"heads: {heads}")
        extra = "".join(", " + x for x in args)
        name = f"attend {n} Q{Q.shape} K{K.shape} V{V.shape} bias{bshape} {' '.join(args[1:])}".strip()
        attend_case(name, program(f"attend(Q, K, V{extra})", Q=Q, K=K, V=V, **kwargs), Q, K, V, **options)


def main():
    # nan and inf results are deliberate here: no warnings.
    with np.errstate(all="ignore"):
        elementwise()
        arithmetic()
        linear_algebra()
        reductions()
        shapes()
        construction()
        indexing()
        softmax_family()
        attention()
        language()
        sweeps()
        bias_sweep()
    write_cases(CASES, OUT, ROOT)
    if torch is not None:
        print(f"checked {len(TORCH_CHECKED)} attend cases with a bias against PyTorch {torch.__version__}'s "
              "scaled_dot_product_attention")
    else:
        print("PyTorch is not importable: the bias cases were not cross-checked against it")


if __name__ == "__main__":
    main()
