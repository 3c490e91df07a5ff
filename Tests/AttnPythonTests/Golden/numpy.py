# The Python dialect's golden corpus: numpy's foundation.

#: the seed article's program (section 5.2)
import numpy as np

# 定义注意力权重计算函数
def attention_weights(q, k):
    similarity = np.dot(q, k)
    attention_weights = np.exp(similarity)
    attention_weights /= np.sum(attention_weights)
    return attention_weights

# 定义加权求和函数
def weighted_sum(x, weights):
    return np.dot(x, weights)

# 初始化输入序列、查询层和键值对层
x = np.array([1, 2, 3, 4, 5])
q = np.array([0.5, 0.5])
k = np.array([1, 1])

# 计算注意力权重
weights = attention_weights(q, k)

# 计算加权求和结果
y = weighted_sum(x, weights)

print("输入序列：", x)
print("查询层：", q)
print("键值对层：", k)
print("注意力权重：", weights)
print("加权求和结果：", y)

#: array creation and dtype inference
import numpy as np
a = np.array([1, 2, 3])
b = np.array([1.0, 2, 3])
c = np.array([True, False])
d = np.array([[1, 2], [3, 4]], dtype=np.float32)
e = np.array([1, 2.5, True])
print(a, a.dtype, b, b.dtype, c, c.dtype, d, d.dtype, e.dtype)
print(repr(a), repr(b), repr(c), repr(d))

#: array repr and str of shapes
import numpy as np
print(repr(np.array([[1.5, 2.25], [3.0, -4.125]])))
print(np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]))
print(repr(np.array([])), repr(np.zeros((2, 0))), repr(np.array(3.5)), np.array(3.5), repr(np.array([1e-5, 1.0])))

