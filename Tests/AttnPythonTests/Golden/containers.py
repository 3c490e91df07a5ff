# The Python dialect's golden corpus: list, tuple, dict and set methods.

#: list append extend insert
xs = [1]
xs.append(2)
xs.extend([3, 4])
xs.extend("ab")
xs.insert(0, "first")
xs.insert(-1, "before last")
xs.insert(100, "end")
print(xs)

#: list pop remove index count
xs = [5, 3, 5, 1, 5]
print(xs.pop(), xs.pop(0), xs, xs.index(5), xs.count(5))
xs.remove(5)
print(xs, xs.index(1, 0, 2))

#: list sort reverse copy clear
xs = [3, 1, 4, 1, 5, 9, 2, 6]
ys = xs.copy()
xs.sort()
print(xs, ys)
ys.sort(reverse=True)
ys.reverse()
print(ys)
words = ["banana", "Apple", "cherry"]
words.sort(key=str.lower)
print(words)
words.clear()
print(words, len(words))

#: lists are shared references
a = [1, 2]
b = a
b.append(3)
c = a[:]
c.append(4)
nested = [[0] * 2] * 2
nested[0][0] = 9
print(a, b, c, nested)

#: list equality and nesting
print([1, [2, 3]] == [1, [2, 3]], [1, 2] == [2, 1], [] == [], [1, 2] != (1, 2), [[1, 2], [3]][0][1])

#: list containing itself
xs = [1]
xs.append(xs)
print(xs)

#: tuple methods
t = (1, 2, 2, 3)
print(t.count(2), t.index(3), t[1:], t + (4,), tuple(reversed(t)), min(t), len(t))

#: dict get items keys values
d = {"b": 2, "a": 1}
d["c"] = 3
print(d.get("a"), d.get("z"), d.get("z", 0), list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items(), len(d), "b" in d, 2 in d)

#: dict pop setdefault update
d = {"x": 1}
print(d.pop("x"), d.pop("missing", "dflt"), d)
d.setdefault("k", []).append(1)
d.setdefault("k", []).append(2)
d.update({"m": 3}, n=4)
d.update([("o", 5)])
print(d, d.setdefault("k"))

#: dict insertion order and overwrite
d = {}
for k in ["z", "a", "m"]:
    d[k] = len(d)
d["a"] = 100
del d["z"]
d["z"] = -1
print(d, list(d))

#: dict with int float and tuple keys
d = {1: "int", (1, 2): "tuple", None: "none"}
d[1.0] = "float"
d[True] = "bool"
print(d, d[(1, 2)], {0: "a", False: "b"})

#: dict copy clear popitem fromkeys
d = {"a": 1, "b": 2}
e = d.copy()
e["c"] = 3
print(d, e, e.popitem(), dict.fromkeys("ab", 0), dict.fromkeys([1, 2]))
d.clear()
print(d)

#: iterating dict views live
d = {"a": 1}
keys = d.keys()
d["b"] = 2
print(keys, sorted(d.values()), [k for k in d], [(k, v) for k, v in d.items()])

#: counting with dicts
text = "the quick the lazy the end"
counts = {}
for word in text.split():
    counts[word] = counts.get(word, 0) + 1
print(counts, max(counts, key=counts.get))

#: set methods
# (attn's sets iterate in insertion order, CPython's in hash order: the
# snippet prints sets whose two orders agree, or sorted ones.)
s = {1, 3}
s.add(2)
s.add(3)
s.discard(10)
s.remove(1)
print(sorted(s), len(s), 2 in s, sorted(s.union({5})), s.intersection([2, 9]), s.difference({3}), s.symmetric_difference({3, 4}))
t = set()
t.update([1, 2], (3,))
print(t, t.issuperset({1}), t.isdisjoint({7}), t.copy() == t, t.pop(), t)

#: nested data structures
data = {"layers": [{"name": "attn", "heads": 8}, {"name": "mlp", "hidden": 2048}]}
print(data["layers"][0]["heads"] * 2, [layer["name"] for layer in data["layers"]], data)

#: sorting stability and keys
records = [("b", 2), ("a", 2), ("c", 1), ("d", 1)]
print(sorted(records, key=lambda r: r[1]), sorted(records, key=lambda r: r[1], reverse=True))

#: list of lists matrix
matrix = [[1, 2, 3], [4, 5, 6]]
transposed = [list(row) for row in zip(*matrix)]
flat = [x for row in matrix for x in row]
print(transposed, flat, [sum(r) for r in matrix], len(matrix[0]))
