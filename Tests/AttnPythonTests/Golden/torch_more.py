# The Python dialect's golden corpus: torch around the model (devices,
# einsum, sorting, nn.init) and whole tutorial programs.

#: device and cuda availability
import torch
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(device, torch.cuda.is_available(), torch.cuda.device_count(), torch.backends.mps.is_available())
x = torch.ones(2).to(device)
print(x, x.device)

#: einsum
import torch
a = torch.arange(6.0).reshape(2, 3)
b = torch.arange(12.0).reshape(3, 4)
print(torch.einsum("ij,jk->ik", a, b))
print(torch.einsum("ij->ji", a), torch.einsum("i,i->", torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])))
q = torch.arange(24.0).reshape(1, 2, 3, 4) / 10
print(torch.einsum("bhqd,bhkd->bhqk", q, q).shape)

#: cumsum and outer
import torch
print(torch.cumsum(torch.tensor([1, 2, 3]), dim=0), torch.tensor([[1.0, 2.0], [3.0, 4.0]]).cumsum(dim=1))
print(torch.outer(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0, 5.0])))

#: norm
import torch
x = torch.tensor([[3.0, 4.0], [6.0, 8.0]])
print(x.norm(), x.norm(dim=1), torch.norm(x, dim=0, keepdim=True))

#: sort argsort topk
import torch
x = torch.tensor([[3.0, 1.0, 2.0], [0.5, 2.5, 1.5]])
print(torch.sort(x))
print(x.sort(dim=0, descending=True).values, x.argsort(dim=1), torch.argsort(x, dim=1, descending=True))
print(torch.topk(x, 2))
values, indices = x.topk(1, dim=0)
print(values, indices)

#: new tensors like another
import torch
x = torch.tensor([1.0, 2.0], dtype=torch.float64)
print(x.new_zeros(2, 2), x.new_ones((3,)), x.new_full((2,), 7), x.new_tensor([1, 2]))

#: nn.init after manual_seed
import torch
import torch.nn as nn
torch.manual_seed(0)
w = torch.empty(3, 4)
nn.init.xavier_uniform_(w)
print(w)
nn.init.normal_(w, mean=0.0, std=0.02)
print(w)
nn.init.zeros_(w)
print(w)
nn.init.constant_(w, 0.5)
print(w)

#: nn.init kaiming and uniform
import torch
import torch.nn as nn
torch.manual_seed(1)
w = torch.empty(2, 5)
print(nn.init.kaiming_uniform_(w, a=5 ** 0.5))
print(nn.init.uniform_(torch.empty(3), -0.1, 0.1))
print(nn.init.kaiming_normal_(torch.empty(2, 3)))
print(nn.init.xavier_normal_(torch.empty(2, 2)))
print(nn.init.calculate_gain("relu"), nn.init.calculate_gain("tanh"))

#: re-initialising a Linear layer
import torch
import torch.nn as nn
torch.manual_seed(0)
layer = nn.Linear(4, 2)
nn.init.xavier_uniform_(layer.weight)
nn.init.zeros_(layer.bias)
print(layer.weight, layer.bias)

#: sinusoidal positional encoding
import math
import torch
max_len, d_model = 6, 4
pe = torch.zeros(max_len, d_model)
position = torch.arange(0, max_len).unsqueeze(1).float()
div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
pe[:, 0::2] = torch.sin(position * div_term)
pe[:, 1::2] = torch.cos(position * div_term)
print(pe)

#: token and position embeddings
import torch
torch.manual_seed(123)
vocab_size, output_dim, context_length = 10, 4, 3
token_embedding_layer = torch.nn.Embedding(vocab_size, output_dim)
pos_embedding_layer = torch.nn.Embedding(context_length, output_dim)
inputs = torch.tensor([[1, 5, 2], [7, 0, 9]])
token_embeddings = token_embedding_layer(inputs)
pos_embeddings = pos_embedding_layer(torch.arange(context_length))
input_embeddings = token_embeddings + pos_embeddings
print(token_embeddings.shape, pos_embeddings.shape, input_embeddings.shape)
print(input_embeddings)

#: a transformer block
import torch
import torch.nn as nn

class FeedForward(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x):
        return self.layers(x)

class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(d)
        self.att = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(d)
        self.ff = FeedForward(d)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        h = self.norm1(x)
        a, _ = self.att(h, h, h, need_weights=False)
        x = x + self.drop(a)
        return x + self.drop(self.ff(self.norm2(x)))

torch.manual_seed(123)
block = Block(4, 2)
print(block)
block.eval()
with torch.no_grad():
    out = block(torch.ones(1, 3, 4))
print(out.shape, sum(p.numel() for p in block.parameters()))

