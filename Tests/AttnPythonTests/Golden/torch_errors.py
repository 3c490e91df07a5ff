# The Python dialect's golden corpus: torch errors, with PyTorch's type,
# message and line.

#: matmul shape mismatch
import torch
a = torch.ones(2, 3)
b = torch.ones(2, 3)
print(a @ b.T)
print(a @ b)

#: broadcasting mismatch
import torch
x = torch.ones(2, 3)
print(x + torch.ones(4))

#: view of the wrong size
import torch
x = torch.arange(6)
print(x.view(4, -1))

#: dimension out of range
import torch
x = torch.ones(2, 3)
print(x.sum(dim=1))
print(x.sum(dim=2))

#: softmax of integers
import torch
print(torch.softmax(torch.tensor([1, 2]), dim=0))

#: mean of integers
import torch
print(torch.tensor([1, 2, 3]).mean())

#: item of many elements
import torch
print(torch.ones(3).item())

#: truth value of a tensor
import torch
x = torch.tensor([1.0, 2.0])
if x:
    print("yes")

#: index out of range
import torch
x = torch.arange(3)
print(x[1])
print(x[5])

#: masked_fill with a float mask
import torch
x = torch.ones(2)
print(x.masked_fill(torch.tensor([1.0, 0.0]), 0))

#: len of a 0-d tensor
import torch
print(len(torch.tensor(3)))

#: iteration over a 0-d tensor
import torch
for v in torch.tensor(1.0):
    print(v)

#: numpy of a tensor that requires grad
import torch
x = torch.ones(2, requires_grad=True)
print(x.detach().numpy())
print(x.numpy())

#: missing attribute
import torch
x = torch.ones(2)
print(x.shape)
print(x.nonexistent)

#: module without forward
import torch.nn as nn

class Empty(nn.Module):
    def __init__(self):
        super().__init__()

m = Empty()
print(m)
m(1)

#: module attribute missing
import torch.nn as nn
layer = nn.Linear(2, 2)
print(layer.in_features)
print(layer.missing)

#: Linear input of the wrong width
import torch
layer = torch.nn.Linear(3, 2)
print(layer(torch.ones(4, 2)))

#: cat of mismatched shapes
import torch
print(torch.cat([torch.ones(2, 2), torch.ones(3, 3)]))

#: stack of mismatched shapes
import torch
print(torch.stack([torch.ones(2), torch.ones(3)]))

#: requires_grad on an integer tensor
import torch
x = torch.tensor([1, 2], requires_grad=True)

#: dropout probability out of range
import torch
d = torch.nn.Dropout(1.5)

#: tensor from a string
import torch
print(torch.tensor("abc"))

#: int of a tensor with many values
import torch
print(int(torch.ones(2)))

#: transpose dims out of range
import torch
print(torch.ones(2, 3).transpose(0, 2))

#: tensor has no len in a 0-d unpack
import torch
a, b = torch.ones(3)

#: bool subtraction
import torch
print(torch.tensor([True]) - torch.tensor([False]))

#: negation of bool
import torch
print(-torch.tensor([True, False]))

#: register_buffer with a non-tensor
import torch
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mask", [1, 2])

M()

