# The Python dialect's golden corpus: str methods and formatting.

#: join split
print("-".join(["a", "b", "c"]), ", ".join(str(i) for i in range(3)), "".join([]))
print("a b  c\td\n".split(), "a,b,,c".split(","), "a,b,c".split(",", 1), "  x  ".split(" "), "a b c".rsplit(None, 1), "1,2,3".rsplit(",", 1))

#: strip family
print(repr("  pad  ".strip()), repr("xxhixx".strip("x")), repr("  l".lstrip()), repr("r  ".rstrip()), repr("abcba".strip("ab")))

#: case methods
print("Hello World".upper(), "Hello World".lower(), "hello world".title(), "hello World".capitalize(), "AbC".swapcase(), "ß".upper())

#: replace find index count
s = "the cat and the hat"
print(s.replace("the", "a"), s.replace("the", "a", 1), s.find("at"), s.rfind("at"), s.find("zz"), s.index("and"), s.count("at"), s.count("t"))
print("aaa".replace("", "-"), "abc".find("c", 1, 2), s.rindex("the"), "".count(""))

#: startswith endswith
print("report.py".endswith(".py"), "report.py".startswith("rep"), "x.txt".endswith((".py", ".txt")), "abc".startswith("b", 1))

#: predicates
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalnum(), " \t".isspace(), "ABC".isupper(), "abc".islower(), "".isdigit(), "Ab".isupper())

#: padding
print(repr("ab".center(6)), repr("ab".center(7, "*")), repr("ab".ljust(5, ".")), repr("ab".rjust(5)), "42".zfill(5), "-42".zfill(5), repr("abc".center(2)))

#: partition splitlines and more
print("key=value=x".partition("="), "key=value=x".rpartition("="), "none".partition("="))
print("a\nb\r\nc".splitlines(), "a\nb\n".splitlines(True), "prefix_name".removeprefix("prefix_"), "file.py".removesuffix(".py"))

#: str.format
print("{} + {} = {}".format(1, 2, 3), "{1} {0} {1}".format("a", "b"), "{name} is {age}".format(name="Ann", age=7))
print("{:>6.2f}|{:<4d}|{:^5}|".format(3.14159, 42, "x"), "{0[1]} {0[0]}".format(["a", "b"]), "{:,}".format(10 ** 6), "{!r:>6}".format("q"))

#: format specs for floats
for v in [0.0, 1.0, -2.5, 1234.5678, 1e-5, 1e20, float("inf"), float("nan")]:
    print(f"{v:.3f} {v:.2e} {v:10.4f}| {v:+.1f} {v:g} {v:.3g} {v:%}" if v == v and abs(v) != float("inf") else f"{v:.3f} {v:e} {v:g}")

#: format specs for ints and strings
print(f"{5:03d} {-5:03d} {5:+d} {5: d} {1000000:_d} {255:#b} {65:c} {'text':.2} {'t':*^5} {12:=+6}")

#: percent formatting
print("%d items cost %.2f" % (3, 4.5), "%s and %r" % ("a", "b"), "%5s|%-5s|" % ("x", "y"), "%x %o %e" % (255, 8, 12345.678))
print("%(name)s is %(n)d" % {"name": "k", "n": 2}, "100%%" % (), "%3d%%" % 50, "%.3s" % "abcdef", "%g" % 0.0001, "%i" % 3.9)

#: str repr escapes
print(repr("a\\b"), repr("\x00\x1f"), repr("é"), repr("\u200b"), repr("quote'"), repr("both'\""), str("plain"))

#: indexing and iterating strings
s = "héllo"
print(s[1], s[-1], s[1:3], [c for c in s], list(reversed(s))[0], s * 2, s + "!", "l" in s)

#: string comparison and multiplication
print("abc" == "abc", "abc" < "abd", "Z" < "a", "a" * 3 < "b", sorted(["b", "A", "a", "B"]))

#: expandtabs and misc
print("a\tb".expandtabs(4), "x".join("abc"), str.upper("q"), "A".casefold(), "abc".isidentifier(), "1a".isidentifier())
