# The Python dialect's golden corpus: numpy's wider API (issue 11).

#: creation with dtypes
import numpy as np
print(repr(np.array([1, 2], dtype=np.int32)), repr(np.array([1.5, 2], dtype="float32")), repr(np.array([0, 1, 2], dtype=bool)))
print(repr(np.zeros((2, 2), dtype=np.int64)), repr(np.ones(3, dtype=bool)), repr(np.empty(0, dtype=np.float32)))
print(repr(np.full((2,), 3, dtype=np.float32)), repr(np.full((1, 2), True)), repr(np.full(2, 1.5, dtype=int)))

#: creation likes keep dtype and shape
import numpy as np
f = np.array([[1.5, 2.5]], dtype=np.float32)
print(repr(np.zeros_like(f)), repr(np.ones_like(f)), repr(np.full_like(f, 7)), repr(np.full_like(np.arange(3), 2.7)))
print(np.empty_like(f).shape, np.empty_like(f).dtype, repr(np.ones_like(np.array([True, False]))), repr(np.zeros_like(f, dtype=int)))

#: eye identity variants
import numpy as np
print(np.eye(2, 3), np.eye(3, k=1), np.eye(3, k=-1, dtype=int), repr(np.identity(2, dtype=np.float32)), np.eye(0).shape)

#: arange variants
import numpy as np
print(repr(np.arange(3, dtype=np.float32)), repr(np.arange(-3, 3)), repr(np.arange(0, 1, 0.3)), repr(np.arange(5, 1)), repr(np.arange(1.5, 4)))
print(repr(np.arange(0, 5, 2, dtype=np.int32)), np.arange(10)[::3], len(np.arange(0, 10, 0.5)))

#: linspace variants
import numpy as np
print(repr(np.linspace(0, 1, 1)), repr(np.linspace(0, 1, 0)), repr(np.linspace(1, 0, 5)), repr(np.linspace(0, 1, 3, dtype=np.float32)))
x, step = np.linspace(0, 2, 5, retstep=True)
print(x, step)

#: elementwise exp log sqrt
import numpy as np
x = np.array([0.5, 1.0, 4.0])
print(np.exp(x), np.log(x), np.sqrt(x), repr(np.exp(np.array([0, 1]))), repr(np.sqrt(np.array([4, 9], dtype=np.int32))))
print(np.log(np.array([0.0, -1.0])), np.sqrt(np.array([-1.0, np.inf])), np.exp(np.array([-np.inf, 1000.0])))

#: elementwise trig and hyperbolic
import numpy as np
x = np.array([0.0, 0.5, 1.0])
print(np.sin(x), np.cos(x), np.tan(x), np.tanh(x), np.arctan(x), np.sinh(x), np.cosh(x))

#: log1p expm1 log2 log10
import numpy as np
x = np.array([1e-10, 0.5, 1.0])
print(np.log1p(x), np.expm1(x), np.log2(np.array([1.0, 8.0])), np.log10(np.array([10.0, 1000.0])), repr(np.log1p(np.array([0, 1]))))

#: power square reciprocal
import numpy as np
x = np.array([1.0, 2.0, 4.0])
print(np.power(x, 3), np.power(x, 0.5), np.square(x), np.reciprocal(x), repr(np.square(np.array([2, 3]))), repr(np.power(np.array([2, 3]), 2)))
print(repr(np.reciprocal(np.array([1.0, 0.0], dtype=np.float32))), repr(np.power(np.float32(2), 3)), repr(np.square(np.int32(5))))

#: abs sign floor ceil
import numpy as np
x = np.array([-2.5, -0.5, 0.0, 0.5, 2.5])
print(np.abs(x), np.absolute(x), np.sign(x), np.floor(x), np.ceil(x), np.trunc(x))
i = np.array([-3, 0, 4])
print(repr(np.abs(i)), repr(np.sign(i)), repr(np.sign(np.array([np.nan, -np.inf]))), repr(np.floor(i)), repr(np.ceil(np.float32(1.2))))

