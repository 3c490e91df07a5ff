# The Python dialect's golden corpus: torch tensors (creation, printing of
# every dtype, attributes, conversions, indexing, torch.Size).

#: tensor of floats is float32
import torch
x = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66]])
print(x)
print(x.dtype, x.shape, x.ndim, x.dim(), x.numel())

#: tensor of ints is int64, of bools bool
import torch
print(torch.tensor([1, 2, 3]), torch.tensor([True, False]))
print(torch.tensor([1, 2]).dtype, torch.tensor([True]).dtype, torch.tensor([1, 2.5]).dtype)

#: scalar tensors
import torch
a = torch.tensor(3.5)
b = torch.tensor(7)
print(a, b, a.shape, b.dim(), repr(a))
print(a.item(), b.item(), type(a.item()).__name__, type(b.item()).__name__)

#: dtype argument
import torch
print(torch.tensor([1, 2], dtype=torch.float32))
print(torch.tensor([1.5, 2.25], dtype=torch.float64))
print(torch.tensor([1.9, -2.7], dtype=torch.int64))
print(torch.tensor([0, 1, 2], dtype=torch.bool))
print(torch.tensor([1, 2], dtype=torch.int32))

#: dtype names and aliases
import torch
print(torch.float32, torch.float, torch.float64, torch.double, torch.int64, torch.long, torch.int32, torch.int, torch.bool)
print(torch.float == torch.float32, torch.long is torch.int64, torch.get_default_dtype())

#: printing float64 and int32 tensors names the dtype
import torch
print(torch.tensor([0.1, 0.2], dtype=torch.float64))
print(torch.tensor([[1, 2], [3, 4]], dtype=torch.int32))
print(torch.ones(2, dtype=torch.float64) / 3)

#: zeros ones empty full
import torch
print(torch.zeros(2, 3))
print(torch.ones(3))
print(torch.ones((2, 2), dtype=torch.int64))
print(torch.full((2, 2), 7))
print(torch.full((2,), 0.5))
print(torch.full((1, 3), True))
print(torch.empty(2, 0))

#: like functions
import torch
x = torch.tensor([[1.5, 2.0], [3.0, 4.0]])
print(torch.zeros_like(x), torch.ones_like(x, dtype=torch.int64))
print(torch.full_like(x, 9))
print(torch.empty_like(x).shape)

#: arange
import torch
print(torch.arange(5), torch.arange(2, 8), torch.arange(0, 10, 3))
print(torch.arange(0, 1, 0.25), torch.arange(5.0), torch.arange(3, dtype=torch.float32))

#: linspace and eye
import torch
print(torch.linspace(0, 1, 5))
print(torch.linspace(-1, 1, steps=4))
print(torch.eye(3))
print(torch.eye(2, 3, dtype=torch.int64))

#: integer-valued floats print with a point
import torch
print(torch.tensor([1.0, 2.0, 30.0]))
print(torch.tensor([[1.0, -2.0], [3.0, 4.0]]))

#: scientific notation
import torch
print(torch.tensor([1e-5, 1.0, 100.0]))
print(torch.tensor([123456789.0, 1.0]))
print(torch.tensor([0.0001, 0.5]))

#: inf and nan print
import torch
print(torch.tensor([float("inf"), -float("inf"), float("nan"), 1.5]))
print(torch.tensor([0.5, -torch.inf]))

#: summarised printing
import torch
print(torch.arange(2000))
print(torch.zeros(40, 40).shape)
print(torch.arange(1200.0).reshape(40, 30))

#: set_printoptions precision
import torch
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.5]))
torch.set_printoptions(precision=6)
print(torch.tensor([1.23456, 2.5]))
torch.set_printoptions(profile="default")
print(torch.tensor([1.23456, 2.5]))

#: set_printoptions sci_mode and threshold
import torch
torch.set_printoptions(sci_mode=True)
print(torch.tensor([1.5, 2.25]))
torch.set_printoptions(sci_mode=False, threshold=5)
print(torch.arange(10.0))
torch.set_printoptions(profile="default")

#: torch.Size
import torch
s = torch.zeros(2, 3, 4).shape
print(s, len(s), s[0], s[-1], s[1:], list(s), tuple(s))
print(s == (2, 3, 4), s == torch.Size([2, 3, 4]), s != (2, 3), type(s))
a, b, c = s
print(a + b + c, s.numel())

#: size and shape indexing
import torch
x = torch.ones(4, 5)
print(x.size(), x.size(0), x.size(-1), x.shape[1], x.size(dim=1))
print(f"shape: {x.shape}")

