# The Python dialect's golden corpus: numpy's random streams (np.random's
# global RandomState, RandomState objects, default_rng's Generator).

#: seed 0 then rand, the first numbers every tutorial shows
import numpy as np
np.random.seed(0)
print(np.random.rand(3))
print(np.random.rand(2, 3))

#: rand with no argument is a Python float
import numpy as np
np.random.seed(0)
x = np.random.rand()
print(x, type(x), repr(x))

#: randn with no argument is a Python float
import numpy as np
np.random.seed(42)
x = np.random.randn()
print(x, type(x))

#: randn shapes
import numpy as np
np.random.seed(42)
print(np.random.randn(5))
print(np.random.randn(2, 2, 2))

#: the kept Gaussian carries between randn calls
import numpy as np
np.random.seed(1)
a = np.random.randn(3)
b = np.random.randn(3)
np.random.seed(1)
c = np.random.randn(6)
print(a, b)
print(c)
print(np.array_equal(np.concatenate([a, b]), c))

#: an odd count leaves a Gaussian kept for the next call
import numpy as np
np.random.seed(7)
print(np.random.randn(1), np.random.randn(1), np.random.randn())
print(np.random.standard_normal(2))

#: seed forgets the kept Gaussian
import numpy as np
np.random.seed(3)
np.random.randn()
np.random.seed(3)
print(np.random.randn(2))

#: random, random_sample, sample and ranf are one stream
import numpy as np
np.random.seed(123)
print(np.random.random(), np.random.random_sample(), np.random.sample(), np.random.ranf())
np.random.seed(123)
print(np.random.random(4))

#: random with size None, int and tuple
import numpy as np
np.random.seed(5)
print(type(np.random.random(None)))
print(np.random.random(2))
print(np.random.random((2, 2)))
print(np.random.random(size=(1, 3)))

#: size zero and empty shapes
import numpy as np
np.random.seed(0)
print(repr(np.random.rand(0)))
print(repr(np.random.randn(2, 0)))
print(repr(np.random.random(size=0)))
print(repr(np.random.randint(5, size=0)))
print(np.random.rand())

#: size of an empty tuple is a 0-d array
import numpy as np
np.random.seed(0)
x = np.random.random(size=())
print(repr(x), type(x), x.shape)
print(repr(np.random.randint(10, size=())))

#: seed 2**32 - 1, the largest
import numpy as np
np.random.seed(2**32 - 1)
print(np.random.rand(3))
print(np.random.randint(0, 100, 5))

#: an array of seeds
import numpy as np
np.random.seed([1, 2, 3])
print(np.random.rand(3))
np.random.seed(np.array([1, 2, 3]))
print(np.random.rand(3))
np.random.seed((0, 2**32 - 1))
print(np.random.rand(2))

#: numpy integers and 0-d arrays as seeds
import numpy as np
np.random.seed(np.int64(9))
a = np.random.rand()
np.random.seed(np.array(9))
b = np.random.rand()
np.random.seed(np.array([9]))
c = np.random.rand()
np.random.seed(9)
print(a, b, c, np.random.rand() == a)

#: seed True is seed 1
import numpy as np
np.random.seed(True)
a = np.random.rand()
np.random.seed(1)
print(a == np.random.rand(), a)

#: randint returns a Python int for one value
import numpy as np
np.random.seed(0)
x = np.random.randint(5)
print(x, type(x))
y = np.random.randint(1, 7)
print(y, type(y))

#: randint arrays are int64
import numpy as np
np.random.seed(0)
a = np.random.randint(0, 10, size=(3, 4))
print(a)
print(a.dtype, repr(np.random.randint(-5, 5, 6)))

#: randint with keywords
import numpy as np
np.random.seed(10)
print(np.random.randint(low=1, high=3, size=8))
print(np.random.randint(100, size=5))
print(np.random.randint(-10, -5, size=(2, 3)))

#: randint dtypes
import numpy as np
np.random.seed(0)
a = np.random.randint(5, dtype=np.int64)
b = np.random.randint(5, dtype='int32')
c = np.random.randint(2, dtype=bool)
d = np.random.randint(5, dtype=int)
e = np.random.randint(2, dtype=np.bool_)
print(repr(a), repr(b), repr(c), repr(d), repr(e))
print(repr(np.random.randint(0, 100, 4, dtype=np.int32)))
print(repr(np.random.randint(0, 2, 6, dtype=bool)))

