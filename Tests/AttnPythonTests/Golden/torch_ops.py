# The Python dialect's golden corpus: torch operators, promotion,
# elementwise math, reductions, products, shapes, masks.

#: arithmetic operators
import torch
x = torch.tensor([1.0, 2.0, 4.0])
y = torch.tensor([0.5, 0.25, 2.0])
print(x + y, x - y, x * y, x / y, x ** 2, -x)
print(x // 3, x % 3, 2 ** x, 1 / x, 10 - x)

#: integer arithmetic and true division
import torch
a = torch.tensor([1, 2, 3])
print(a + 1, a * 2, a - 5, a // 2, a % 2, a ** 2)
print(a / 2, a / a, 7 / a)

#: promotion with python scalars
import torch
i = torch.tensor([1, 2])
f = torch.tensor([1.0, 2.0], dtype=torch.float64)
print(i + 0.5, (i + 0.5).dtype, f + 1, (f * 2.5).dtype, (i * True).dtype)

#: promotion between tensors
import torch
i = torch.tensor([1, 2])
f32 = torch.tensor([0.5, 0.5])
f64 = torch.tensor([0.5, 0.5], dtype=torch.float64)
i32 = torch.tensor([1, 1], dtype=torch.int32)
print((i + f32).dtype, (f32 + f64).dtype, (i + i32).dtype, (i32 + f64).dtype, (torch.tensor([True]) + i32).dtype)

#: zero-dim tensors do not promote dimensioned ones
import torch
x = torch.tensor([1.0, 2.0])
d = torch.tensor(2.0, dtype=torch.float64)
n = torch.tensor(3)
print((x * d).dtype, (x * n).dtype, (torch.tensor([1, 2]) * d).dtype, (torch.tensor([1, 2], dtype=torch.int32) * n).dtype)

#: comparisons give bool tensors
import torch
x = torch.tensor([1.0, 2.0, 3.0])
print(x > 2, x == 2, x != 1, x <= 2.5, 2 < x, x >= torch.tensor([3.0, 1.0, 3.0]))

#: logical operators on bool tensors
import torch
a = torch.tensor([True, False, True])
b = torch.tensor([True, True, False])
print(a & b, a | b, a ^ b, ~a)

#: broadcasting
import torch
x = torch.ones(2, 3)
print(x + torch.tensor([1.0, 2.0, 3.0]), x * torch.tensor([[2.0], [3.0]]))

#: elementwise math functions
import torch
x = torch.tensor([0.0, 1.0, 2.0])
print(torch.exp(x), x.exp(), torch.sqrt(x), torch.tanh(x), torch.sigmoid(x))
print(torch.log(torch.tensor([1.0, 2.0])), torch.abs(torch.tensor([-1.5, 2.0])), torch.relu(torch.tensor([-1.0, 3.0])))

#: math of integer tensors gives float32
import torch
i = torch.tensor([1, 4, 9])
print(torch.sqrt(i), torch.exp(torch.tensor([0, 1])), i.float().mean())

#: sin cos floor ceil round
import torch
x = torch.tensor([0.0, 1.5, -1.5, 2.5])
print(torch.floor(x), torch.ceil(x), torch.round(x), torch.sin(torch.tensor([0.0])), torch.cos(torch.tensor([0.0])))

#: clamp maximum minimum
import torch
x = torch.tensor([-2.0, 0.5, 3.0])
print(x.clamp(min=0), x.clamp(-1, 1), torch.clamp(x, max=1.0), torch.maximum(x, torch.zeros(3)), torch.minimum(x, torch.zeros(3)))

#: sum and mean
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(x.sum(), x.sum(dim=0), x.sum(dim=1), x.sum(-1, keepdim=True), torch.sum(x, 0))
print(x.mean(), x.mean(dim=0), x.mean(1, keepdim=True), torch.mean(x))

#: sum of integers and bools
import torch
print(torch.tensor([1, 2, 3]).sum(), torch.tensor([True, True, False]).sum(), torch.tensor([[1, 2], [3, 4]]).sum(dim=(0, 1)))

#: max and min with dim give values and indices
import torch
x = torch.tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 0.0]])
print(x.max(), x.min(), torch.max(x))
m = x.max(dim=1)
print(m)
print(m.values, m.indices, m[0], m[1])
values, indices = x.min(dim=0)
print(values, indices)

#: argmax argmin
import torch
x = torch.tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 0.0]])
print(x.argmax(), x.argmin(), x.argmax(dim=1), torch.argmax(x, dim=0), x.argmax(dim=1, keepdim=True))

#: var and std
import torch
x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 6.0]])
print(x.var(), x.std(), x.var(dim=1), x.var(dim=1, unbiased=False), x.std(dim=0, keepdim=True), x.var(correction=0))