#: maximum minimum with broadcasting and nan
import numpy as np
a = np.array([[1.0, 5.0], [np.nan, 2.0]])
print(np.maximum(a, 3), np.minimum(a, np.array([0.0, 4.0])), repr(np.maximum(np.array([1, 7]), 4)), repr(np.minimum(np.float32(1), 2.5)))
print(np.fmax(a, 3), np.fmin(a, 3))

#: clip variants
import numpy as np
x = np.array([-3, -1, 0, 2, 5])
print(repr(np.clip(x, -1, 2)), repr(np.clip(x, 0, None)), repr(np.clip(x, None, 1)), repr(np.clip(x, -1.5, 2.5)), x.clip(0, 3), x.clip(max=1))
f = np.array([0.5, 1.5], dtype=np.float32)
print(repr(np.clip(f, 0, 1)), repr(f.clip(1.0)), repr(np.clip(np.array([np.nan, 2.0]), 0, 1)))

#: round and around
import numpy as np
x = np.array([1.2345, -2.5, 3.5, 0.5, 1234.5])
print(np.round(x), np.round(x, 2), np.around(x, 1), np.round(x, -2), x.round(3), repr(np.round(np.array([15, 25]), -1)))
print(repr(np.round(np.float32(2.675), 2)), repr(np.round(np.array([1.5], dtype=np.float32))), repr(np.round(2.5)), repr(np.round(7)))

#: negative positive and arithmetic ufuncs
import numpy as np
x = np.array([1, -2, 3])
print(np.negative(x), np.positive(x), np.add(x, 1), np.subtract(10, x), np.multiply(x, x), np.divide(x, 2), np.floor_divide(x, 2), np.mod(x, 2), np.remainder(-7, 3))

#: isnan isinf isfinite
import numpy as np
x = np.array([1.0, np.nan, np.inf, -np.inf, 0.0])
print(np.isnan(x), np.isinf(x), np.isfinite(x), np.isnan(np.array([1, 2])), repr(np.isnan(np.float64(np.nan))), np.isnan(x).sum())

#: sum with axis and dtypes
import numpy as np
x = np.arange(24).reshape(2, 3, 4)
print(x.sum(axis=0), x.sum(axis=-1), x.sum(axis=(0, 2)), x.sum(axis=1, keepdims=True).shape, repr(np.sum(x)), repr(np.sum(x, dtype=np.float32)))
b = np.array([[True, False], [True, True]])
print(repr(b.sum()), repr(b.sum(axis=0)), repr(np.array([1, 2], dtype=np.int32).sum()), repr(np.float32([0.1, 0.2]).sum()))

#: mean with axis and dtypes
import numpy as np
x = np.arange(12).reshape(3, 4)
print(x.mean(), x.mean(axis=0), x.mean(axis=1, keepdims=True), repr(np.mean(np.float32([1, 2, 4]))), repr(np.mean(np.array([True, False, True]))))
print(np.mean(x, axis=(0, 1)), repr(np.mean(np.array([]))) if False else 0, np.mean(x, axis=-2))

#: max min with axis
import numpy as np
x = np.array([[3, 7, 1], [9, 2, 8]])
print(x.max(), x.min(), x.max(axis=0), x.min(axis=1), np.max(x, axis=1, keepdims=True), np.min(x, axis=(0, 1)), np.amax(x), np.amin(x, axis=0))
f = np.array([1.0, np.nan, 3.0])
print(f.max(), np.min(f), repr(np.max(np.float32([1, 2]))), repr(np.array([True, False]).max()))

