# The Python dialect's golden corpus: expressions and operators.

#: arithmetic precedence
print(2 + 3 * 4, (2 + 3) * 4, 2 ** 3 ** 2, -2 ** 2, (-2) ** 2, 2 ** -1)
print(10 - 4 - 3, 100 / 10 / 5, 2 * 3 % 4, -7 + +3, ~5, - - 4)

#: integer division and modulo floor
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(divmod(17, 5), divmod(-17, 5))

#: float floor division and modulo
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 5 % -1.5, 0.3 // 0.1, -0.0 % 1.0)

#: true division and mixed int float
print(7 / 2, 6 / 3, 1 / 3, 2 ** 0.5, 3 * 1.5, 10 - 0.1, 1e300 * 10, 1 + True, True + True)

#: powers
print(2 ** 10, 2 ** 62, (-3) ** 3, 0 ** 0, 2.0 ** 3, 9 ** 0.5, 10 ** -2, (-8) ** 2)

#: bitwise operators
print(12 & 10, 12 | 10, 12 ^ 10, ~12, 1 << 10, 1024 >> 3, -16 >> 2, True & False, True | False)

#: comparison chains
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 == 5.0, 1 <= 1 < 2 <= 2, 3 > 2 > 1 > 0)
print(1 == 1.0, 2 != 2.0, "a" < "b", "apple" < "apricot", [1, 2] < [1, 3], (1, 2) < (1, 2, 0))

#: identity and membership
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, None is None, 3 in a, 3 not in a)
print("ell" in "hello", "z" not in "hello", 2 in (1, 2), "k" in {"k": 1}, 4 in {4, 5}, 5 in range(0, 10, 5))

#: and or not short circuit
def loud(v):
    print("eval", v)
    return v
print(loud(0) and loud(1))
print(loud(2) or loud(3))
print(not 0, not "", not [1], 0 or "" or None, 1 and "x" and [2])

#: conditional expression
for n in range(4):
    print("even" if n % 2 == 0 else "odd", "big" if n > 2 else "small" if n > 0 else "zero")

#: truthiness
for v in [0, 1, 0.0, -0.5, "", "a", [], [0], (), {}, {"a": 1}, set(), None, range(0), range(2)]:
    print(repr(v), bool(v))

#: list comprehensions
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[r * c for c in range(3)] for r in range(3)])

#: dict and set comprehensions
print({k: v for k, v in zip("abc", range(3))})
print({x % 3 for x in range(10)})
print({n: n ** 2 for n in range(5) if n != 2})

#: generator expressions
print(sum(x * x for x in range(5)), max(len(w) for w in ["a", "bbb", "cc"]))
g = (c.upper() for c in "abc")
print(list(g), list(g))
print(any(x > 3 for x in [1, 5]), all(x > 0 for x in []))

#: comprehension scope does not leak
x = "outer"
ys = [x for x in range(3)]
print(x, ys)

#: slicing lists and strings
xs = list(range(10))
s = "abcdefghij"
print(xs[2:5], xs[:3], xs[7:], xs[::2], xs[::-1], xs[-3:], xs[1:-1:3], xs[8:2:-2], xs[100:], xs[-100:2])
print(s[1:4], s[::-1], s[::3], s[-1], s[-2:], s[:0])

#: slice assignment and deletion
xs = list(range(8))
xs[1:3] = ["a", "b", "c"]
xs[::4] = [100, 200, 300]
del xs[-2:]
print(xs)
ys = [1, 2, 3, 4, 5]
del ys[::2]
print(ys)

#: tuples and nesting
t = (1, "two", [3])
t[2].append(4)
print(t, len(t), t[1][1], (1,), (), tuple("ab"), t + (5,), t * 2)

#: f-strings
name = "world"
x = 3.14159
n = 42
print(f"hello {name}!", f"{x:.2f}", f"{n:5d}|", f"{n:<5}|", f"{n:>5}|", f"{n:^7}|", f"{{braces}}")
print(f"{x!r}", f"{name!r}", f"{name!s}", f"{n:,}", f"{1234567.891:,.2f}", f"{0.25:.1%}", f"{n:08.3f}")

#: f-string self-documenting and nesting
x = 10
width = 6
print(f"{x=}", f"{x = }", f"{x*2=}", f"{x=:>4}", f"{'nested'}", f"{x:{width}}|", f"{[i for i in range(3)]}")
print(f"{'a' if x > 5 else 'b'}", f"{3.0:e}", f"{1e-7:g}", f"{255:x} {255:X} {255:o} {255:b} {255:#x}")

#: f-string with numpy values
import numpy as np
v = np.float64(2.5)
w = np.float32(0.1)
a = np.array([1.5, 2.0])
print(f"{v} {w} {a} {v:.3f} {w:.4f} {v!r} {a!r}")

#: multiline and raw strings
text = """first
second"""
raw = r"\n stays \t"
print(text)
print(raw, len(raw))
print('single \'quoted\'', "double \"quoted\"", 'tab\there', "uni\u00e9", "\x41\101")

#: string concatenation of literals
s = "a" "b" 'c'
t = ("long "
     "string")
print(s, t, f"x{1}" "y")

#: numbers and literals
print(1_000_000, 0xFF, 0o17, 0b101, 1e3, 2.5e-3, .5, 5., 1E2, 0x_ff)
print(1e16, 1e-5, 123456789.0, 0.1 + 0.2, 1/3, 2/3, 100.0, -0.0, 1e22, 3.0e-10)

#: float specials
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, inf > 1e308, nan == nan, nan != nan, inf - inf, float("-inf") < 0)

#: ellipsis and None
print(..., None, Ellipsis is ..., type(None).__name__)

#: chained attribute and call
class A:
    def __init__(self):
        self.items = {"k": [10, 20, 30]}
    def get(self):
        return self
print(A().get().get().items["k"][1:][0])

#: operator on str and list repetition
print("ab" * 3, 3 * "x", [0] * 4, [[1]] * 2, "-" * 0, [1, 2] * -1)

#: set operations
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, a ^ b, a <= a, {1} < a, b.issubset(a))

#: dict merge and unpacking
d1 = {"a": 1, "b": 2}
d2 = {"b": 3, "c": 4}
print(d1 | d2, {**d1, **d2, "d": 5}, [*d1, *"xy"], (*range(3),))
