# The Python dialect's golden corpus: statements. Each snippet starts at a
# line `#: name` and runs on its own; scripts/python_golden.py records what
# python3 prints for it in expected.json.

#: assignment chained and unpacked
a = b = 3
x, y = 1, 2
x, y = y, x
[p, q] = "hi"
(m, (n, o)) = (1, (2, 3))
print(a, b, x, y, p, q, m, n, o)

#: starred unpacking
first, *rest = [1, 2, 3, 4]
*init, last = range(5)
head, *middle, tail = "abcde"
print(first, rest, init, last, head, middle, tail)
a, *b = [1]
print(a, b)

#: assignment to subscripts and attributes
xs = [0, 0, 0]
xs[1] = 5
xs[-1] += 2
d = {}
d["k"] = 1
d["k"] += 10
class Box: pass
box = Box()
box.value = 3
box.value *= 4
print(xs, d, box.value)

#: augmented assignment on every operator
n = 17
n += 3; n -= 1; n *= 2; n //= 3; n %= 7; n **= 3
f = 10.0
f /= 4; f -= 0.5
bits = 0b1100
bits &= 0b1010; bits |= 1; bits ^= 0b11; bits <<= 2; bits >>= 1
print(n, f, bits)

#: list += extends in place
xs = [1]
ys = xs
xs += [2, 3]
xs *= 2
print(xs, ys, xs is ys)

#: if elif else
for v in [-2, 0, 3, 10]:
    if v < 0:
        print(v, "negative")
    elif v == 0:
        print(v, "zero")
    elif v < 5:
        print(v, "small")
    else:
        print(v, "large")

#: for with break continue and else
for i in range(10):
    if i % 2 == 0:
        continue
    if i > 6:
        break
    print(i)
else:
    print("not reached")
for i in range(3):
    pass
else:
    print("loop finished", i)

#: while with else
n = 5
total = 0
while n > 0:
    total += n
    n -= 1
else:
    print("done", total)
while True:
    n += 1
    if n == 3:
        break
print(n)

#: nested loops over tuples and dicts
pairs = [(1, "a"), (2, "b")]
for number, letter in pairs:
    for repeat in range(number):
        print(letter * (repeat + 1))
for key, value in {"x": 1, "y": 2}.items():
    print(key, value)

#: pass assert and del
pass
assert 1 + 1 == 2, "arithmetic"
xs = [1, 2, 3, 4]
del xs[0]
del xs[-1]
d = {"a": 1, "b": 2}
del d["a"]
y = 5
del y
print(xs, d)

#: def with defaults keywords and varargs
def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, sorted(kwargs.items()))
print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, f=10))
print(f(b=1, a=0, c=2, d=3))

#: keyword-only and positional-only parameters
def g(x, /, y, *, z):
    return x + y * z
print(g(1, 2, z=3), g(1, y=2, z=3))

#: call with star and double star
def h(a, b, c=0, **rest):
    return a, b, c, rest
args = (1, 2)
kw = {"c": 3, "d": 4}
print(h(*args, **kw))
print(h(*[5], *[6]))
print(h(1, **{"b": 2}))

#: return without value and implicit None
def nothing():
    return
def implicit():
    x = 1
print(nothing(), implicit())

#: closures and nonlocal
def counter():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step
c = counter()
c(); c()
print(c())
def adders():
    return [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders()])

#: global statement
total = 0
def add(n):
    global total
    total += n
add(3); add(4)
print(total)

#: recursion
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
print(fib(15), fact(20))

#: lambda and sorted with key
people = [("bob", 25), ("alice", 30), ("carol", 25)]
print(sorted(people, key=lambda p: (p[1], p[0])))
square = lambda x: x * x
print(square(7), (lambda: "no args")())

#: class with init methods and attributes
class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)
p = Point(3, 4)
q = p.moved(1)
print(p.norm2(), q.x, q.y, Point.dims, p.dims)

#: inheritance and super
class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + " makes a sound"
    def describe(self):
        return "I am " + self.name
class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return super().speak() + " (woof)"
d = Dog("Rex", "lab")
print(d.speak(), d.describe(), d.breed, isinstance(d, Animal), isinstance(d, Dog))

