# The Python dialect's golden corpus: small whole programs of the kind
# tutorials print from, mixing the language and numpy.

#: memoized recursion with a dict
cache = {}
def ways(n):
    if n in cache:
        return cache[n]
    result = 1 if n <= 1 else ways(n - 1) + ways(n - 2)
    cache[n] = result
    return result
print([ways(i) for i in range(10)], len(cache))

#: iterator class with __iter__ and __next__
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1
print(list(Countdown(3)), sum(Countdown(4)))
for n in Countdown(2):
    print("tick", n)

#: callable objects
class Scale:
    def __init__(self, factor):
        self.factor = factor
    def __call__(self, x):
        return x * self.factor
double = Scale(2)
print(double(21), list(map(double, [1, 2])), callable(double))

#: module-like layer classes with numpy
import numpy as np
class Linear:
    def __init__(self, w, b):
        self.w = np.array(w, dtype=np.float64)
        self.b = np.array(b, dtype=np.float64)
    def __call__(self, x):
        return x @ self.w.T + self.b
    def __repr__(self):
        out_features, in_features = self.w.shape
        return f"Linear(in_features={in_features}, out_features={out_features})"
class ReLU:
    def __call__(self, x):
        return np.maximum(x, 0)
class Sequential:
    def __init__(self, *layers):
        self.layers = layers
    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x
net = Sequential(Linear([[1.0, -1.0], [0.5, 2.0]], [0.0, -1.0]), ReLU())
x = np.array([[1.0, 2.0], [3.0, -1.0]])
print(net.layers[0], net(x))

#: layer norm by hand
import numpy as np
x = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]])
mean = x.mean(axis=-1, keepdims=True)
var = x.var(axis=-1, keepdims=True)
normed = (x - mean) / np.sqrt(var + 1e-5)
print(mean, var, normed, sep="\n")

#: causal mask with where
import numpy as np
n = 4
scores = np.arange(n * n, dtype=float).reshape(n, n) / 10
rows = np.arange(n).reshape(n, 1)
cols = np.arange(n).reshape(1, n)
masked = np.where(cols <= rows, scores, -np.inf)
e = np.exp(masked - masked.max(axis=1, keepdims=True))
print(masked)
print(e / e.sum(axis=1, keepdims=True))

#: printing a table with f-strings
rows = [("softmax", 0.123456, 3), ("attention", 12.5, 10), ("layer norm", 1e-3, 7)]
print(f"{'name':<12}{'value':>10}{'n':>4}")
for name, value, count in rows:
    print(f"{name:<12}{value:>10.4f}{count:>4d}")
print("-" * 26)
print(f"{'total':<12}{sum(r[1] for r in rows):>10.4f}{sum(r[2] for r in rows):>4}")

#: word statistics
text = """attention is all you need
attention weights sum to one
you need softmax"""
words = text.split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print(len(words), len(freq), top)
print({w for w in words if len(w) > 6} == {"attention", "softmax", "weights"})
lines = text.splitlines()
print([len(line.split()) for line in lines], max(lines, key=len))

#: matrix utilities in pure python
def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]
def transpose(m):
    return [list(r) for r in zip(*m)]
A = [[1, 2], [3, 4], [5, 6]]
B = [[1, 0, 2], [0, 1, 3]]
print(matmul(A, B), transpose(A), matmul(B, A))

#: exceptions carry their message
class ShapeError(ValueError):
    pass
def check(shape):
    if len(shape) != 2:
        raise ShapeError(f"expected 2 axes, got {len(shape)}")
    return shape
print(check((2, 3)), issubclass(ShapeError, ValueError), ShapeError("x").args, str(ShapeError("boom")))
check((1, 2, 3))

#: numpy printing of float32 and int32
import numpy as np
a = np.array([0.1, 0.25, 1.0 / 3.0], dtype=np.float32)
b = np.array([1, -2, 30], dtype=np.int32)
print(a, repr(a), b, repr(b), a.sum(), repr(a.mean()), b.sum(), repr(b.sum()), a.dtype, b.dtype)
print(np.array([[1.5, 2.0], [3.25, 4.0]], dtype=np.float32))

#: nested printoptions contexts
import numpy as np
x = np.array([3.14159265, 2.71828183])
with np.printoptions(precision=2):
    print(x)
    with np.printoptions(precision=5, suppress=True):
        print(x / 1000)
    print(x)
print(x)

#: pairwise distances with broadcasting
import numpy as np
points = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
diff = points[:, None, :] - points[None, :, :]
dist = np.sqrt((diff ** 2).sum(axis=-1))
print(dist.shape)
print(dist)
print(dist.argmax(), dist.max(), np.round(dist, 3))

#: counting and bucketing values
import numpy as np
data = np.array([0.1, 0.7, 0.4, 0.95, 0.5, 0.2])
buckets = {}
for v in data:
    key = int(v * 4)
    buckets.setdefault(key, []).append(round(float(v), 2))
print(sorted(buckets.items()))
print((data > 0.3).sum(), np.where(data > 0.3)[0], data[data > 0.3])
clipped = data.copy()
clipped[clipped > 0.5] = 0.5
print(clipped)

#: integer array indexing
import numpy as np
x = np.arange(10, 20)
idx = np.array([0, 3, 3, -1])
print(x[idx], x[[1, 2]], np.arange(12).reshape(3, 4)[[0, 2]])
y = np.zeros(5)
y[[1, 3]] = 7
print(y)

#: string building loop
parts = []
for i, ch in enumerate("attention"):
    parts.append(ch.upper() if i % 2 == 0 else ch)
word = "".join(parts)
print(word, word[::-1], word.lower() == "attention", word.count("T"), sorted(set(word.lower())))

#: while loop convergence
x = 1.0
steps = 0
while abs(x * x - 2) > 1e-12:
    x = (x + 2 / x) / 2
    steps += 1
print(x, steps, x == 2 ** 0.5)

#: global counters and closures over loops
calls = 0
def tracked(f):
    def inner(*args, **kwargs):
        global calls
        calls += 1
        return f(*args, **kwargs)
    return inner
@tracked
def add(a, b=0):
    return a + b
print(add(1), add(2, b=3), calls)

#: unpacking in for loops and comprehensions
pairs = {"a": (1, 2), "b": (3, 4)}
for key, (x, y) in pairs.items():
    print(key, x + y)
print([x * y for _, (x, y) in sorted(pairs.items())], [(i, c) for i, (c, _) in enumerate(["ab", "cd"])])