#: randint over wide ranges draws 64-bit words
import numpy as np
np.random.seed(1)
print(np.random.randint(0, 2**40, 3))
print(np.random.randint(-2**62, 2**62, 2))
print(np.random.randint(0, 2**32, 3))
print(np.random.randint(2**31, size=3, dtype=np.int32))

#: randint with high None
import numpy as np
np.random.seed(4)
print(np.random.randint(6, None, 5))

#: randint bound errors: high <= 0
import numpy as np
np.random.seed(0)
print(np.random.randint(3))
np.random.randint(0)

#: randint bound errors: low >= high
import numpy as np
x = 1
np.random.randint(5, 2)

#: randint bound errors: out of bounds for the dtype
import numpy as np
np.random.randint(0, 300, dtype=bool)

#: randint with a float dtype is a TypeError
import numpy as np
a = 1
b = 2
np.random.randint(0, 10, dtype=float)

#: normal with loc and scale
import numpy as np
np.random.seed(0)
print(np.random.normal())
print(np.random.normal(5, 2))
print(np.random.normal(loc=1.0, scale=0.1, size=4))
print(np.random.normal(size=(2, 2)))

#: normal with array parameters broadcasts
import numpy as np
np.random.seed(0)
print(np.random.normal([0, 10, 100], 1))
print(np.random.normal(0, [[1], [10]]))
print(np.random.normal([0, 1], [1, 2], size=(3, 2)))

#: normal's 0-d parameters still give a Python float
import numpy as np
np.random.seed(0)
x = np.random.normal(np.array(1.0), np.float64(2))
print(x, type(x))

#: normal with a negative scale
import numpy as np
np.random.seed(0)
np.random.normal(0, -1)

#: uniform
import numpy as np
np.random.seed(0)
print(np.random.uniform())
print(np.random.uniform(-1, 1, 5))
print(np.random.uniform(low=2, high=3, size=(2, 2)))
print(np.random.uniform(1, 0))

#: uniform with array bounds
import numpy as np
np.random.seed(2)
print(np.random.uniform([0, 10], [1, 20]))
print(np.random.uniform(0, [1, 2, 3], size=(2, 3)))

#: uniform over an infinite range is an OverflowError
import numpy as np
np.random.seed(0)
np.random.uniform(0, np.inf)

#: standard_normal
import numpy as np
np.random.seed(0)
x = np.random.standard_normal()
print(x, type(x))
print(np.random.standard_normal(3))
print(np.random.standard_normal((2, 3)))

#: choice from an integer
import numpy as np
np.random.seed(0)
x = np.random.choice(5)
print(x, type(x))
print(np.random.choice(10, 5))
print(np.random.choice(10, (2, 3)))

#: choice from a list gives numpy scalars
import numpy as np
np.random.seed(0)
x = np.random.choice([1.5, 2.5, 3.5])
y = np.random.choice([10, 20, 30])
print(repr(x), repr(y))
print(np.random.choice(np.array([True, False]), 4))

#: choice without replacement
import numpy as np
np.random.seed(0)
print(np.random.choice(10, 3, replace=False))
print(np.random.choice(5, 5, replace=False))
print(np.random.choice([3, 1, 4, 1, 5, 9], size=4, replace=False))

#: choice with probabilities
import numpy as np
np.random.seed(0)
p = [0.1, 0.2, 0.3, 0.4]
print(np.random.choice(4, 10, p=p))
print(np.random.choice([0, 10, 20, 30], size=(2, 2), p=p))
print(np.random.choice(4, 3, replace=False, p=p))
print(np.random.choice(4, p=p), np.random.choice(np.arange(4.0), p=p))

#: choice with p that does not sum to 1
import numpy as np
np.random.seed(0)
probs = [0.5, 0.6]
np.random.choice(2, p=probs)

#: choice with p of the wrong size
import numpy as np
np.random.choice(5, p=[0.5, 0.5])

#: choice with negative p
import numpy as np
np.random.choice(3, p=[-0.5, 1.0, 0.5])

#: choice of more than the population without replacement
import numpy as np
np.random.choice(3, 5, replace=False)

#: choice from an empty population
import numpy as np
print(repr(np.random.choice(0, size=0)))
np.random.choice([])

#: choice from 0
import numpy as np
np.random.choice(0)

#: choice from a 2-d array is refused by the legacy state
import numpy as np
np.random.choice([[1, 2], [3, 4]])

