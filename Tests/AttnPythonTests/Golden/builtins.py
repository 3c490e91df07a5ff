# The Python dialect's golden corpus: builtins.

#: print with sep and end
print("a", "b", "c", sep="-")
print("no newline", end="")
print(" continued", end="!\n")
print()
print(1, 2, sep="")
print("x", end="")

#: print of every kind of value
print(None, True, 3, -2.5, "s", [1, "a", None], (1,), {"k": [1, 2]}, {3}, set(), range(3), range(1, 9, 2))
print([1.0, 0.1, 1e-10, 1e16, float("nan")], ("a", 'b"c', "it's"))

#: len
print(len("héllo"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 2}), len(range(0, 10, 3)), len(""))

#: range
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)), list(range(0)), range(5)[2], range(0, 20, 5)[-1])
print(list(range(10)[2:8:2]), 3 in range(5), range(5).index(3) if hasattr(range(5), "index") else 3)

#: enumerate and zip
for i, c in enumerate("ab"):
    print(i, c)
print(list(enumerate(["x", "y"], start=1)))
print(list(zip([1, 2, 3], "ab")), list(zip()), dict(zip(["k1", "k2"], [1, 2])))

#: sum min max
print(sum([1, 2, 3]), sum([0.1] * 10), sum([[1], [2]], []), sum(range(101)), sum([], 5))
print(min(3, 1, 2), max([4, 9, 2]), min("hello"), max("b", "a", key=str.upper), min([], default="empty"))
print(max([(1, "b"), (1, "a")]), min([-3, 2], key=abs), max({"x": 1, "y": 2}))

#: abs and round
print(abs(-3), abs(2.5), abs(-0.0), abs(True))
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(2.675, 2), round(1234.5678, -2), round(7, -1), round(1.25, 1))
print(round(3.14159, 3), round(-1.005, 2), round(2.5, 0), round(1e15), round(0.1 + 0.2, 1))

#: int float str bool conversions
print(int("42"), int(" -7 "), int(3.99), int(-3.99), int("ff", 16), int("0b101", 0), int("1_000"), int(True))
print(float("3.5"), float("1e-3"), float(2), float("inf"), float(" -0.5 "), str(1.0), str(12), str([1, "a"]))
print(bool(0), bool([]), bool("False"), bool(0.1), str(None), str(True))

#: list tuple dict set constructors
print(list("abc"), list((1, 2)), tuple([1, 2]), dict(a=1, b=2), dict([("x", 1)]), set([1, 3, 1]), list(), tuple(), dict(), set())
print(list({"k": 1, "j": 2}), list(range(3)), dict({"a": 1}, b=2))

#: sorted and reversed
print(sorted([3, 1, 2]), sorted("cba"), sorted([3, 1, 2], reverse=True), sorted(["bb", "a", "ccc"], key=len))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))), sorted({3: "a", 1: "b"}))
print(sorted([(2, "b"), (1, "z"), (2, "a")]), sorted([1, 2, 3, 4], key=lambda v: v % 2))

#: isinstance and type
print(isinstance(3, int), isinstance(True, int), isinstance(3.0, int), isinstance("s", (int, str)), isinstance([], list))
print(type(3), type(3.0), type("s"), type([]), type(None), type(type(3)), type(3) is int, type(True).__name__)
class K: pass
print(type(K()).__name__, isinstance(K(), K), isinstance(K(), object), issubclass(bool, int))

#: repr and format
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\tnew\nline\\"), repr(1.5), repr([1, "x"]))
print(format(3.14159, ".2f"), format(42, "05d"), format("x", ">3"), format(0.5, "%"), format(1234, ","), format(7))

#: map filter any all
print(list(map(str, [1, 2])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])), list(filter(None, [0, 1, "", "a"])))
print(list(filter(lambda n: n % 2, range(10))), any([0, 0, 1]), all([1, 1, 0]), any([]), all([]))

#: iter and next
it = iter([10, 20])
print(next(it), next(it), next(it, "done"))
letters = iter("xy")
print(list(letters), list(letters))

#: chr ord hex bin oct
print(chr(65), chr(233), ord("a"), ord("€"), hex(255), hex(-255), bin(10), oct(64))

#: divmod pow hash callable
print(divmod(7, -2), divmod(7.5, 2), pow(2, 10), pow(2, 10, 1000), pow(2.0, -1), hash(1) == hash(1.0), callable(len), callable(3))

#: getattr setattr hasattr
class Obj:
    x = 1
o = Obj()
setattr(o, "y", 2)
print(getattr(o, "x"), getattr(o, "y"), getattr(o, "z", "default"), hasattr(o, "y"), hasattr(o, "z"))
delattr(o, "y")
print(hasattr(o, "y"))

#: slice objects
s = slice(1, 5, 2)
print(s, [0, 1, 2, 3, 4, 5][s], "abcdef"[slice(3)], s.start, s.stop, s.step)

#: id of same object
a = [1]
b = a
print(id(a) == id(b), id(a) == id([1]))
