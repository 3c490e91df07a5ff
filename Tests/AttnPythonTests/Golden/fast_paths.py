# The Python dialect's golden corpus: the paths a loop takes many times
# (global names, one-element assignment, a ufunc of one float), with the
# cases where they must give way to the general rules.

#: one element of a float64 array, from floats, ints and numpy scalars
import numpy as np
a = np.zeros((2, 3))
a[0, 1] = 0.1
a[1, -1] = 7
a[-2, 0] = np.sin(0.5)
a[1, 0] = np.float32(0.1)
a[1, 1] = True
print(repr(a))

#: one element of a float32 array rounds as numpy's cast does
import numpy as np
b = np.zeros(3, dtype=np.float32)
b[0] = 0.1
b[1] = np.float64(1 / 3)
b[-1] = 16777217
print(repr(b), b[0] == np.float32(0.1))

#: one element of an int array truncates as numpy does
import numpy as np
c = np.zeros((2, 2), dtype=np.int64)
c[0, 0] = 2.9
c[1, 1] = -2.9
c[0, 1] = np.float64(3.7)
print(c)

#: an index out of range is numpy's IndexError
import numpy as np
d = np.zeros((2, 3))
d[0, 3] = 1.0

#: a negative index out of range is numpy's IndexError
import numpy as np
d = np.zeros(4)
d[-5] = 1.0

#: nan into an int array is numpy's error
import numpy as np
e = np.zeros(2, dtype=np.int64)
e[0] = float("nan")

#: a whole row from one float broadcasts
import numpy as np
f = np.zeros((2, 3))
f[1] = 2.5
f[0, :] = np.cos(0.0)
print(f)

#: np.sin and np.cos of Python floats, ints and arrays
import numpy as np
print(repr(np.sin(0.5)), repr(np.cos(2)), np.sin([0.0, 1.0]), repr(np.sin(np.float32(0.5))))
print(repr(np.sin(x=0.25)), type(np.sin(1.0)).__name__)

#: a global rebound, deleted and bound again in a loop
total = 0
for k in range(5):
    total = total + k
print(total)
del total
total = "again"
print(total)
del total
print(total)

#: a global shadowing a builtin, then deleted
len = lambda x: 42
print(len([1, 2]))
del len
print(len([1, 2]))

#: globals written by functions and read at the top level
count = 0
def bump():
    global count
    count += 1
for _ in range(1000):
    bump()
print(count)

#: the positional-encoding table, filled one element at a time
import numpy as np
pe = np.zeros((8, 6))
for pos in range(8):
    for i in range(0, 6, 2):
        angle = pos / (10000 ** (i / 6))
        pe[pos, i] = np.sin(angle)
        pe[pos, i + 1] = np.cos(angle)
print(pe)
print(pe.sum())