#: permutation of an int and of an array
import numpy as np
np.random.seed(0)
print(np.random.permutation(10))
print(np.random.permutation([1, 4, 9, 12, 15]))
print(np.random.permutation(np.arange(9).reshape((3, 3))))
print(repr(np.random.permutation(0)), repr(np.random.permutation([])))

#: permutation of a numpy integer
import numpy as np
np.random.seed(0)
print(np.random.permutation(np.int64(4)))

#: permutation of a 0-d array is an IndexError
import numpy as np
np.random.permutation(np.array(2.5))

#: shuffle an array in place
import numpy as np
np.random.seed(0)
arr = np.arange(10)
r = np.random.shuffle(arr)
print(arr, r)

#: shuffle a 2-d array shuffles its rows
import numpy as np
np.random.seed(0)
arr = np.arange(12).reshape(4, 3)
np.random.shuffle(arr)
print(arr)

#: shuffle a list in place, as an array of the same length
import numpy as np
np.random.seed(1)
xs = ['a', 'b', 'c', 'd', 'e']
np.random.shuffle(xs)
print(xs)
a = np.arange(5)
np.random.seed(1)
np.random.shuffle(a)
print(a)

#: shuffle through another name
import numpy as np
np.random.seed(2)
a = np.arange(6)
b = a
np.random.shuffle(b)
print(a)

#: shuffle refuses a tuple
import numpy as np
t = (1, 2, 3)
np.random.shuffle(t)

#: shuffle refuses a 0-d array
import numpy as np
np.random.shuffle(np.array(3))

#: shuffle refuses an int
import numpy as np
np.random.shuffle(5)

#: negative sizes
import numpy as np
np.random.seed(0)
print(np.random.rand(1))
np.random.rand(-1)

#: negative size tuple
import numpy as np
np.random.randint(5, size=(2, -1))

#: a float size
import numpy as np
np.random.random(2.0)

#: rand takes no size keyword
import numpy as np
np.random.rand(size=3)

#: a float dimension for rand
import numpy as np
np.random.randn(2, 3.5)

#: seed out of range
import numpy as np
np.random.seed(2**32)

#: negative seed
import numpy as np
np.random.seed(-1)

#: a float seed
import numpy as np
np.random.seed(1.5)

#: an empty seed array
import numpy as np
np.random.seed([])

#: a 2-d seed array
import numpy as np
np.random.seed([[1, 2], [3, 4]])

#: a seed array with an entry out of range
import numpy as np
np.random.seed([1, 2**32])

#: RandomState objects
import numpy as np
rs = np.random.RandomState(42)
print(rs.rand(3))
print(rs.randn(2))
print(rs.randint(0, 10, 4))
print(type(rs), isinstance(rs, np.random.RandomState))

#: RandomState matches the module functions seeded alike
import numpy as np
rs = np.random.RandomState(123)
np.random.seed(123)
print(np.array_equal(rs.randn(10), np.random.randn(10)))
print(rs.uniform(size=2), np.random.uniform(size=2))

#: RandomState streams are independent of the global one
import numpy as np
np.random.seed(0)
rs = np.random.RandomState(0)
a = np.random.rand()
b = rs.rand()
c = np.random.rand()
print(a == b, c)

#: RandomState methods
import numpy as np
rs = np.random.RandomState(seed=7)
print(rs.random_sample(2), rs.random(2), rs.standard_normal(2))
print(rs.normal(10, 3, 2), rs.uniform(0, 5, 2))
print(rs.choice(6, 3), rs.choice([2, 4, 8], 2, replace=False), rs.permutation(5))
xs = [1, 2, 3, 4]
rs.shuffle(xs)
print(xs)
rs.seed(7)
print(rs.random_sample(2))

#: RandomState with an array of seeds and without one
import numpy as np
print(np.random.RandomState([1, 2, 3]).rand())
print(np.random.RandomState((0,)).randint(100))

#: a RandomState method as a value
import numpy as np
rs = np.random.RandomState(0)
f = rs.rand
print(f(2))
print(np.random.RandomState.rand(rs, 2))

#: RandomState on MT19937 seeds through SeedSequence
import numpy as np
rs = np.random.RandomState(np.random.MT19937(0))
print(rs.rand())
rs2 = np.random.RandomState(np.random.MT19937(1635021934))
print(rs2.rand(3))

#: RandomState with a negative seed
import numpy as np
rs = np.random.RandomState(-5)

