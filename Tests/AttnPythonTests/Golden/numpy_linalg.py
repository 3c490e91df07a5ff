# The Python dialect's golden corpus: numpy's products, einsum and linalg.norm.

#: einsum matrix times transpose
import numpy as np
a = np.arange(6.0).reshape(2, 3)
b = np.arange(12.0).reshape(4, 3)
print(np.einsum('ij,kj->ik', a, b))
print(np.allclose(np.einsum('ij,kj->ik', a, b), a @ b.T))

#: einsum attention scores and output
import numpy as np
q = np.arange(24.0).reshape(1, 2, 3, 4) / 10
k = np.arange(24.0).reshape(1, 2, 3, 4)[..., ::-1] / 10
v = np.arange(24.0).reshape(1, 2, 3, 4) - 12
s = np.einsum('bhqd,bhkd->bhqk', q, k) / np.sqrt(4)
print(s.shape)
print(s)
w = np.exp(s - s.max(-1, keepdims=True))
w = w / w.sum(-1, keepdims=True)
o = np.einsum('bhqk,bhkd->bhqd', w, v)
print(o.shape)
print(o.round(6))

#: einsum inner trace transpose and sums
import numpy as np
x = np.array([1.0, 2.0, 3.0])
m = np.arange(9).reshape(3, 3)
print(np.einsum('i,i->', x, x), repr(np.einsum('i,i', x, x)), np.einsum('ij->ji', m), np.einsum('ii', m), np.einsum('ii->i', m), np.einsum('ij->', m), np.einsum('ij->j', m))

#: einsum implicit output and outer
import numpy as np
a = np.array([1, 2])
b = np.array([3, 4, 5])
m = np.arange(6).reshape(2, 3)
print(np.einsum('i,j', a, b), np.einsum('i,j->ij', a, b), np.einsum('ij,jk', m, m.T), np.einsum('ji', m), np.einsum('ij,ij->i', m, m))

#: einsum dtypes
import numpy as np
f = np.ones((2, 2), dtype=np.float32)
i = np.ones((2, 2), dtype=np.int32)
print(repr(np.einsum('ij,jk->ik', f, f)), repr(np.einsum('ij,jk->ik', i, i)), repr(np.einsum('ij,jk->ik', f, i)), repr(np.einsum('ij->', np.ones((2, 2), dtype=bool))))

#: einsum batched matmul with ellipsis
import numpy as np
a = np.arange(12.0).reshape(2, 2, 3)
b = np.arange(12.0).reshape(2, 3, 2)
print(np.einsum('...ij,...jk->...ik', a, b))
print(np.allclose(np.einsum('bij,bjk->bik', a, b), a @ b))

#: einsum shape mismatch
import numpy as np
a = np.ones((2, 3))
b = np.ones((4, 2))
np.einsum('ij,kj->ik', a, b)

#: einsum wrong operand count
import numpy as np
np.einsum('ij,jk->ik', np.ones((2, 2)))

#: einsum wrong subscript count
import numpy as np
np.einsum('ijk->i', np.ones((2, 2)))

#: einsum output subscript not in inputs
import numpy as np
np.einsum('ij->ik', np.ones((2, 2)))

#: outer products
import numpy as np
print(np.outer(np.array([1, 2]), np.array([1.5, 2.5, 3.5])), repr(np.outer(np.arange(2), np.arange(3))), np.outer(np.ones((2, 2)), np.array([1, 2])).shape)
print(repr(np.outer(np.float32([1, 2]), np.float32([3]))), np.outer([1, 2], [3, 4]))

#: dot variants
import numpy as np
a = np.arange(6).reshape(2, 3)
b = np.arange(6).reshape(3, 2)
print(np.dot(a, b), np.dot(a, np.array([1, 0, 1])), np.dot(np.array([1, 2]), a), repr(np.dot(np.array([1.5, 2.0]), np.array([2.0, 4.0]))), np.dot(3, a), np.dot(np.ones((2, 2, 3)), np.ones((3, 2))).shape)

#: matmul variants
import numpy as np
a = np.arange(12.0).reshape(2, 2, 3)
b = np.arange(6.0).reshape(3, 2)
print(np.matmul(a, b), (a @ b).shape, np.matmul(np.arange(3), np.arange(3)), repr(np.ones((2, 2), dtype=np.float32) @ np.ones(2, dtype=np.float32)), (np.ones((3, 1, 2, 4)) @ np.ones((5, 4, 2))).shape)

#: norm of vectors
import numpy as np
v = np.array([3.0, -4.0, 12.0])
print(np.linalg.norm(v), np.linalg.norm(v, 2), np.linalg.norm(v, 1), np.linalg.norm(v, np.inf), np.linalg.norm(v, -np.inf), np.linalg.norm(v, 0), np.linalg.norm(v, 3))
print(repr(np.linalg.norm(np.array([3, 4]))), repr(np.linalg.norm(np.float32([3, 4]))), np.linalg.norm(np.array([])), np.linalg.norm(v, ord=None))

#: norm of matrices
import numpy as np
m = np.array([[1.0, -2.0], [3.0, 4.0]])
print(np.linalg.norm(m), np.linalg.norm(m, 'fro'), np.linalg.norm(m, 1), np.linalg.norm(m, np.inf), np.linalg.norm(m, -1), np.linalg.norm(m, -np.inf))
print(np.linalg.norm(m, 2).round(10), np.linalg.norm(np.eye(3), 2), np.linalg.norm(np.diag([3.0, 1.0, 2.0]) if False else np.array([[3.0, 0.0], [0.0, 1.0]]), 2))

#: norm with axis and keepdims
import numpy as np
x = np.arange(12.0).reshape(3, 4)
print(np.linalg.norm(x, axis=1), np.linalg.norm(x, axis=0), np.linalg.norm(x, axis=-1, keepdims=True), np.linalg.norm(x, ord=1, axis=1), np.linalg.norm(x, np.inf, axis=0))
print(np.linalg.norm(x, keepdims=True), np.linalg.norm(x, axis=(0, 1)), np.linalg.norm(x, 'fro', axis=(0, 1)), np.linalg.norm(np.ones((2, 3, 4)), axis=2).shape)

#: normalising rows with norm
import numpy as np
x = np.array([[3.0, 4.0], [1.0, 1.0], [0.0, 2.0]])
u = x / np.linalg.norm(x, axis=1, keepdims=True)
print(u)
print(u @ u.T)

#: norm with an invalid order for vectors
import numpy as np
np.linalg.norm(np.ones(3), 'fro')

#: norm with an invalid order for matrices
import numpy as np
np.linalg.norm(np.ones((2, 2)), 3)

#: norm of a 3-d array with an order
import numpy as np
np.linalg.norm(np.ones((2, 2, 2)), 2)

#: cosine similarity
import numpy as np
a = np.array([1.0, 2.0, 3.0])
b = np.array([4.0, 5.0, 6.0])
print(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))

#: linalg from import
from numpy.linalg import norm
import numpy.linalg as la
print(norm([3, 4]), la.norm([[1, 1], [1, 1]]))