#: item tolist numpy
import torch
x = torch.tensor([[1.5, 2.5], [3.0, 4.0]])
print(x.tolist(), x[0, 1].item(), torch.tensor([3]).item())
n = x.numpy()
print(type(n).__name__, n.dtype, n)
print(torch.tensor([1, 2]).tolist(), torch.tensor(True).item())

#: from_numpy keeps the dtype
import numpy as np
import torch
a = np.array([1.0, 2.0])
print(torch.from_numpy(a), torch.from_numpy(np.arange(3)), torch.tensor(np.array([0.5], dtype=np.float32)))

#: type conversions
import torch
x = torch.tensor([1.7, -2.2, 0.0])
print(x.long(), x.int(), x.bool(), x.double(), x.float())
print(x.to(torch.int64), x.to(torch.float64), x.type(torch.int32))
print(torch.tensor([1, 0, 2]).bool(), torch.tensor([True, False]).float(), torch.tensor([True, False]).long())

#: python conversions
import torch
t = torch.tensor(2.5)
print(float(t), int(t), bool(t), int(torch.tensor(7)), float(torch.tensor([3.0])))
print(f"{t:.3f}", f"{torch.tensor(4)}", format(torch.tensor(1.0), ".2e"), f"{torch.tensor([1.0, 2.0])}")

#: len and iteration
import torch
x = torch.tensor([[1, 2], [3, 4], [5, 6]])
print(len(x))
for row in x:
    print(row)
print([v.item() for v in x[0]])
print(list(torch.tensor([7.5, 8.5])))

#: indexing
import torch
x = torch.arange(12).reshape(3, 4)
print(x[0], x[-1], x[1, 2], x[:, 1], x[1:, ::2])
print(x[0][1], x[..., -1], x[None].shape, x[:, None].shape)

#: boolean mask indexing
import torch
x = torch.tensor([1.0, -2.0, 3.0, -4.0])
print(x[x > 0], x[torch.tensor([True, False, False, True])])

#: integer tensor and list indexing
import torch
x = torch.tensor([10, 20, 30, 40])
print(x[torch.tensor([0, 2])], x[[3, 1]], torch.arange(6).reshape(2, 3)[[1, 0]])

#: item assignment
import torch
x = torch.zeros(3, 3)
x[0, 0] = 1
x[1] = torch.tensor([2.0, 3.0, 4.0])
x[:, 2] = 9
x[2, 1] = torch.tensor(5.5)
print(x)
y = torch.zeros(4, dtype=torch.int64)
y[1:3] = 7
print(y)

#: boolean mask assignment
import torch
x = torch.tensor([1.0, -2.0, 3.0, -4.0])
x[x < 0] = 0
print(x)

#: clone and detach
import torch
x = torch.tensor([1.0, 2.0])
y = x.clone()
y[0] = 5
print(x, y, x.detach(), x.contiguous().is_contiguous())

#: isinstance and type
import torch
x = torch.ones(2)
print(type(x), isinstance(x, torch.Tensor), torch.is_tensor(x), torch.is_tensor([1]))

#: requires_grad tensors print their flag
import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
print(x, x.requires_grad, x.is_leaf, x.grad, x.grad_fn)
y = torch.ones(2)
print(y.requires_grad, y.requires_grad_(), y.requires_grad)

#: element_size and is_floating_point
import torch
print(torch.ones(2).element_size(), torch.ones(2, dtype=torch.float64).element_size(), torch.ones(1, dtype=torch.int64).is_floating_point(), torch.ones(1).is_floating_point())

#: zero-sized tensors
import torch
print(torch.zeros(0), torch.zeros(0, 3), torch.zeros(0, dtype=torch.int64), torch.ones(2, 0, dtype=torch.float64))

#: wide rows wrap
import torch
print(torch.arange(30.0) / 7)
print(torch.arange(40))

#: three dimensional tensors
import torch
print(torch.arange(24).reshape(2, 3, 4))
print(torch.arange(8.0).reshape(2, 2, 2) / 4)

#: negative numbers align
import torch
print(torch.tensor([[-1.5, 2.25], [3.125, -40.0]]))
print(torch.tensor([-1, 10, -100]))

#: bool tensor printing
import torch
print(torch.tensor([[True, False], [False, True]]))
print(torch.arange(5) > 2)

#: torch.tensor of tensors
import torch
a = torch.tensor(1.5)
print(torch.tensor([a, a * 2]), torch.tensor([torch.tensor(1), torch.tensor(2)]))

#: tensors in f-strings and str
import torch
x = torch.tensor([0.5, 1.0])
print(f"x = {x}", str(x) == repr(x), "%s" % torch.tensor(2))

#: torch.Size concatenation
import torch
s = torch.ones(2, 3).shape
print((1,) + s, s + (4,), type((1,) + s).__name__, type(s + (4,)).__name__)
