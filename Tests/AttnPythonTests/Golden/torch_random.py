# The Python dialect's golden corpus: PyTorch's seeded random numbers.

#: rand after manual_seed
import torch
torch.manual_seed(123)
print(torch.rand(3, 2))
print(torch.rand(4))

#: randn small and large
import torch
torch.manual_seed(0)
print(torch.randn(5))
print(torch.randn(2, 10))

#: randn float64
import torch
torch.manual_seed(1)
print(torch.randn(3, dtype=torch.float64))
print(torch.rand(2, dtype=torch.float64))

#: reseeding repeats the stream
import torch
torch.manual_seed(42)
a = torch.rand(3)
torch.manual_seed(42)
b = torch.rand(3)
print(torch.equal(a, b), a)

#: randint
import torch
torch.manual_seed(0)
print(torch.randint(0, 10, (3, 4)))
print(torch.randint(5, (6,)))
print(torch.randint(-3, 3, size=(2, 2)))

#: randperm
import torch
torch.manual_seed(7)
print(torch.randperm(10))
print(torch.randperm(5))

#: normal
import torch
torch.manual_seed(3)
print(torch.normal(0.0, 1.0, size=(2, 3)))
print(torch.normal(2.0, 0.5, (4,)))

#: rand_like and randn_like
import torch
torch.manual_seed(5)
x = torch.zeros(2, 2)
print(torch.rand_like(x), torch.randn_like(x))

#: in-place random fills
import torch
torch.manual_seed(11)
print(torch.empty(3).uniform_(-1, 1))
print(torch.empty(2, 2).normal_(0, 2))
print(torch.empty(8).bernoulli_(0.3))

#: bernoulli with p
import torch
torch.manual_seed(12)
print(torch.bernoulli(torch.zeros(10), p=0.5))

#: Generator objects
import torch
g = torch.Generator().manual_seed(99)
print(torch.rand(3, generator=g))
g2 = torch.Generator()
g2.manual_seed(99)
print(torch.rand(3, generator=g2), g2.initial_seed())

#: generators do not disturb the default one
import torch
torch.manual_seed(1)
a = torch.rand(2)
torch.manual_seed(1)
g = torch.Generator().manual_seed(5)
torch.rand(4, generator=g)
b = torch.rand(2)
print(torch.equal(a, b))

#: initial_seed
import torch
torch.manual_seed(2024)
print(torch.initial_seed())

#: the order of draws across layers
import torch
import torch.nn as nn
torch.manual_seed(123)
a = nn.Linear(2, 2)
b = nn.Linear(2, 1, bias=False)
x = torch.rand(1, 2)
print(a.weight, a.bias, b.weight, x)

#: seeded attention example
import torch
torch.manual_seed(123)
d_in, d_out = 3, 2
W_query = torch.nn.Parameter(torch.rand(d_in, d_out), requires_grad=False)
W_key = torch.nn.Parameter(torch.rand(d_in, d_out), requires_grad=False)
W_value = torch.nn.Parameter(torch.rand(d_in, d_out), requires_grad=False)
x_2 = torch.tensor([0.55, 0.87, 0.66])
print(x_2 @ W_query, x_2 @ W_key, x_2 @ W_value)

#: randn with a large size
import torch
torch.manual_seed(0)
x = torch.randn(100, 100)
print(x[0, :5], x[-1, -3:], x.shape)

#: rand of 17 elements
import torch
torch.manual_seed(10)
print(torch.randn(17))
print(torch.rand(17))

#: Embedding and Linear drawn in sequence
import torch
torch.manual_seed(0)
emb = torch.nn.Embedding(3, 2)
lin = torch.nn.Linear(2, 2)
print(emb.weight, lin.weight)

#: MultiheadAttention initial weights
import torch
torch.manual_seed(0)
mha = torch.nn.MultiheadAttention(4, 2)
print(mha.in_proj_weight)
print(mha.out_proj.weight)

#: dropout masks differ between calls
import torch
torch.manual_seed(0)
drop = torch.nn.Dropout(0.5)
x = torch.ones(10)
print(drop(x))
print(drop(x))

#: randint dtype
import torch
torch.manual_seed(4)
print(torch.randint(0, 100, (3,), dtype=torch.int32), torch.randint(0, 2, (4,)).dtype)