#: prod with axis and dtypes
import numpy as np
x = np.arange(1, 7).reshape(2, 3)
print(repr(np.prod(x)), x.prod(axis=0), x.prod(axis=1, keepdims=True), repr(np.prod(np.array([0.5, 4.0]))), repr(np.prod(np.array([], dtype=int))))
print(repr(np.prod(np.float32([1.5, 2]))), repr(np.prod(np.array([True, True]))), repr(np.prod(np.array([2, 3], dtype=np.int32))), np.prod(x, axis=(0, 1)))

#: std and var with axis ddof keepdims
import numpy as np
x = np.array([[1.0, 2.0, 4.0], [3.0, 5.0, 9.0]])
print(x.std(), x.var(axis=0), x.std(axis=1, ddof=1), np.var(x, axis=1, keepdims=True), np.std(x, axis=(0, 1)))
print(repr(np.std(np.array([1, 2, 3, 4]))), repr(np.var(np.float32([1, 2, 3]))), repr(np.std(np.array([True, False]))))

#: argmax argmin with axis
import numpy as np
x = np.array([[3, 7, 7], [9, 2, 9]])
print(x.argmax(), x.argmin(), x.argmax(axis=0), x.argmin(axis=1), np.argmax(x, axis=1, keepdims=True), np.argmax(np.array([1.0, np.nan, 5.0])))
print(repr(np.argmax(x)), repr(np.argmin(np.array([True, False]))), np.argmax(x, axis=-1))

#: cumsum and cumprod
import numpy as np
x = np.arange(1, 7).reshape(2, 3)
print(np.cumsum(x), np.cumsum(x, axis=0), np.cumsum(x, axis=1), x.cumsum(), x.cumsum(axis=-1), np.cumprod(x), np.cumprod(x, axis=0))
print(repr(np.cumsum(np.array([True, True, False]))), repr(np.cumsum(np.float32([0.5, 0.25]))), repr(np.cumsum(np.array([1, 2], dtype=np.int32))), repr(np.cumsum(5)))
print(np.cumsum(np.array([0.1] * 10)))

#: any and all with axis
import numpy as np
x = np.array([[True, False, False], [True, True, False]])
print(x.any(), x.all(), x.any(axis=0), x.all(axis=1), np.any(x, axis=1, keepdims=True), np.all(np.array([1, 2, 0]) > -1), np.any(np.array([])), np.all(np.array([])))
print(repr(np.any(np.array([0.0, 0.5]))), np.all(x, axis=(0, 1)), np.any(np.array([[0, 0], [0, 3]]), axis=0))

#: reductions of empty arrays
import numpy as np
e = np.zeros((0, 3))
print(e.sum(), e.sum(axis=0), e.sum(axis=1), e.prod(axis=0), repr(np.cumsum(np.array([]))), e.max(axis=1), e.any(axis=0), e.all(axis=1))

#: max of an empty array
import numpy as np
e = np.array([])
print(e.sum())
print(e.max())

#: reshape variants
import numpy as np
x = np.arange(12)
print(x.reshape(3, 4).shape, x.reshape((2, -1)).shape, np.reshape(x, (2, 2, 3)).shape, x.reshape(-1, 6)[1], np.reshape(x, -1).shape, x.reshape(12, 1).T)
print(np.reshape(np.array(5), (1, 1)), np.arange(6).reshape(2, 3).reshape(3, 2))

#: reshape size mismatch
import numpy as np
x = np.arange(12)
y = x.reshape(3, 4)
z = x.reshape(5, 3)

#: reshape two unknowns
import numpy as np
np.arange(6).reshape(-1, -1)

#: transpose with axes
import numpy as np
x = np.arange(24).reshape(2, 3, 4)
print(np.transpose(x).shape, np.transpose(x, (1, 0, 2)).shape, x.transpose(2, 0, 1).shape, x.transpose((0, 2, 1))[0], x.T.shape)
print(np.transpose(x, axes=(2, 1, 0))[1, 2], np.arange(3).T, np.transpose(np.arange(6).reshape(2, 3)))