#: any and all
import torch
x = torch.tensor([[True, False], [True, True]])
print(x.any(), x.all(), x.all(dim=1), torch.tensor([0, 1]).any())

#: prod
import torch
print(torch.tensor([1.0, 2.0, 3.0, 4.0]).prod(), torch.tensor([[1, 2], [3, 4]]).prod(dim=1))

#: softmax
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
print(torch.softmax(x, dim=-1))
print(torch.softmax(x, dim=0))
print(x.softmax(dim=1), torch.allclose(x.softmax(-1).sum(dim=-1), torch.ones(2)))

#: log_softmax and logsumexp
import torch
x = torch.tensor([1.0, 2.0, 3.0])
print(torch.log_softmax(x, dim=0), x.log_softmax(0), torch.logsumexp(x, dim=0))

#: softmax with -inf
import torch
x = torch.tensor([[0.5, -torch.inf, 1.0], [2.0, 1.0, -torch.inf]])
print(torch.softmax(x, dim=-1))

#: softmax of float64
import torch
print(torch.softmax(torch.tensor([1.0, 2.0], dtype=torch.float64), dim=0))

#: matmul forms
import torch
A = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
v = torch.tensor([1.0, -1.0])
print(A @ A, A @ v, v @ A, v @ v, torch.matmul(A, A), A.matmul(v))
print(torch.mm(A, A), A.mm(A.T), torch.dot(v, v), v.dot(torch.tensor([2.0, 3.0])))

#: batched matmul
import torch
B = torch.arange(8.0).reshape(2, 2, 2)
print(B @ B, torch.bmm(B, B.transpose(1, 2)), B @ torch.eye(2))

#: integer matmul
import torch
A = torch.tensor([[1, 2], [3, 4]])
print(A @ A, A @ torch.tensor([1, 1]))

#: transpose permute T mT
import torch
x = torch.arange(6).reshape(2, 3)
print(x.T, x.t(), x.transpose(0, 1), torch.transpose(x, 0, 1))
y = torch.arange(24).reshape(2, 3, 4)
print(y.transpose(1, 2).shape, y.permute(2, 0, 1).shape, y.mT.shape, y.transpose(-2, -1).shape)

#: view and reshape
import torch
x = torch.arange(12)
print(x.view(3, 4), x.view(2, -1), x.reshape(-1, 6), x.reshape((4, 3)).shape, torch.reshape(x, (2, 6)).shape)
print(x.view(3, 4).view(-1), x.view(2, 2, 3).shape, x.view_as(torch.zeros(6, 2)).shape)

#: unsqueeze squeeze flatten
import torch
x = torch.tensor([1.0, 2.0, 3.0])
print(x.unsqueeze(0), x.unsqueeze(1), x.unsqueeze(-1).shape, torch.unsqueeze(x, 0).shape)
y = torch.zeros(1, 3, 1)
print(y.squeeze().shape, y.squeeze(0).shape, y.squeeze(-1).shape, y.squeeze(1).shape, y.flatten().shape)
print(torch.arange(24).reshape(2, 3, 4).flatten(1).shape, torch.flatten(torch.ones(2, 2)))

#: expand and repeat
import torch
x = torch.tensor([[1], [2]])
print(x.expand(2, 3), x.expand(-1, 4).shape, torch.tensor([1, 2]).repeat(2), torch.tensor([1, 2]).repeat(2, 2))
print(torch.tensor([[1, 2]]).expand_as(torch.zeros(3, 2)))

#: split and chunk
import torch
x = torch.arange(10)
print(x.split(4), torch.split(x, [3, 7]), x.chunk(3), torch.arange(6).reshape(2, 3).chunk(3, dim=1))

#: unbind
import torch
print(torch.arange(6).reshape(2, 3).unbind(), torch.arange(6).reshape(2, 3).unbind(dim=1))

#: cat and stack
import torch
a = torch.tensor([[1, 2], [3, 4]])
b = torch.tensor([[5, 6]])
print(torch.cat([a, b]), torch.cat((a, a), dim=1), torch.cat([a, b], dim=0).shape)
print(torch.stack([a, a]), torch.stack((a, a), dim=1).shape, torch.stack([a, a], dim=-1).shape)

#: cat promotes
import torch
print(torch.cat([torch.tensor([1]), torch.tensor([0.5])]))

#: tril and triu
import torch
x = torch.ones(4, 4)
print(torch.tril(x), torch.triu(x, diagonal=1), x.tril(-1), x.triu())
print(torch.tril(torch.ones(2, 3, 3)).sum(), torch.triu(torch.ones(3, 3), 1).bool())

#: causal mask recipe
import torch
mask = torch.triu(torch.ones(4, 4), diagonal=1).bool()
scores = torch.arange(16.0).reshape(4, 4) / 10
print(scores.masked_fill(mask, float("-inf")))
print(torch.softmax(scores.masked_fill(mask, -torch.inf), dim=-1))