#: integer division by zero
import torch
x = torch.tensor([4, 6])
print(x // torch.tensor([2, 3]), x / torch.tensor([0, 1]))
print(x // torch.tensor([0, 1]))

#: view of a transposed tensor
import torch
x = torch.arange(12.0).reshape(3, 4)
print(x.T.reshape(12))
print(x.T.contiguous().view(12))
print(x.T.view(12))


#: error from torch.nn.Linear(2, 2)(torch.tensor([[1, 2]]))
import torch
print(torch.nn.Linear(2, 2)(torch.tensor([[1, 2]])))

#: error from torch.nn.Embedding(3, 2)(torch.tensor([3]))
import torch
print(torch.nn.Embedding(3, 2)(torch.tensor([3])))

#: error from torch.nn.Embedding(3, 2)(torch.tensor([1.0]))
import torch
print(torch.nn.Embedding(3, 2)(torch.tensor([1.0])))

#: error from torch.ones(2, 3) @ torch.ones(2)
import torch
print(torch.ones(2, 3) @ torch.ones(2))

#: error from torch.ones(3) @ torch.ones(4)
import torch
print(torch.ones(3) @ torch.ones(4))

#: error from torch.ones(2, 2, 3) @ torch.ones(2, 2, 3)
import torch
print(torch.ones(2, 2, 3) @ torch.ones(2, 2, 3))

#: error from torch.ones(2, 3).view(4)
import torch
print(torch.ones(2, 3).view(4))

#: error from torch.ones(2, 3).reshape(-1, -1)
import torch
print(torch.ones(2, 3).reshape(-1, -1))

#: error from torch.ones(2, 3).permute(0)
import torch
print(torch.ones(2, 3).permute(0))

#: error from torch.ones(2, 3).transpose(0, 5)
import torch
print(torch.ones(2, 3).transpose(0, 5))

#: error from torch.ones(2, 3).sum(dim=3)
import torch
print(torch.ones(2, 3).sum(dim=3))

#: error from torch.ones(2, 3).softmax(dim=2)
import torch
print(torch.ones(2, 3).softmax(dim=2))

#: error from torch.cat([torch.ones(2), torch.ones(2, 2)])
import torch
print(torch.cat([torch.ones(2), torch.ones(2, 2)]))

#: error from torch.cat([])
import torch
print(torch.cat([]))

#: error from torch.ones(2).masked_fill(torch.tensor([True, False, True]), 0)
import torch
print(torch.ones(2).masked_fill(torch.tensor([True, False, True]), 0))

#: error from torch.ones(2, 3).expand(4, 3)
import torch
print(torch.ones(2, 3).expand(4, 3))

#: error from torch.ones(2, 3).unsqueeze(3)
import torch
print(torch.ones(2, 3).unsqueeze(3))

#: error from torch.tensor([[1, 2], [3]])
import torch
print(torch.tensor([[1, 2], [3]]))

#: error from torch.zeros(-1)
import torch
print(torch.zeros(-1))

#: error from torch.ones(2, 3).split(0)
import torch
print(torch.ones(2, 3).split(0))

#: error from torch.ones(2, 3)[2]
import torch
print(torch.ones(2, 3)[2])

#: error from torch.ones(2, 3)[0, 3]
import torch
print(torch.ones(2, 3)[0, 3])

#: error from torch.ones(2).item()
import torch
print(torch.ones(2).item())

#: error from torch.ones(3).view(2, -1)
import torch
print(torch.ones(3).view(2, -1))

#: error from torch.nn.functional.softmax(torch.tensor([1, 2]), dim=0)
import torch
print(torch.nn.functional.softmax(torch.tensor([1, 2]), dim=0))

#: error from torch.where(torch.tensor([1, 0]), torch.ones(2), torch.zeros(2))
import torch
print(torch.where(torch.tensor([1, 0]), torch.ones(2), torch.zeros(2)))

#: error from torch.nn.LayerNorm(3)(torch.ones(2, 4))
import torch
print(torch.nn.LayerNorm(3)(torch.ones(2, 4)))

#: error from torch.randint(5, 2, (3,))
import torch
print(torch.randint(5, 2, (3,)))

#: error from torch.nn.Dropout(-0.1)
import torch
print(torch.nn.Dropout(-0.1))

#: error from torch.ones(2, 3).chunk(0)
import torch
print(torch.ones(2, 3).chunk(0))

#: error from torch.ones(2).repeat(2, 2).view(3, 3)
import torch
print(torch.ones(2).repeat(2, 2).view(3, 3))

#: error from torch.ones(2, 2).t().view(4)
import torch
print(torch.ones(2, 2).t().view(4))
