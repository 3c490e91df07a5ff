# The Python dialect's golden corpus: programs that fail. The test requires
# the exception's type, its message (as CPython words it) and its line.

#: name error after output
print("before")
print(undefined_name)
print("after")

#: unbound local
x = 1
def f():
    print(x)
    x = 2
f()

#: type error adding int and str
total = 1
label = "a"
print(total + label)

#: str concatenation error
print("n = " + 5)

#: list index out of range
xs = [1, 2, 3]
print(xs[3])

#: tuple and string index out of range
t = (1,)
s = "ab"
print(s[1])
print(t[1])

#: key error
d = {"a": 1}
print(d["b"])

#: zero division int
print(10 // 0)

#: zero division float
print(1.0 / 0)

#: modulo by zero
print(5 % 0)

#: call with too many arguments
def two(a, b):
    return a + b
two(1, 2, 3)

#: missing argument
def two(a, b):
    return a + b
two(1)

#: unexpected keyword
def one(a):
    return a
one(a=1, b=2)

#: attribute error on instance
class C:
    pass
C().missing

#: attribute error on builtin
[1, 2].push(3)

#: not callable
x = 5
x()

#: unpack too many
a, b = [1, 2, 3]

#: unpack too few
a, b, c = (1, 2)

#: value error int parse
int("twelve")

#: value error list remove
[1, 2].remove(7)

#: error inside nested calls
def inner(v):
    return v["missing"]
def outer():
    return inner({})
outer()

#: comparison type error
print(sorted([3, "a", 1]))

#: numpy broadcast error
import numpy as np
a = np.ones(3)
b = np.ones(4)
print(a + b)

#: numpy index out of bounds
import numpy as np
x = np.arange(3)
print(x[5])

#: numpy too many indices
import numpy as np
x = np.arange(3)
print(x[0, 1])

#: numpy reshape error
import numpy as np
np.arange(6).reshape(4, 2)

#: numpy truth value ambiguous
import numpy as np
x = np.array([1, 2])
if x > 0:
    print("positive")

#: numpy axis error
import numpy as np
np.zeros((2, 3)).sum(axis=2)

#: recursion too deep
def down(n):
    return down(n + 1)
down(0)

#: syntax error unclosed bracket
x = [1, 2
print(x)

#: syntax error bad indentation
def f():
    x = 1
      y = 2

#: syntax error missing colon
if True
    print("yes")

#: indentation error expected block
for i in range(3):
print(i)

#: syntax error invalid target
f() = 3

#: math domain error
import math
math.sqrt(-1)

#: overflow from float power
print(10.0 ** 400)

#: raise custom exception class
class MyError(Exception):
    pass
raise MyError("custom message")

#: integer to negative power in numpy
import numpy as np
print(np.arange(3) ** -1)

#: assert without message
assert 1 > 2

#: in-place cast error
import numpy as np
a = np.array([1, 2])
a += 0.5