#: numpy scalars
import numpy as np
x = np.float64(1.0)
y = np.float32(0.1)
z = np.int64(7)
print(x, y, z, repr(x), repr(y), repr(z), repr(np.True_), np.bool_(0), type(x).__name__, x.dtype)
print(repr(x + 1), repr(y * 2), repr(z // 2), repr(z / 2), repr(y + 1.0), repr(np.float32(1) + np.float64(1)), float(y), int(z))
print(isinstance(x, float), isinstance(z, int), x == 1, repr(x == 1), round(np.float64(2.5)), repr(np.float64(2.567).round(1)))

#: zeros ones and likes
import numpy as np
print(np.zeros(3), np.ones((2, 2)), np.zeros((2,), dtype=int), np.ones(2, dtype=np.float32), np.full((2, 2), 7), np.full(3, 0.5))
a = np.array([[1, 2, 3]])
print(np.zeros_like(a), np.ones_like(a, dtype=float), repr(np.zeros_like(np.array([1.5]))), np.eye(3), np.empty((0,)))

#: arange and linspace
import numpy as np
print(np.arange(5), np.arange(2, 10, 3), np.arange(0.0, 1.0, 0.25), np.arange(5, dtype=float), np.arange(10, 0, -2), np.arange(0.1, 0.5, 0.1))
print(np.linspace(0, 1, 5), np.linspace(0, 1, 4, endpoint=False), np.linspace(-1, 1, 3), np.linspace(0, 10, 6, dtype=int), repr(np.linspace(0, 1, 3)))

#: elementwise operators with broadcasting
import numpy as np
a = np.array([[1.0, 2.0], [3.0, 4.0]])
b = np.array([10.0, 20.0])
print(a + b, a * 2, 2 ** a, a - 1, a / b, -a, a ** 2, a % 3, a // 2, 1 / a)
print(a + np.array([[1], [2]]), a.sum() + 1, (a > 2), a == a)

#: integer and mixed dtype operations
import numpy as np
i = np.array([1, 2, 3])
f = np.array([0.5, 1.5, 2.5], dtype=np.float32)
print(i + 1, i * 2.5, i / 2, i // 2, i ** 2, f + 1, f * 2, f + i, repr(f * 2), repr(i + f), i % 2, -i)
print((i > 1) & (i < 3), (i < 2) | (i > 2), ~(i > 1), i == 2)

#: matmul and dot
import numpy as np
A = np.array([[1, 2], [3, 4]])
B = np.array([[5.0, 6.0], [7.0, 8.0]])
v = np.array([1, 1])
print(A @ B, A @ v, v @ A, v @ v, np.dot(A, B), np.matmul(A, v), np.dot(v, v), np.dot(2, A), A.dot(v))

#: indexing basic
import numpy as np
x = np.arange(12).reshape(3, 4)
print(x[0], x[1, 2], x[-1, -1], x[:, 1], x[1:, ::2], x[::-1, 0], x[..., 1], x[1][2], repr(x[0, 0]))
print(x[None, 0].shape, x[:, None].shape, x[np.newaxis].shape, x[..., None].shape, x[0, ..., None].shape, x[1:2, None, :].shape)

#: assignment into arrays
import numpy as np
x = np.zeros((3, 3))
x[0, 0] = 1
x[1] = [1, 2, 3]
x[:, 2] = 9
x[2, :2] = np.array([7, 8])
x[1:, 1:] += 1
print(x)
i = np.arange(4)
i[1] = 2.9
i[2:] = -1
print(i)

#: array attributes
import numpy as np
x = np.ones((2, 3, 4), dtype=np.float32)
print(x.shape, x.ndim, x.size, x.dtype, x.T.shape, x.itemsize, x.nbytes, len(x), np.array(5).shape, x.dtype == np.float32, x.dtype.name)

#: reductions with axis and keepdims
import numpy as np
x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(x.sum(), x.sum(axis=0), x.sum(axis=1, keepdims=True), x.mean(), x.mean(axis=0), x.max(), x.max(axis=1), x.min(axis=0))
print(np.sum(x, axis=1), np.mean(x, axis=-1), np.max(x, axis=0, keepdims=True), x.argmax(), x.argmax(axis=1), np.argmin(x), x.sum(axis=(0, 1)))
i = np.array([[1, 2], [3, 4]])
print(repr(i.sum()), repr(i.mean()), repr(i.max()), i.sum(axis=0).dtype, repr(np.float32([1, 2]).sum()))

#: std var any all
import numpy as np
x = np.array([1.0, 2.0, 3.0, 4.0])
print(x.std(), x.var(), np.std(x), x.var(ddof=1), (x > 2).any(), (x > 0).all(), np.any(x > 5), np.all(x))

#: reshape transpose copy astype
import numpy as np
x = np.arange(6)
y = x.reshape(2, 3)
z = x.reshape((3, -1))
print(y, z, y.T, y.transpose(), np.transpose(y), y.reshape(-1), x.reshape(1, 6).shape)
c = y.copy()
c[0, 0] = 100
print(y[0, 0], c[0, 0], y.astype(np.float32), y.astype(float).dtype, repr(np.array([1.7, -1.7]).astype(int)), repr(np.array([0, 2]).astype(bool)))

#: tolist and item
import numpy as np
x = np.array([[1, 2], [3, 4]])
f = np.array([0.5, 1.5])
print(x.tolist(), f.tolist(), type(x.tolist()[0][0]).__name__, np.array(2.5).item(), x[1, 1].item(), np.float32(0.1).item(), x.item(3))

#: elementwise functions
import numpy as np
x = np.array([0.0, 1.0, 2.0])
print(np.exp(x), np.log(x + 1), np.sqrt(x), np.tanh(x), np.sin(x), np.cos(x), np.abs(-x), np.power(x, 2), np.power(2, x))
print(np.exp(1), np.sqrt(2), np.log(10), np.exp(np.float32(0)), repr(np.sqrt(np.float32(2))), np.maximum(x, 1), np.minimum(x, 1.5))

#: where and comparisons
import numpy as np
x = np.array([-2.0, -0.5, 0.0, 1.5])
print(np.where(x > 0, x, 0.0), np.where(x < 0, -1, 1), np.where(x > 0), np.where([[True, False], [False, True]]))

#: softmax by hand
import numpy as np
scores = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
shifted = scores - scores.max(axis=-1, keepdims=True)
weights = np.exp(shifted) / np.exp(shifted).sum(axis=-1, keepdims=True)
print(weights)
print(weights.sum(axis=-1))

#: scaled dot product attention
import numpy as np
Q = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
V = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
d_k = Q.shape[-1]
scores = Q @ K.T / np.sqrt(d_k)
weights = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
output = weights @ V
print(scores)
print(weights)
print(output)

#: positional encoding loop
import numpy as np
max_len, d_model = 4, 6
pe = np.zeros((max_len, d_model))
for pos in range(max_len):
    for i in range(0, d_model, 2):
        pe[pos, i] = np.sin(pos / (10000 ** (i / d_model)))
        pe[pos, i + 1] = np.cos(pos / (10000 ** (i / d_model)))
print(pe)

#: iterating over arrays
import numpy as np
x = np.array([[1, 2], [3, 4]])
for row in x:
    print(row, row.sum())
for v in np.array([0.5, 1.5]):
    print(repr(v))
print(list(np.arange(3)), [float(v) for v in np.array([1, 2])], sum(np.array([1.5, 2.5])), max(np.array([3, 9, 1])))

#: printing large and small floats
import numpy as np
print(np.array([1e-5, 1.0, 100.0]), np.array([1e8, 1.0]), np.array([0.1, 0.25, 1.0 / 3]), np.array([1.0, np.nan, np.inf]), np.array([-1.5, 2.0]))
print(np.array([123456.789, 0.001]), np.array([1.0, 2.0]) / 3, np.float32([1.0, 2.0]) / 3)

#: printoptions
import numpy as np
x = np.array([1.0 / 3, 2.0 / 3, 10.0])
np.set_printoptions(precision=3)
print(x)
np.set_printoptions(suppress=True)
print(np.array([1e-6, 1.0]))
np.set_printoptions(precision=8, suppress=False)
print(x, np.get_printoptions()["precision"])

#: in-place operators keep the dtype
import numpy as np
f = np.array([1.0, 2.0], dtype=np.float32)
f *= 2.5
f += 1
g = f
g -= 1
print(f, f.dtype, g is f)
i = np.array([1, 2])
i *= 3
print(i, i.dtype)

#: python constants from numpy
import numpy as np
print(np.pi, np.e, np.inf, np.nan, -np.inf, np.newaxis is None, np.float64(np.pi), type(np.pi).__name__)

#: stacking and shapes
import numpy as np
a = np.array([1, 2])
b = np.array([3, 4])
print(np.concatenate([a, b]), np.stack([a, b]), np.vstack([a, b]), np.hstack([a, b]), np.stack([a, b], axis=1).shape, np.squeeze(np.zeros((1, 3, 1))).shape, np.expand_dims(a, 0).shape)

#: numpy scalar arithmetic with python numbers
import numpy as np
s = np.float32(1.5)
t = np.float64(1.5)
print(repr(s * 2), repr(s + 0.1), repr(t ** 2), repr(s > 1), repr(np.int32(3) + 1), repr(np.int64(5) % 3), repr(abs(np.float64(-2))), repr(-s))

#: array equality and truth
import numpy as np
a = np.array([1, 2, 3])
print(a == [1, 2, 4], (a == a).all(), bool(np.array([0])), bool(np.array([5])), np.array_equal(a, [1, 2, 3]), np.allclose([1.0, 2.0], [1.0, 2.0 + 1e-9]))

#: integer arrays printing widths
import numpy as np
print(np.array([1, -20, 300]), np.array([[1, 2], [100, -3]]), repr(np.array([[1, 2], [100, -3]])), np.array([True, False, True]))

#: round and clip
import numpy as np
x = np.array([0.125, 1.5, 2.5, -0.5])
print(np.round(x, 2), np.round(x), x.round(1), np.clip(x, 0, 1), np.around(123.456, -1))
