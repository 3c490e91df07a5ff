# The Python dialect's golden corpus: how numpy prints, under its print options.

#: threshold summarisation of a long vector
import numpy as np
x = np.arange(2000)
print(x)
print(repr(x))
print(np.arange(1001.0))

#: threshold summarisation of a matrix
import numpy as np
print(np.arange(1200).reshape(40, 30))

#: threshold summarisation of a 3-d array
import numpy as np
print(np.arange(2400.0).reshape(12, 10, 20))

#: small threshold and edgeitems
import numpy as np
np.set_printoptions(threshold=10, edgeitems=2)
print(np.arange(20))
print(np.arange(30).reshape(5, 6))
print(repr(np.arange(12.0)))

#: edgeitems one
import numpy as np
np.set_printoptions(threshold=5, edgeitems=1)
print(np.arange(100).reshape(10, 10))
print(np.array([True, False] * 10))

#: threshold exactly at the size
import numpy as np
np.set_printoptions(threshold=6)
print(np.arange(6), np.arange(7))

#: linewidth wrapping of a vector
import numpy as np
print(np.arange(40))
print(np.linspace(0, 1, 15))
np.set_printoptions(linewidth=40)
print(np.arange(30))
print(repr(np.arange(20.0)))

#: linewidth wrapping of a matrix
import numpy as np
np.set_printoptions(linewidth=30)
print(np.arange(24).reshape(2, 12))
print(repr(np.arange(24.0).reshape(3, 8) / 7))

#: repr wrapping of long float rows
import numpy as np
print(repr(np.linspace(-1, 1, 12)))
print(repr(np.arange(16, dtype=np.float32) / 3))

#: suppress small numbers
import numpy as np
x = np.array([1e-10, 1.0, 123.456])
print(x)
np.set_printoptions(suppress=True)
print(x)
print(np.array([1e-10, 1e-12]), np.array([1e10, 1.5]))

#: precision option
import numpy as np
x = np.array([np.pi, np.e, 1 / 3])
for p in [0, 1, 3, 10]:
    np.set_printoptions(precision=p)
    print(x, np.float64(np.pi))

#: printoptions context restores
import numpy as np
x = np.array([1 / 3, 2 / 3])
with np.printoptions(precision=2, suppress=True):
    print(x, np.array([1e-8, 1.0]))
print(x)
with np.printoptions(threshold=3, edgeitems=1):
    print(np.arange(10))
print(np.arange(10))

#: get_printoptions values
import numpy as np
o = np.get_printoptions()
print(o["precision"], o["threshold"], o["edgeitems"], o["linewidth"], o["suppress"])
np.set_printoptions(precision=4, linewidth=100)
o = np.get_printoptions()
print(o["precision"], o["linewidth"])

#: float32 arrays
import numpy as np
x = np.array([0.1, 0.2, 1 / 3], dtype=np.float32)
print(x, repr(x), x * 3, repr(np.float32([1e-5, 1.0])), repr(np.float32([1e20, 1.0])), repr(np.float32([[1.5, 2], [3, 4.25]])))

#: float32 scalars
import numpy as np
print(np.float32(0.1), repr(np.float32(0.1)), repr(np.float32(1e20)), repr(np.float32(1 / 3)), np.float32(16777217), repr(np.float32(-0.0)))

#: int arrays widths and signs
import numpy as np
print(np.array([-1, 10, -100, 1000]), repr(np.array([[1, -1], [100000, 7]])), repr(np.array([1, 2], dtype=np.int32)), repr(np.array([2**40, -3])))

#: bool arrays
import numpy as np
print(np.array([True, False]), repr(np.array([[True], [False]])), repr(np.array([], dtype=bool)), np.array(True), repr(np.array(False)))

#: zero-d arrays
import numpy as np
print(np.array(1.5), repr(np.array(1.5)), repr(np.array(3)), repr(np.array(3, dtype=np.int32)), repr(np.array(1.5, dtype=np.float32)), str(np.array(-0.0)), np.array(2.0)[()])

#: numpy scalar reprs
import numpy as np
print(repr(np.float64(1.5)), repr(np.float64(1e300)), repr(np.float64(np.nan)), repr(np.float64(-np.inf)), repr(np.int64(-3)), repr(np.int32(7)), repr(np.bool_(True)))
print(np.float64(1e16), np.float64(0.1 + 0.2), np.float64(1e-7), np.int64(2) ** 62, [np.float64(1.5), np.int64(2)], (np.float32(2.5),))

#: reduction results are numpy scalars
import numpy as np
x = np.array([[1.0, 2.0], [3.0, 4.0]])
print(repr(x.sum()), repr(x.mean()), repr(x[0, 0]), repr(np.arange(3).sum()), repr(np.float32([1.5]).max()), [x.max(), x.argmax()])

#: empty arrays of several shapes
import numpy as np
print(repr(np.zeros((0,))), repr(np.zeros((2, 0), dtype=int)), repr(np.zeros((0, 3), dtype=np.float32)), np.zeros((0, 2, 2)), repr(np.array([], dtype=np.int32)))

#: nan and inf in arrays
import numpy as np
print(np.array([np.nan, 1.5, -np.inf]), repr(np.array([np.nan, np.inf], dtype=np.float32)), np.array([np.nan]), np.array([[np.inf, 1e-10], [1.0, 2.0]]))

#: scientific notation switch
import numpy as np
print(np.array([1e-5, 1.0]), np.array([1e16, 1.0]), np.array([1.5e-4, 1.0]), np.array([0.001, 1000.0]), np.array([1e-300, 1e300]), np.array([123456789.0, 0.5]))

#: mixed magnitudes in a matrix
import numpy as np
print(np.array([[1.0, 2.5, -3.75], [100.125, 0.0, 1e-3]]))
print(repr(np.array([[1.0, 2.5], [-1000.5, 0.001]])))

#: negative zero and rounding in printing
import numpy as np
print(np.array([-0.0, 0.0]), np.array([0.5, -0.5]).round(), np.array([2.675, 1.005]), repr(np.array([1e-17, 1.0]) + 1))

#: sign option
import numpy as np
np.set_printoptions(sign="+")
print(np.array([1.5, -2.0, 0.0]), np.array([1, -2]))
np.set_printoptions(sign=" ")
print(np.array([1.5, 2.0]))

#: floatmode option
import numpy as np
x = np.array([1.0, 0.5, 0.123456789])
for mode in ["fixed", "unique", "maxprec", "maxprec_equal"]:
    np.set_printoptions(floatmode=mode, precision=4)
    print(mode, x)

#: printing in containers and f-strings
import numpy as np
x = np.array([1.5, 2.0])
print([x, x], {"w": x}, (x,), f"{x}", f"{x!r}", str(x), f"{np.float64(2.5):.3f}", f"{x.sum():8.2f}", "%.2f" % np.float32(1.25))

#: large integers and float64 scalar formats
import numpy as np
print(np.float64(123456789012.0), np.float64(1e15), np.float64(1.0), np.float64(100.0), np.float64(-1e-5), np.float32(1e15), np.float32(123456.7))

#: bad precision option
import numpy as np
np.set_printoptions(precision=1.5)

#: bad sign option
import numpy as np
np.set_printoptions(sign="x")