#: default_rng random and its Python float
import numpy as np
rng = np.random.default_rng(0)
x = rng.random()
print(x, type(x))
print(rng.random(3))
print(rng.random((2, 2)))

#: default_rng seeds 42 and 123
import numpy as np
print(np.random.default_rng(42).random(3))
print(np.random.default_rng(123).standard_normal(3))
print(np.random.default_rng(seed=2**32 - 1).random())

#: default_rng with a list of seeds, and an empty one
import numpy as np
print(np.random.default_rng([1, 2]).random(2))
print(np.random.default_rng([0, 2**40]).random())
print(np.random.default_rng([]).random())
print(np.random.default_rng(np.array([3, 4])).random())

#: default_rng of a Generator is the same Generator
import numpy as np
rng = np.random.default_rng(0)
print(np.random.default_rng(rng) is rng, type(rng))

#: Generator(PCG64(seed)) is default_rng(seed)
import numpy as np
a = np.random.Generator(np.random.PCG64(7)).random(3)
b = np.random.default_rng(7).random(3)
print(np.array_equal(a, b), a)
print(isinstance(np.random.default_rng(7), np.random.Generator))

#: Generators on one PCG64 share its stream
import numpy as np
bits = np.random.PCG64(5)
g1 = np.random.Generator(bits)
g2 = np.random.Generator(bits)
x = g1.random()
y = g2.random()
print(x, y, np.random.default_rng(5).random(2))

#: unseeded default_rng is numpy's default_rng(1635021934) in attn, so use a seed here
import numpy as np
rng = np.random.default_rng(1635021934)
print(rng.random(2))

#: default_rng with a negative seed
import numpy as np
rng = np.random.default_rng(-1)

#: default_rng with a float seed
import numpy as np
rng = np.random.default_rng(1.5)

#: Generator standard_normal and normal
import numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal()
print(x, type(x))
print(rng.standard_normal(4))
print(rng.normal(5, 0.5, size=(2, 2)))
print(rng.normal(loc=[0, 100], scale=1))
print(rng.normal(size=3))

#: Generator uniform
import numpy as np
rng = np.random.default_rng(1)
print(rng.uniform(), rng.uniform(-3, 3))
print(rng.uniform(0, 10, 4))
print(rng.uniform([0, 5], 10))

#: Generator uniform with high below low
import numpy as np
rng = np.random.default_rng(1)
rng.uniform(1, 0)

#: Generator uniform over an infinite range
import numpy as np
rng = np.random.default_rng(1)
rng.uniform(0, np.inf)

#: integers returns numpy int64
import numpy as np
rng = np.random.default_rng(0)
x = rng.integers(5)
print(x, type(x), repr(x))
print(rng.integers(0, 10, 5))
print(rng.integers(1, 7, size=(2, 3)))

#: integers with endpoint
import numpy as np
rng = np.random.default_rng(3)
print(rng.integers(1, 6, size=10, endpoint=True))
print(rng.integers(5, 5, endpoint=True))
print(rng.integers(0, 1, 8, np.int64, True))

#: integers dtypes
import numpy as np
rng = np.random.default_rng(0)
print(repr(rng.integers(5, dtype=int)), repr(rng.integers(2, dtype=bool)))
print(repr(rng.integers(5, dtype=np.int32)), repr(rng.integers(5, dtype='int64')))
print(repr(rng.integers(0, 100, 3, dtype=np.int32)))
print(repr(rng.integers(0, 2, 5, dtype=bool)))

#: integers over wide ranges
import numpy as np
rng = np.random.default_rng(9)
print(rng.integers(0, 2**40, 3))
print(rng.integers(-2**62, 2**62, 2))
print(rng.integers(2**32, size=2))

#: integers with high <= low
import numpy as np
rng = np.random.default_rng(0)
rng.integers(5, 2)

#: integers with high <= 0
import numpy as np
rng = np.random.default_rng(0)
rng.integers(0)

#: integers with endpoint and high < low
import numpy as np
rng = np.random.default_rng(0)
rng.integers(5, 4, endpoint=True)

#: Generator choice
import numpy as np
rng = np.random.default_rng(0)
x = rng.choice(5)
print(x, type(x))
print(rng.choice(10, 4))
print(rng.choice([1.5, 2.5, 3.5], size=(2, 2)))
print(repr(rng.choice([10, 20, 30])))