#: counting parameters
import torch
import torch.nn as nn
model = nn.Sequential(nn.Embedding(100, 8), nn.Linear(8, 8), nn.LayerNorm(8), nn.Linear(8, 100, bias=False))
total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(total, trainable, f"{total:,}")

#: freezing parameters
import torch
import torch.nn as nn
layer = nn.Linear(3, 3)
for p in layer.parameters():
    p.requires_grad = False
print([p.requires_grad for p in layer.parameters()])
layer.requires_grad_(True)
print([p.requires_grad for p in layer.parameters()])

#: attention weights with a padding mask
import torch
scores = torch.tensor([[[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]]])
pad = torch.tensor([[False, False, True]])
scores = scores.masked_fill(pad.unsqueeze(1), float("-inf"))
print(torch.softmax(scores, dim=-1))

#: mask with where and tril
import torch
n = 4
causal = torch.tril(torch.ones(n, n, dtype=torch.bool))
scores = torch.arange(16.0).reshape(n, n)
print(torch.where(causal, scores, torch.tensor(float("-inf"))))
print(torch.full((n, n), float("-inf")).triu(1))

#: splitting heads
import torch
x = torch.arange(2 * 3 * 4.0).reshape(2, 3, 4)
b, t, d = x.shape
heads = 2
h = x.view(b, t, heads, d // heads).transpose(1, 2)
print(h.shape)
print(h[0, 1])
back = h.transpose(1, 2).contiguous().view(b, t, d)
print(torch.equal(back, x))

#: multi-query scores by broadcasting
import torch
q = torch.arange(6.0).reshape(1, 2, 3, 1)
k = torch.arange(3.0).reshape(1, 1, 3, 1)
print((q @ k.transpose(-2, -1)).shape)
print(q @ k.transpose(-2, -1))

#: argmax decoding
import torch
logits = torch.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 0.5]])
probs = torch.softmax(logits, dim=-1)
print(torch.argmax(probs, dim=-1), probs.max(dim=-1).values)
print(torch.argmax(probs, dim=-1, keepdim=True))

#: stacking scores over a loop
import torch
rows = []
for i in range(3):
    rows.append(torch.arange(3.0) * i)
print(torch.stack(rows), torch.cat(rows).shape)

#: comparing with numpy
import numpy as np
import torch
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
n = np.array([[1.0, 2.0], [3.0, 4.0]])
print(np.allclose(x.numpy(), n), torch.from_numpy(n).dtype, torch.tensor(n).float().dtype)

#: softmax temperature
import torch
logits = torch.tensor([1.0, 2.0, 3.0])
for temperature in [0.5, 1.0, 2.0]:
    print(temperature, torch.softmax(logits / temperature, dim=0))

#: numerically stable softmax by hand
import torch
x = torch.tensor([1000.0, 1001.0, 1002.0])
shifted = x - x.max()
print(torch.exp(shifted) / torch.exp(shifted).sum(), torch.softmax(x, dim=0))

#: grad_fn names in a small forward pass
import torch
import torch.nn as nn
torch.manual_seed(0)
lin = nn.Linear(3, 3)
x = torch.rand(2, 3)
h = lin(x)
s = h @ h.T
w = torch.softmax(s / 3 ** 0.5, dim=-1)
out = w @ h
print(h.grad_fn is not None, s, w, out)
print(out.sum(dim=-1, keepdim=True), out.mean(), out.view(-1), out.unsqueeze(0).shape)

#: augmented assignment is in place
import torch
x = torch.ones(3)
y = x
x += 1
x *= torch.tensor([1.0, 2.0, 3.0])
print(y, x is y)
i = torch.tensor([1, 2])
i += 1
i *= 3
print(i)

#: torch.Tensor constructor
import torch
print(torch.Tensor([1, 2]), torch.Tensor([[1.5], [2.5]]).dtype, torch.Tensor(2, 3).shape)

#: grad_fn nodes
import torch
x = torch.ones(2, requires_grad=True)
y = x * 2
print(y.grad_fn.name(), type(y.grad_fn).__name__, y.grad_fn is y.grad_fn, x.grad_fn)
z = (y + 1).sum()
print(z.grad_fn.name(), z.requires_grad, z.is_leaf, x.is_leaf)

#: strides and contiguity
import torch
x = torch.arange(24.0).reshape(2, 3, 4)
t = x.transpose(1, 2)
print(t.is_contiguous(), t.stride(), x.stride(), t.contiguous().is_contiguous(), t.reshape(2, 12).shape)
print(x[:, 1].stride(), x[..., ::2].stride(), x[None].stride(), x.unsqueeze(1).stride(), x.expand(3, 2, 3, 4).stride())
print(t.contiguous().view(2, 12)[0])
print(x.permute(2, 0, 1).stride(), x.T.stride(), x.mT.stride(), x.view(6, 4).stride(), x[:, :, 0].is_contiguous())
y = torch.ones(4, 1).expand(4, 3)
print(y.stride(), y.is_contiguous(), y.reshape(12).shape)

