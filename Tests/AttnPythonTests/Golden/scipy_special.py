# The Python dialect's golden corpus: scipy.special's softmax family (scipy 1.17).

#: softmax from import
from scipy.special import softmax
import numpy as np
x = np.array([1.0, 2.0, 3.0])
print(softmax(x))
print(softmax([0.0, 0.0]), softmax(np.array([1000.0, 1000.0])))

#: softmax axis none is over every element
from scipy.special import softmax
import numpy as np
x = np.array([[1.0, 2.0], [3.0, 4.0]])
print(softmax(x))
print(softmax(x).sum())
print(softmax(x, axis=None))

#: softmax along axes
import scipy.special
import numpy as np
x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
print(scipy.special.softmax(x, axis=1))
print(scipy.special.softmax(x, axis=0))
print(scipy.special.softmax(x, axis=-1).sum(axis=-1))
print(scipy.special.softmax(x, axis=(0, 1)))

#: softmax dtypes
from scipy.special import softmax
import numpy as np
print(repr(softmax(np.array([1, 2, 3]))))
# float32 exp differs from numpy's SIMD one in the last bit (docs/python.md): rounded here.
s = softmax(np.array([1.0, 2.0], dtype=np.float32))
print(s.dtype, s.round(5))
print(repr(softmax(2.0)), repr(softmax(np.array(3.0))))

#: softmax of bools
from scipy.special import softmax
import numpy as np
softmax(np.array([True, False]))

#: softmax with infinities and nan
from scipy.special import softmax
import numpy as np
print(softmax(np.array([-np.inf, 0.0, 1.0])), softmax(np.array([np.inf, 1.0])), softmax(np.array([np.nan, 1.0])), softmax(np.array([-np.inf, -np.inf])))

#: softmax of an empty array
from scipy.special import softmax
import numpy as np
print(repr(softmax(np.array([]))), softmax(np.zeros((0, 3)), axis=1).shape)

#: softmax attention weights
from scipy.special import softmax
import numpy as np
Q = np.array([[1.0, 0.0], [0.0, 1.0]])
K = np.array([[1.0, 1.0], [0.0, 2.0], [1.0, -1.0]])
V = np.arange(6.0).reshape(3, 2)
w = softmax(Q @ K.T / np.sqrt(2), axis=-1)
print(w)
print(w @ V)

#: log_softmax
from scipy.special import log_softmax
import numpy as np
x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
print(log_softmax(x), log_softmax(x, axis=0), log_softmax(x, axis=1), repr(log_softmax(np.array([1, 2]))))
print(repr(log_softmax(np.array([1.0, 2.0], dtype=np.float32))), log_softmax(np.array([-np.inf, 0.0])), log_softmax(np.array([1000.0, 0.0])))

#: logsumexp
from scipy.special import logsumexp
import numpy as np
x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
print(logsumexp(x), logsumexp(x, axis=0), logsumexp(x, axis=1), logsumexp(x, axis=1, keepdims=True), logsumexp(x, axis=(0, 1)), repr(logsumexp(x)))
print(repr(logsumexp(np.array([1, 2]))), logsumexp(np.float32([1.0, 2.0])).dtype, np.round(logsumexp(np.float32([1.0, 2.0])), 5), logsumexp(np.array([1000.0, 1000.0])), logsumexp([-np.inf, -np.inf]))

#: logsumexp with weights and sign
from scipy.special import logsumexp
import numpy as np
x = np.array([1.0, 2.0, 3.0])
print(logsumexp(x, b=np.array([1.0, 0.5, 0.0])), logsumexp(x, b=2), logsumexp(x, b=np.array([1.0, -1.0, 1.0])))
r, s = logsumexp(x, b=np.array([1.0, 1.0, -2.0]), return_sign=True)
print(r, s)
print(logsumexp(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=0, b=np.array([1.0, 2.0]), return_sign=True))

#: logsumexp of an empty array
from scipy.special import logsumexp
import numpy as np
print(logsumexp(np.array([])))

#: import scipy and use special
import scipy.special as sp
import numpy as np
print(sp.softmax(np.arange(3.0)), sp.logsumexp(np.arange(3.0)))

#: softmax with a bad axis
from scipy.special import softmax
import numpy as np
softmax(np.ones((2, 2)), axis=2)