#: class with dunder methods
class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __add__(self, other):
        return Vec(*[a + b for a, b in zip(self.xs, other.xs)])
    def __mul__(self, k):
        return Vec(*[a * k for a in self.xs])
    def __len__(self):
        return len(self.xs)
    def __getitem__(self, i):
        return self.xs[i]
    def __eq__(self, other):
        return self.xs == other.xs
    def __repr__(self):
        return f"Vec({', '.join(map(str, self.xs))})"
v = Vec(1, 2) + Vec(3, 4)
print(v, v * 2, len(v), v[0], v == Vec(4, 6), list(v))

#: class attributes shared and shadowed
class Config:
    items = []
    level = 1
a, b = Config(), Config()
a.items.append("x")
a.level = 5
print(b.items, a.level, b.level, Config.level)

#: str and repr of instances
class Named:
    def __init__(self, n):
        self.n = n
    def __str__(self):
        return "Named " + str(self.n)
x = Named(3)
print(x, str(x), [str(x)])

#: staticmethod classmethod and property
class Temp:
    scale = "C"
    def __init__(self, c):
        self._c = c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def unit():
        return "degrees"
    @classmethod
    def make(cls, c):
        return cls(c)
t = Temp.make(100)
print(t.fahrenheit, Temp.unit(), t.unit(), Temp.scale)

#: decorators
def twice(f):
    def wrapper(*args):
        return f(f(*args))
    return wrapper
@twice
def inc(x):
    return x + 1
print(inc(5))

#: with printoptions
import numpy as np
x = np.array([1.123456789, 2.5])
with np.printoptions(precision=3):
    print(x)
print(x)

#: with errstate
import numpy as np
with np.errstate(divide="ignore"):
    print(np.array([1.0, 0.0]) / 0.0)

#: import forms
import math
import numpy as np
from math import sqrt, pi as PI
from numpy import array, float32
import matplotlib.pyplot as plt
print(math.floor(2.7), np.sqrt(4.0), sqrt(9), PI, array([1, 2]), float32(0.5))
plt.plot([1, 2], [3, 4])
plt.title("nothing drawn")
plt.show()

#: from import star
from math import *
print(floor(2.5), ceil(2.5), e)

#: raise with a message
def check(x):
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x
print(check(1))
check(-5)

#: assert failing
x = 3
assert x < 2, f"x is {x}"

#: del then use
y = 1
del y
print(y)

#: break out of nested loop via flag
found = None
for i in range(5):
    for j in range(5):
        if i * j == 6:
            found = (i, j)
            break
    if found:
        break
print(found)

#: annotated assignment
count: int = 3
name: str
print(count)

#: semicolons and one-line blocks
a = 1; b = 2; c = a + b
if c == 3: print("three")
for i in range(2): print(i)
while c > 2: c -= 1
print(c)

#: comments and line joining
total = (1 +   # a comment inside brackets
         2 +
         3)
other = 1 + \
    2
items = [
    1,
    2,
]
print(total, other, items)

#: with a user context manager
class Section:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, kind, value, traceback):
        print("exit", self.name, kind)
        return False
with Section("a") as first, Section("b") as second:
    print("inside", first, second)
print("after")

#: three levels of inheritance with super
class Base:
    def __init__(self):
        self.trace = ["Base"]
    def hello(self):
        return "base"
class Middle(Base):
    def __init__(self):
        super().__init__()
        self.trace.append("Middle")
    def hello(self):
        return "middle>" + super().hello()
class Leaf(Middle):
    def __init__(self):
        super().__init__()
        self.trace.append("Leaf")
    def hello(self):
        return "leaf>" + super().hello()
leaf = Leaf()
print(leaf.trace, leaf.hello(), isinstance(leaf, (int, Base)), issubclass(Leaf, Middle), Leaf.__base__.__name__)

#: str and repr in containers
class Thing:
    def __repr__(self):
        return "Thing()"
    def __str__(self):
        return "a thing"
t = Thing()
print(t, [t], (t,), {"k": t}, str([t]), f"{t}", f"{t!r}", "%s %r" % (t, t))

#: for else with break and nested functions
def find(items, target):
    for i, item in enumerate(items):
        if item == target:
            break
    else:
        return -1
    return i
print(find([4, 5, 6], 5), find([4, 5, 6], 9), find([], 1))

#: while loop with complex condition and augmented ops on subscripts
grid = [[0] * 3 for _ in range(3)]
r = c = 0
while r < 3 and c < 3:
    grid[r][c] += r * 3 + c + 1
    r, c = r + 1, c + 1
grid[0][2] -= 5
print(grid)