#: grad_fn of every operation
import torch
x = torch.tensor([[1.0, 2.0], [0.5, 3.0]], requires_grad=True)
r = x + 1; print('x + 1', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = 1 + x; print('1 + x', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x - 1; print('x - 1', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = 1 - x; print('1 - x', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x * 2; print('x * 2', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x / 2; print('x / 2', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = 2 / x; print('2 / x', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x ** 2; print('x ** 2', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = 2 ** x; print('2 ** x', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x ** x; print('x ** x', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = -x; print('-x', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x @ x.T; print('x @ x.T', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[0] @ x[0]; print('x[0] @ x[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x @ x[0]; print('x @ x[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[0] @ x.T; print('x[0] @ x.T', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.sum(); print('x.sum()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.sum(0); print('x.sum(0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.mean(); print('x.mean()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.mean(1); print('x.mean(1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.max(); print('x.max()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.max(0).values; print('x.max(0).values', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.min(); print('x.min()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.var(); print('x.var()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.std(); print('x.std()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.prod(); print('x.prod()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.prod(1); print('x.prod(1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.norm(); print('x.norm()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.logsumexp(1); print('x.logsumexp(1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.exp(); print('x.exp()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.log(); print('x.log()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.sqrt(); print('x.sqrt()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.tanh(); print('x.tanh()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.sigmoid(); print('x.sigmoid()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.relu(); print('x.relu()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.abs(); print('x.abs()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.sin(); print('x.sin()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.cos(); print('x.cos()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.floor(); print('x.floor()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.round(); print('x.round()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.clamp(0, 1); print('x.clamp(0, 1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.square(); print('x.square()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.rsqrt(); print('x.rsqrt()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.reciprocal(); print('x.reciprocal()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.softmax(-1); print('x.softmax(-1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.log_softmax(0); print('x.log_softmax(0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.T; print('x.T', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.t(); print('x.t()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.mT; print('x.mT', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.transpose(0, 1); print('x.transpose(0, 1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.permute(1, 0); print('x.permute(1, 0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.view(4); print('x.view(4)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.reshape(4); print('x.reshape(4)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.T.reshape(4); print('x.T.reshape(4)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.flatten(); print('x.flatten()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.unsqueeze(0); print('x.unsqueeze(0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.unsqueeze(0).squeeze(); print('x.unsqueeze(0).squeeze()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.unsqueeze(0).squeeze(0); print('x.unsqueeze(0).squeeze(0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.expand(2, 2, 2); print('x.expand(2, 2, 2)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.repeat(2, 1); print('x.repeat(2, 1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.repeat_interleave(2, dim=0); print('x.repeat_interleave(2, dim=0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.split(1)[0]; print('x.split(1)[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.chunk(2)[1]; print('x.chunk(2)[1]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.unbind()[0]; print('x.unbind()[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.tril(); print('x.tril()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.triu(1); print('x.triu(1)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.cumsum(0); print('x.cumsum(0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.sort()[0]; print('x.sort()[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.topk(1)[0]; print('x.topk(1)[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.masked_fill(x > 1, 0.0); print('x.masked_fill(x > 1, 0.0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.where(x > 1, x, 0.0); print('torch.where(x > 1, x, 0.0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.cat([x, x]); print('torch.cat([x, x])', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.stack([x, x]); print('torch.stack([x, x])', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.clone(); print('x.clone()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.contiguous(); print('x.contiguous()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.detach(); print('x.detach()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.double(); print('x.double()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.float(); print('x.float()', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.to(torch.float64); print('x.to(torch.float64)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[0]; print('x[0]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[:, 1]; print('x[:, 1]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[0, 1]; print('x[0, 1]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[x > 1]; print('x[x > 1]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[[0, 1]]; print('x[[0, 1]]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[None]; print('x[None]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x[...]; print('x[...]', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.maximum(x, x); print('torch.maximum(x, x)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.minimum(x, x); print('torch.minimum(x, x)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = x.outer(x[0]) if False else x[0].outer(x[0]); print('x.outer(x[0]) if False else x[0].outer(x[0])', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.gelu(x); print('torch.nn.functional.gelu(x)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.silu(x); print('torch.nn.functional.silu(x)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.dropout(x, 0.0); print('torch.nn.functional.dropout(x, 0.0)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.pad(x, (1, 1)); print('torch.nn.functional.pad(x, (1, 1))', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.layer_norm(x, (2,)); print('torch.nn.functional.layer_norm(x, (2,))', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.linear(x, x); print('torch.nn.functional.linear(x, x)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.linear(x, x, x[0]); print('torch.nn.functional.linear(x, x, x[0])', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.scaled_dot_product_attention(x.view(1, 1, 2, 2), x.view(1, 1, 2, 2), x.view(1, 1, 2, 2)); print('torch.nn.functional.scaled_dot_product_attention(x.view(1, 1, 2, 2), x.view(1, 1, 2, 2), x.view(1, 1, 2, 2))', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)
r = torch.nn.functional.embedding(torch.tensor([1, 0]), x); print('torch.nn.functional.embedding(torch.tensor([1, 0]), x)', r.grad_fn.name() if r.grad_fn is not None else None, r.requires_grad)

#: device arguments on the CPU
import torch
d = torch.device("cpu")
print(torch.arange(3, device=d), torch.zeros(2, device="cpu"), torch.tensor([1], device=d), torch.ones(2, 2, device=d, dtype=torch.int64))
print(torch.rand(2, device=d).shape, torch.randn(1, 2, device=d).shape, torch.full((2,), 3, device=d))

#: shape functions on a 3-d tensor
import torch
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.cat([a, b], dim=0)', torch.cat([a, b], dim=0))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.cat([a, a], dim=-1)', torch.cat([a, a], dim=-1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.cat((a, a, a), 1)', torch.cat((a, a, a), 1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.stack([a, a], dim=2)', torch.stack([a, a], dim=2))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.stack([a, a], -1)', torch.stack([a, a], -1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.split(2, dim=1)', a.split(2, dim=1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.split([1, 2], dim=0)', a.split([1, 2], dim=0))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.chunk(3, dim=-1)', a.chunk(3, dim=-1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.chunk(4)', a.chunk(4))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.unbind(1)', a.unbind(1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.view(-1, 2)', a.view(-1, 2))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.view(4, 3, 2).shape', a.view(4, 3, 2).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.reshape(-1)', a.reshape(-1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.reshape(1, -1, 6).shape', a.reshape(1, -1, 6).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.permute(1, 0, 2).shape', a.permute(1, 0, 2).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.permute(2, 1, 0)[0]', a.permute(2, 1, 0)[0])
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.transpose(0, -1).shape', a.transpose(0, -1).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.flatten(0, 1).shape', a.flatten(0, 1).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.flatten(1).shape', a.flatten(1).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.unsqueeze(-1).shape', a.unsqueeze(-1).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.unsqueeze(-4).shape', a.unsqueeze(-4).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a[:, None].squeeze(1).shape', a[:, None].squeeze(1).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.expand(3, 3, 2, 4).shape if False else a.unsqueeze(0).expand(3, 3, 2, 4).shape', a.expand(3, 3, 2, 4).shape if False else a.unsqueeze(0).expand(3, 3, 2, 4).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.repeat(2, 1, 1).shape', a.repeat(2, 1, 1).shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.repeat(1, 2, 3)[0, 0]', a.repeat(1, 2, 3)[0, 0])
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.tril()', a.tril())
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.triu(-1)', a.triu(-1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.sum((0, 2))', a.sum((0, 2)))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.mean((1, 2), keepdim=True)', a.mean((1, 2), keepdim=True))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print("a.amax(1) if hasattr(a, 'amax') else 0", a.amax(1) if hasattr(a, 'amax') else 0)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.max(dim=-1)', a.max(dim=-1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.min(dim=0).indices', a.min(dim=0).indices)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.argmax(-1)', a.argmax(-1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.softmax(0)[0]', a.softmax(0)[0])
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.T.shape', a.T.shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.mT.shape', a.mT.shape)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.matmul(a, a.transpose(1, 2))', torch.matmul(a, a.transpose(1, 2)))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a @ torch.ones(4)', a @ torch.ones(4))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.ones(4) @ a.transpose(1, 2)', torch.ones(4) @ a.transpose(1, 2))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.bmm(a, a.mT)', torch.bmm(a, a.mT))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.masked_fill(torch.tensor([True, False, True, False]), -1)', a.masked_fill(torch.tensor([True, False, True, False]), -1))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('torch.where(a > 10, a, torch.zeros(1))', torch.where(a > 10, a, torch.zeros(1)))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.clone().masked_fill_(a < 5, 0)', a.clone().masked_fill_(a < 5, 0))
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print('a.new_zeros(2).dtype', a.new_zeros(2).dtype)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print("a.narrow(2, 1, 2) if hasattr(a, 'narrow') else 0", a.narrow(2, 1, 2) if hasattr(a, 'narrow') else 0)
a = torch.arange(24.0).reshape(3, 2, 4); b = torch.ones(1, 2, 4); print("a.flip(0) if hasattr(a, 'flip') else 0", a.flip(0) if hasattr(a, 'flip') else 0)