#: transpose bad axes
import numpy as np
x = np.zeros((2, 3))
x.transpose(0, 1, 2)

#: swapaxes and moveaxis
import numpy as np
x = np.arange(24).reshape(2, 3, 4)
print(np.swapaxes(x, 0, 2).shape, x.swapaxes(1, 2).shape, np.swapaxes(x, -1, 0)[1], np.moveaxis(x, 0, -1).shape, np.moveaxis(x, -1, 0).shape)
print(np.moveaxis(x, [0, 1], [-1, -2]).shape, np.moveaxis(x, 1, 1).shape, np.swapaxes(np.arange(6).reshape(2, 3), 0, 1))

#: swapaxes bad axis
import numpy as np
x = np.zeros((2, 3))
y = np.swapaxes(x, 0, 1)
np.swapaxes(x, 0, 2)

#: moveaxis bad axis
import numpy as np
np.moveaxis(np.zeros((2, 3)), 3, 0)

#: squeeze and expand_dims
import numpy as np
x = np.zeros((1, 3, 1, 2))
print(np.squeeze(x).shape, x.squeeze(axis=0).shape, np.squeeze(x, axis=(0, 2)).shape, np.expand_dims(np.arange(3), 1), np.expand_dims(np.arange(3), -1).shape)
print(np.expand_dims(np.arange(3), (0, 2)).shape, np.expand_dims(np.array(1.5), 0), np.squeeze(np.array([[7]])), repr(np.squeeze(np.array([[7]]))))

#: squeeze an axis that is not one
import numpy as np
np.squeeze(np.zeros((2, 1)), axis=0)

#: expand_dims bad axis
import numpy as np
np.expand_dims(np.zeros(3), 3)

#: flatten and ravel
import numpy as np
x = np.array([[1, 2], [3, 4]])
print(x.flatten(), x.ravel(), np.ravel(x), np.ravel([[1.5], [2.5]]), repr(x.T.flatten()), np.array(3).flatten(), x.flatten().dtype)

#: concatenate variants
import numpy as np
a = np.array([[1, 2], [3, 4]])
b = np.array([[5, 6]])
print(np.concatenate((a, b)), np.concatenate([a, b.T], axis=1), np.concatenate([a, a], axis=-1), np.concatenate([a, b], axis=None), repr(np.concatenate([np.array([1]), np.array([1.5])])))

#: concatenate shape mismatch
import numpy as np
a = np.zeros((2, 2))
b = np.zeros((2, 3))
np.concatenate([a, b])

#: stack variants
import numpy as np
a = np.array([1, 2, 3])
b = np.array([4, 5, 6])
print(np.stack([a, b]), np.stack([a, b], axis=1), np.stack([a, b], axis=-1).shape, np.stack((a, b, a)).shape, np.stack([np.zeros((2, 2))] * 3, axis=1).shape)

#: stack shape mismatch
import numpy as np
np.stack([np.zeros(2), np.zeros(3)])

#: vstack hstack variants
import numpy as np
a = np.array([1, 2])
m = np.array([[3, 4], [5, 6]])
print(np.vstack([a, m]), np.hstack([m, m]), np.hstack([a, np.array([9.5])]), np.vstack((a, a)).shape, np.hstack([np.array(1), np.array(2)]), np.column_stack([a, a]))

#: split and array_split
import numpy as np
x = np.arange(12).reshape(4, 3)
parts = np.split(x, 2)
print(len(parts), parts[0], parts[1])
print(np.split(np.arange(6), [1, 4]), np.split(x, 3, axis=1)[2].ravel(), np.array_split(np.arange(7), 3))
print(np.split(np.arange(5), [2, 10]))

#: split that does not divide
import numpy as np
np.split(np.arange(7), 2)

#: tile
import numpy as np
a = np.array([1, 2])
print(np.tile(a, 3), np.tile(a, (2, 2)), np.tile(np.array([[1, 2], [3, 4]]), 2), np.tile(a, (2, 1, 1)).shape, repr(np.tile(np.float32([0.5]), 2)), np.tile(a, 0))