#: Generator choice without replacement uses Floyd's method
import numpy as np
rng = np.random.default_rng(0)
print(rng.choice(10, 3, replace=False))
print(rng.choice(100, 5, replace=False, shuffle=False))
print(rng.choice(20000, 3, replace=False))

#: Generator choice with p and along an axis
import numpy as np
rng = np.random.default_rng(0)
print(rng.choice(4, 6, p=[0.1, 0.2, 0.3, 0.4]))
m = np.arange(12).reshape(3, 4)
print(rng.choice(m, 2))
print(rng.choice(m, 2, axis=1))
print(rng.choice(m))

#: Generator choice with p not summing to 1
import numpy as np
rng = np.random.default_rng(0)
rng.choice(3, p=[0.3, 0.3, 0.3])

#: Generator choice of a float
import numpy as np
rng = np.random.default_rng(0)
rng.choice(2.5)

#: Generator choice from 0
import numpy as np
rng = np.random.default_rng(0)
rng.choice(0)

#: Generator permutation and shuffle
import numpy as np
rng = np.random.default_rng(0)
print(rng.permutation(8))
print(rng.permutation([5, 6, 7]))
m = np.arange(6).reshape(2, 3)
print(rng.permutation(m, axis=1))
a = np.arange(8)
print(rng.shuffle(a), a)
xs = list(range(6))
rng.shuffle(xs)
print(xs)
b = np.arange(6).reshape(2, 3)
rng.shuffle(b, axis=1)
print(b)

#: Generator shuffle of a list along axis 1
import numpy as np
rng = np.random.default_rng(0)
rng.shuffle([1, 2, 3], axis=1)

#: Generator permutation of a 0-d array
import numpy as np
rng = np.random.default_rng(0)
rng.permutation(np.array(3))

#: Generator shuffle along a missing axis
import numpy as np
rng = np.random.default_rng(0)
rng.shuffle(np.zeros((2, 3)), axis=2)

#: Generator random with a dtype
import numpy as np
rng = np.random.default_rng(0)
print(rng.random(3, np.float64))
print(rng.standard_normal(2, dtype=np.float64))
rng.random(dtype=np.int64)

#: Generator random with a negative size
import numpy as np
rng = np.random.default_rng(0)
rng.random(-3)

#: several generators do not disturb one another
import numpy as np
g1 = np.random.default_rng(1)
g2 = np.random.default_rng(1)
a = g1.random()
np.random.seed(1)
np.random.rand(100)
b = g2.random()
print(a == b, a)

#: printing with precision 3 as articles do
import numpy as np
np.set_printoptions(precision=3)
np.random.seed(0)
print(np.random.rand(3, 4))
print(np.random.randn(2, 3))
rng = np.random.default_rng(0)
print(rng.standard_normal((2, 2)))

#: printing with suppress and precision
import numpy as np
np.set_printoptions(precision=4, suppress=True)
np.random.seed(42)
print(np.random.randn(3, 3) * 1000)
print(np.random.rand(2) / 1e6)

#: attention scores from random queries and keys
import numpy as np
np.random.seed(0)
Q = np.random.randn(4, 8)
K = np.random.randn(4, 8)
V = np.random.randn(4, 8)
scores = Q @ K.T / np.sqrt(8)
print(scores)
weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
weights = weights / weights.sum(axis=-1, keepdims=True)
print(weights)
print(weights.sum(axis=-1))
out = weights @ V
print(out.shape)
print(out)

#: attention with precision 3 and a causal mask
import numpy as np
np.set_printoptions(precision=3)
np.random.seed(42)
seq_len, d_k = 5, 4
Q = np.random.randn(seq_len, d_k)
K = np.random.randn(seq_len, d_k)
V = np.random.randn(seq_len, d_k)
scores = Q @ K.T / np.sqrt(d_k)
scores = np.where(np.arange(seq_len)[None, :] > np.arange(seq_len)[:, None], -np.inf, scores)
weights = np.exp(scores - scores.max(axis=1, keepdims=True))
weights /= weights.sum(axis=1, keepdims=True)
print(weights)
print(weights @ V)

