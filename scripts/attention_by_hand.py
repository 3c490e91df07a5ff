"""Computes, with numpy, every number claimed in examples/attention-by-hand.md.

The tutorial's claims were copied from this script's output, so that they
come from an independent implementation rather than from attn itself.
Run: python3 scripts/attention_by_hand.py
"""
import numpy as np

np.set_printoptions(precision=6)


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


q = np.array([1.0, 0.0])
K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
V = np.array([[10.0, 0.0], [0.0, 10.0], [5.0, 5.0]])

print("1. scores K @ q:", K @ q)
print("2. softmax, unscaled:", repr(softmax(K @ q)))
print("   exp(1) / (exp(1) + exp(0) + exp(1)):", np.exp(1) / (np.exp(1) + np.exp(0) + np.exp(1)))
print("3. scaled scores:", repr(K @ q / np.sqrt(2)))
w = softmax(K @ q / np.sqrt(2))
print("   scaled weights:", repr(w))
print("   weights sum:", w.sum())
print("4. output w @ V:", repr(w @ V))

Q = np.array([[1.0, 0.0], [0.0, 1.0]])
W = softmax(Q @ K.T / np.sqrt(2))
print("5. weights(Q, K):", repr(W))
print("   attend(Q, K, V):", repr(W @ V))

S = K @ K.T / np.sqrt(2)
S = np.where(np.tril(np.ones((3, 3))) > 0, S, -np.inf)
Wc = softmax(S)
print("6. causal weights:", repr(Wc))
print("   causal output:", repr(Wc @ V))

X = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0]])
outs = []
for t in range(2):
    x = X[:, 2 * t:2 * t + 2]
    outs.append(softmax(x @ x.T / np.sqrt(2)) @ x)
print("7. two heads:", repr(np.concatenate(outs, axis=1)))