#: repeat
import numpy as np
x = np.array([[1, 2], [3, 4]])
print(np.repeat(x, 2), np.repeat(x, 2, axis=0), np.repeat(x, [1, 2], axis=1), np.repeat(3, 4), x.repeat(2, axis=1), np.repeat(np.array([True, False]), [2, 0]))

#: repeat with mismatched repeats
import numpy as np
np.repeat(np.array([1, 2, 3]), [1, 2])

#: broadcast_to
import numpy as np
print(np.broadcast_to(np.array([1, 2, 3]), (2, 3)), np.broadcast_to(5, (2,)), np.broadcast_to(np.arange(2).reshape(2, 1), (2, 2)), np.broadcast_to(np.float32(1), (1, 2)).dtype)

#: broadcast_to bad shape
import numpy as np
np.broadcast_to(np.array([1, 2, 3]), (2, 2))

#: broadcast shapes error
import numpy as np
a = np.ones((2, 3))
b = np.ones((3, 2))
c = a + b

#: triu and tril
import numpy as np
x = np.arange(1, 10).reshape(3, 3)
print(np.triu(x), np.tril(x), np.triu(x, k=1), np.tril(x, -1), np.triu(x, 2), np.tril(x, k=1))
print(np.triu(np.ones((2, 4))), np.tril(np.ones((4, 2), dtype=bool)), np.triu(np.arange(1, 5)), np.tril(np.ones((2, 2, 2))))

#: causal mask with triu and where
import numpy as np
n = 4
mask = np.triu(np.ones((n, n)), k=1).astype(bool)
scores = np.arange(16.0).reshape(4, 4)
print(mask)
print(np.where(mask, -np.inf, scores))
print(np.tril(np.ones((3, 3))) == 0)

#: where with broadcasting and dtypes
import numpy as np
x = np.arange(6).reshape(2, 3)
print(np.where(x > 2, x, -1), repr(np.where(x % 2 == 0, 1.5, 0)), repr(np.where([True, False], np.float32(1), np.float32(2))), np.where(x > 3), np.where(np.array([[1], [0]]), x, 0))

#: allclose and isclose
import numpy as np
a = np.array([1.0, 2.0, np.nan])
b = np.array([1.0 + 1e-6, 2.1, np.nan])
print(np.isclose(a, b), np.isclose(a, b, equal_nan=True), np.isclose(a, b, rtol=0.1), np.allclose(a, b), np.allclose(a[:1], b[:1]), np.allclose(a, a, equal_nan=True))
print(np.isclose(1.0, 1.0 + 1e-9), repr(np.isclose(1.0, 2.0)), np.allclose([1, 2], [1, 2.00001], atol=0), np.isclose([0.0], [1e-9]), np.allclose(np.ones((2, 2)), 1))

#: astype between dtypes
import numpy as np
f = np.array([-1.7, 0.2, 2.9])
print(repr(f.astype(np.int32)), repr(f.astype(np.float32)), repr(f.astype(bool)), repr(np.array([1, 0, 3]).astype(np.float64)), repr(np.array([True, False]).astype(int)))
print(repr(f.astype("int64")), repr(np.arange(3).astype("float32")), f.astype(np.float32).dtype.name, repr(np.float64(2.5).astype(np.int64)), np.arange(3).astype(np.int32).dtype.itemsize)

#: dtype objects and comparisons
import numpy as np
x = np.zeros(2, dtype=np.float32)
print(x.dtype, repr(x.dtype), x.dtype == np.float32, x.dtype == "float32", np.dtype("int64"), np.dtype(np.float64).itemsize, x.dtype.kind, np.dtype(bool))
print(np.array([1]).dtype == np.int64, np.array([1.0]).dtype == float, str(np.arange(2).dtype), type(np.float32(1)).__name__, np.float32 == np.dtype("f4"))