#: multi-head split with a Generator
import numpy as np
rng = np.random.default_rng(42)
batch, seq, d_model, heads = 2, 3, 8, 2
x = rng.standard_normal((batch, seq, d_model))
W_q = rng.normal(0, 0.02, size=(d_model, d_model))
q = (x @ W_q).reshape(batch, seq, heads, d_model // heads).transpose(0, 2, 1, 3)
print(q.shape)
print(np.round(q[0, 0], 4))

#: initializing weights with Xavier uniform
import numpy as np
np.random.seed(0)
fan_in, fan_out = 4, 3
limit = np.sqrt(6 / (fan_in + fan_out))
W = np.random.uniform(-limit, limit, size=(fan_in, fan_out))
print(W)
print(W.mean(), W.std())

#: token embeddings picked by random ids
import numpy as np
np.random.seed(1)
vocab, dim = 10, 4
E = np.random.randn(vocab, dim) * 0.1
ids = np.random.randint(0, vocab, size=5)
print(ids)
print(E[ids[0]])

#: a mini-batch drawn by permutation
import numpy as np
np.random.seed(0)
X = np.arange(20).reshape(10, 2)
idx = np.random.permutation(len(X))
print(idx[:4])
print(X[idx[0]], X[idx[1]])

#: dropout mask
import numpy as np
np.random.seed(0)
p = 0.5
x = np.ones((2, 6))
mask = np.random.rand(*x.shape) > p
print(mask)
print(x * mask / (1 - p))

#: sampling the next token with temperature
import numpy as np
rng = np.random.default_rng(0)
logits = np.array([2.0, 1.0, 0.5, -1.0])
for t in [0.5, 1.0, 2.0]:
    z = logits / t
    probs = np.exp(z - z.max())
    probs /= probs.sum()
    print(t, probs.round(3), rng.choice(len(probs), p=probs), rng.choice(4, size=5, p=probs))

#: a loop of draws from the global state
import numpy as np
np.random.seed(2024)
total = 0.0
for i in range(5):
    total += np.random.rand()
print(total)
print([np.random.randint(10) for _ in range(8)])

#: repr of a float draw in a list
import numpy as np
np.random.seed(0)
print([np.random.rand() for _ in range(3)])
print([np.random.choice([0.5, 1.5]) for _ in range(2)])
print(f"{np.random.rand():.4f} {np.random.randn():+.3f}")

#: a draw's array repr and dtype
import numpy as np
np.random.seed(0)
a = np.random.rand(2, 2)
print(repr(a), a.dtype)
print(repr(np.random.randint(0, 5, (2, 2))))
print(repr(np.random.randn(3).astype(np.float32)))

#: from numpy.random import
from numpy.random import default_rng, seed, rand
seed(0)
print(rand(2))
print(default_rng(0).integers(10, size=3))

#: import numpy.random as a module
import numpy.random as npr
npr.seed(0)
print(npr.randn(2))
rs = npr.RandomState(0)
print(rs.randn(2))

#: numpy.random imported before numpy is one global state
import numpy.random as npr
from numpy.random import seed, rand
import numpy as np
seed(0)
a = npr.rand()
seed(0)
b = np.random.rand()
seed(0)
c = rand()
print(a == b == c, npr is np.random, a)

#: randint with too many arguments
import numpy as np
np.random.randint(1, 2, 3, int, 5)

#: integers without low
import numpy as np
rng = np.random.default_rng(0)
rng.integers()

#: random with size given twice
import numpy as np
np.random.random(3, size=3)

#: normal with a size its parameters do not broadcast to
import numpy as np
np.random.seed(0)
np.random.normal([0, 0], 1, size=3)

#: choice with fewer non-zero p than samples
import numpy as np
np.random.choice(5, 3, replace=False, p=[0.5, 0.5, 0, 0, 0])

#: sizes as lists and numpy integers
import numpy as np
np.random.seed(0)
print(np.random.random([2, 3]).shape, np.random.rand(np.int64(2)).shape)
print(np.random.randint(3, size=np.array([2, 2])))
print(np.random.normal(size=(np.int64(1), 2)))

#: bool and 0-d parameters
import numpy as np
np.random.seed(0)
print(np.random.normal(True), np.random.uniform(np.array(2.0), 3))
print(np.random.randint(np.int64(5)), np.random.randint(np.array(5)))

#: choice from a range and a tuple
import numpy as np
np.random.seed(0)
print(repr(np.random.choice(range(4))), repr(np.random.choice((1, 2))))
print(np.random.permutation(range(4)), np.random.permutation((1, 2, 3)))

#: shuffle of an empty list and of an empty array
import numpy as np
np.random.seed(0)
xs = []
np.random.shuffle(xs)
a = np.zeros((0, 3))
np.random.shuffle(a)
print(xs, a.shape, np.random.rand())