#: masked_fill in place
import torch
x = torch.zeros(2, 3)
out = x.masked_fill_(torch.tensor([[True, False, True], [False, False, True]]), 5.0)
print(x, out is x)

#: masked_fill broadcasts the mask
import torch
x = torch.ones(2, 3, 3)
print(x.masked_fill(torch.eye(3).bool(), 0))

#: where
import torch
x = torch.tensor([1.0, -2.0, 3.0])
print(torch.where(x > 0, x, torch.zeros(3)), torch.where(x > 0, x, 0.0), torch.where(x > 0, 1, 0), x.where(x < 0, torch.tensor(9.0)))

#: allclose and equal
import torch
a = torch.tensor([1.0, 2.0])
print(torch.allclose(a, a + 1e-7), torch.allclose(a, a + 1e-3), torch.allclose(a, a + 0.01, atol=0.1), torch.equal(a, a.clone()), a.allclose(a))

#: in-place arithmetic methods
import torch
x = torch.ones(3)
x.add_(1)
x.mul_(torch.tensor([1.0, 2.0, 3.0]))
x.sub_(0.5)
x.div_(2)
print(x)
y = torch.zeros(2)
y.fill_(3)
print(y, y.zero_())

#: augmented assignment
import torch
x = torch.ones(2)
x += 1
x *= torch.tensor([2.0, 3.0])
x -= 0.5
x /= 2
print(x)

#: add with alpha
import torch
print(torch.add(torch.ones(2), torch.ones(2), alpha=3), torch.ones(2).sub(torch.ones(2), alpha=2))

#: element loop with tensor accumulation
import torch
inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64]])
query = inputs[1]
scores = torch.empty(inputs.shape[0])
for i, x_i in enumerate(inputs):
    scores[i] = torch.dot(x_i, query)
print(scores)
res = 0.
for idx, element in enumerate(inputs[0]):
    res += inputs[0][idx] * query[idx]
print(res)

#: attention by hand
import torch
inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64], [0.22, 0.58, 0.33]])
scores = inputs @ inputs.T
weights = torch.softmax(scores, dim=-1)
print(scores)
print(weights)
print(weights @ inputs)
print(weights.sum(dim=-1))

#: scaled scores
import torch
q = torch.tensor([[0.4, 1.4], [0.3, 1.1]])
k = torch.tensor([[0.37, 1.1], [0.44, 1.2], [0.4, 1.2]])
d_k = k.shape[-1]
print(torch.softmax(q @ k.T / d_k**0.5, dim=-1))

#: numpy round trip of results
import torch
x = torch.tensor([[1.23456, 2.5], [3.0, 4.0]])
print(x.numpy().round(2))
print((x * 2).sum(dim=-1).numpy())

#: isnan and logical_not
import torch
x = torch.tensor([1.0, float("nan"), 2.0])
print(torch.isnan(x), x.isnan().logical_not())

#: promotion and values across dtypes and operators
import torch
dtypes = [torch.float32, torch.float64, torch.int64, torch.int32, torch.bool]
values = {torch.float32: [1.5, -2.0], torch.float64: [0.25, 3.0], torch.int64: [3, -4], torch.int32: [2, 5], torch.bool: [True, False]}
ops = [("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b), ("/", lambda a, b: a / b),
       ("//", lambda a, b: a // b), ("%", lambda a, b: a % b), ("**", lambda a, b: a ** b), ("==", lambda a, b: a == b),
       ("<", lambda a, b: a < b)]
for a in dtypes:
    for b in dtypes:
        x = torch.tensor(values[a], dtype=a)
        y = torch.tensor(values[b], dtype=b)
        for name, f in ops:
            if (b == torch.bool and name in ("//", "%")) or (name == "-" and torch.bool in (a, b)) or (name == "**" and a == b == torch.bool):
                continue
            print(a, b, name, f(x, y), f(x, y[0]), f(x[0], y))

#: subtraction with a bool
import torch
x = torch.tensor([1.0, 2.0])
print(x - 1)
print(x - torch.tensor([True, False]))

#: python scalars across dtypes and operators
import torch
dtypes = [torch.float32, torch.float64, torch.int64, torch.int32, torch.bool]
values = {torch.float32: [1.5, -2.0], torch.float64: [0.25, 3.0], torch.int64: [3, -4], torch.int32: [2, 5], torch.bool: [True, False]}
for a in dtypes:
    x = torch.tensor(values[a], dtype=a)
    for s in [2, 2.5, True]:
        print(a, s, x + s, s * x, x / s, s / x, x == s, x ** s)
        if a != torch.bool and s is not True:
            print(x - s, s - x, x // s, x % s)