#: result dtypes of mixed operations
import numpy as np
f32 = np.ones(2, dtype=np.float32)
i32 = np.ones(2, dtype=np.int32)
i64 = np.ones(2, dtype=np.int64)
print((f32 + 1.5).dtype, (f32 + i32).dtype, (f32 + i64).dtype, (i32 + 1).dtype, (i32 + i64).dtype, (i32 * 2.5).dtype, (f32 * np.float64(2)).dtype)
print((i32 / 2).dtype, (f32 / 2).dtype, (i32 // 2).dtype, (f32 > 1).dtype, (np.float32(2) * 3).dtype, (np.int32(3) + np.float32(1)).dtype)

#: boolean indexing read
import numpy as np
x = np.array([[1, -2, 3], [-4, 5, -6]])
print(x[x > 0], x[x < 0].sum(), x[np.array([True, False])], x[[False, True]], x[x > 100], x[:, [True, False, True]])
f = np.array([0.5, np.nan, 2.0])
print(f[~np.isnan(f)], f[np.isfinite(f) & (f > 1)])

#: boolean indexing assignment
import numpy as np
x = np.array([[1.0, -2.0], [3.0, -4.0]])
x[x < 0] = 0
print(x)
y = np.arange(6)
y[y % 2 == 0] *= 10
print(y)
z = np.arange(4)
z[z > 1] = np.array([7, 8])
print(z)

#: boolean index with the wrong shape
import numpy as np
x = np.arange(6)
print(x[x > 2])
x[np.array([True, False])]

#: integer array indexing read
import numpy as np
x = np.arange(12).reshape(3, 4)
print(x[[0, 2]], x[np.array([-1, 0])], x[[1, 1, 0]].shape, x[:, [0, 3]], x[[0, 2], [1, 3]], x[np.array([[0, 1], [2, 2]])].shape)
print(x[1, [2, 3]], x[[0, 1], 2], np.arange(5)[np.array([4, 0])], x[[True, False, True]])

#: integer array indexing assignment
import numpy as np
x = np.zeros(5)
x[[0, 3]] = 1
x[np.array([1, -1])] = [7, 9]
print(x)
m = np.zeros((3, 3), dtype=int)
m[[0, 1, 2], [2, 1, 0]] = 5
m[:, [0]] += 1
print(m)

#: integer index out of bounds
import numpy as np
x = np.arange(4)
print(x[[0, 3]])
x[[1, 4]]

#: basic index out of bounds
import numpy as np
x = np.zeros((2, 3))
x[1, 3]

#: too many indices
import numpy as np
x = np.zeros((2, 3))
x[0, 1, 2]

#: newaxis broadcasting
import numpy as np
a = np.array([1, 2, 3])
b = np.array([10, 20])
print(a[:, np.newaxis] + b, a[np.newaxis, :] * b[:, None], (a[:, None] - a[None, :]).shape, a[None, :, None].shape)

#: array methods sum mean max min with axis and keepdims
import numpy as np
x = np.array([[1.0, 4.0], [9.0, 16.0]], dtype=np.float32)
print(repr(x.sum(axis=0)), repr(x.mean(axis=1, keepdims=True)), repr(x.max(axis=0, keepdims=True)), repr(x.min()), repr(x.argmax(axis=0)), repr(x.std()), repr(x.var(axis=1)))

#: array methods tolist item copy
import numpy as np
x = np.array([[1.5, 2.5], [3.5, 4.5]], dtype=np.float32)
print(x.tolist(), np.array([True, False]).tolist(), np.arange(3).tolist(), np.array(2).tolist(), x.item(0), x.item(1, 1), type(np.arange(2).item(0)).__name__)
c = x.copy()
c[0] = 0
print(x[0], c[0], c.dtype)

#: array methods dot and squeeze
import numpy as np
a = np.array([[1, 2], [3, 4]])
v = np.array([1.0, -1.0])
print(a.dot(v), v.dot(v), a.dot(a), np.array([[[5]]]).squeeze(), np.zeros((1, 2)).squeeze().shape)

#: array attributes of several dtypes
import numpy as np
for x in [np.zeros((2, 3)), np.ones(4, dtype=np.float32), np.arange(6, dtype=np.int32).reshape(3, 2), np.array(True), np.array([[1]])]:
    print(x.shape, x.ndim, x.size, x.dtype, x.itemsize, x.nbytes, x.T.shape)

#: item on a large array
import numpy as np
np.arange(3).item()

#: numpy functions on python lists
import numpy as np
print(np.sum([1, 2, 3]), np.mean([1, 2]), np.max([[1, 5], [3, 2]], axis=0), np.exp([0, 1]), np.sqrt([4, 9.0]), np.cumsum([1, 2, 3]), np.argmax([3, 9, 1]), np.prod([2, 3]))

#: attention scores with broadcasting and softmax by hand
import numpy as np
Q = np.arange(12.0).reshape(2, 3, 2) / 10
K = np.arange(12.0).reshape(2, 3, 2)[:, ::-1] / 10
scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(2)
scores = scores - scores.max(axis=-1, keepdims=True)
w = np.exp(scores)
w /= w.sum(axis=-1, keepdims=True)
print(w.round(4))
print(w.sum(axis=-1))

#: layer norm by hand
import numpy as np
x = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]])
mu = x.mean(axis=-1, keepdims=True)
var = x.var(axis=-1, keepdims=True)
print((x - mu) / np.sqrt(var + 1e-5))

#: multi-head split and merge
import numpy as np
x = np.arange(24.0).reshape(2, 3, 4)
heads = x.reshape(2, 3, 2, 2).transpose(0, 2, 1, 3)
print(heads.shape, heads[0, 1])
merged = heads.transpose(0, 2, 1, 3).reshape(2, 3, 4)
print(np.array_equal(merged, x))

#: sum with a bad axis
import numpy as np
x = np.ones((2, 3))
print(x.sum(axis=1))
x.sum(axis=2)

#: mean with a bad negative axis
import numpy as np
np.mean(np.ones(3), axis=-2)

#: argmax with a bad axis
import numpy as np
np.argmax(np.ones((2, 2)), axis=5)

#: cumsum with a bad axis
import numpy as np
np.cumsum(np.ones((2, 2)), axis=2)

#: matmul shape mismatch
import numpy as np
a = np.ones((2, 3))
b = np.ones((2, 3))
c = a @ b

#: dot shape mismatch
import numpy as np
np.dot(np.ones((2, 3)), np.ones(2))

#: matmul with a scalar
import numpy as np
np.matmul(np.ones(2), 3)

#: float to int assignment truncates
import numpy as np
x = np.zeros(3, dtype=np.int64)
x[:] = [1.9, -1.9, 2.5]
print(x)
y = np.zeros(2, dtype=np.float32)
y[0] = 1 / 3
print(y, repr(y[0]))

#: in place operations on slices
import numpy as np
x = np.arange(10.0)
x[::2] += 100
x[-3:] *= -1
print(x)

#: sorting and searching helpers
import numpy as np
x = np.array([3, 1, 2, 3, 1])
print(np.sort(x), np.argsort(x, kind="stable"), np.unique(x), np.sort(np.array([[3.0, 1.0], [0.5, 2.0]])), np.sort(np.array([[3, 1], [0, 2]]), axis=0), x.sum() // len(x))

#: count_nonzero and diff
import numpy as np
x = np.array([[0, 1, 2], [3, 0, 0]])
print(np.count_nonzero(x), np.count_nonzero(x, axis=0), np.diff(np.array([1, 4, 9, 16])), np.diff(x, axis=0))
