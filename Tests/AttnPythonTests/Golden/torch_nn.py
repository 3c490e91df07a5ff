# The Python dialect's golden corpus: torch.nn modules and
# torch.nn.functional, initialised from the seeded default generator.

#: Linear after manual_seed
import torch
torch.manual_seed(123)
layer = torch.nn.Linear(3, 2)
print(layer)
print(layer.weight)
print(layer.bias)

#: Linear without bias
import torch
import torch.nn as nn
torch.manual_seed(789)
layer = nn.Linear(3, 2, bias=False)
print(layer, layer.bias, layer.in_features, layer.out_features)
print(layer.weight)

#: Linear forward and grad_fn
import torch
torch.manual_seed(1)
layer = torch.nn.Linear(2, 3)
x = torch.tensor([[1.0, 2.0], [0.5, -1.0]])
print(layer(x))
print(layer(x[0]))
print(layer(x.unsqueeze(0)))

#: Linear forward without bias
import torch
torch.manual_seed(2)
layer = torch.nn.Linear(2, 2, bias=False)
x = torch.tensor([[1.0, 2.0], [0.5, -1.0]])
print(layer(x))
print(layer(torch.ones(2, 3, 2)))

#: no_grad drops grad_fn
import torch
torch.manual_seed(3)
layer = torch.nn.Linear(2, 2)
with torch.no_grad():
    y = layer(torch.ones(1, 2))
print(y, y.requires_grad, torch.is_grad_enabled())

#: detach drops grad_fn
import torch
torch.manual_seed(3)
layer = torch.nn.Linear(2, 2)
y = layer(torch.ones(1, 2))
print(y.detach(), y.requires_grad, y.detach().requires_grad)

#: Parameter
import torch
torch.manual_seed(123)
W = torch.nn.Parameter(torch.rand(3, 2))
print(W)
V = torch.nn.Parameter(torch.rand(3, 2), requires_grad=False)
print(V)
print(type(W), isinstance(W, torch.Tensor), W.shape, W.requires_grad)

#: operations on parameters record grad_fn
import torch
torch.manual_seed(123)
W = torch.nn.Parameter(torch.rand(2, 2))
x = torch.tensor([1.0, 2.0])
print(x @ W)
print(W * 2, W + 1, W - 1, W / 2)
print(W.sum(), W.sum(dim=0), W.mean(), W.T, W.view(4), W.unsqueeze(0), W[0], torch.softmax(W, dim=-1))

#: more grad_fn names
import torch
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
print(x.exp(), x.transpose(0, 1), x.reshape(4), x.masked_fill(x > 2, 0.0))
print(torch.cat([x, x]), torch.stack([x, x]).shape, torch.tril(x), x.max(), x.var())
print(-x, x ** 2, 2 - x, torch.relu(x), x.tanh(), x.sqrt(), x.log_softmax(dim=0))

#: grad_fn of requires_grad leaf ops through no_grad
import torch
x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    print(x * 2)
print(x * 2)

#: backward is unsupported but grad is None
import torch
x = torch.ones(2, requires_grad=True)
print(x.grad, (x * 2).grad_fn is not None)

#: Embedding
import torch
torch.manual_seed(123)
emb = torch.nn.Embedding(6, 3)
print(emb)
print(emb.weight)
print(emb(torch.tensor([2, 3, 5])))
print(emb(torch.tensor([[0, 1], [1, 0]])).shape)

#: Embedding with padding_idx
import torch
torch.manual_seed(0)
emb = torch.nn.Embedding(4, 2, padding_idx=0)
print(emb, emb.weight)

#: Dropout in training and eval
import torch
torch.manual_seed(123)
dropout = torch.nn.Dropout(0.5)
example = torch.ones(6, 6)
print(dropout(example))
dropout.eval()
print(dropout(example))
print(dropout, dropout.training)

#: Dropout of attention weights
import torch
torch.manual_seed(123)
w = torch.softmax(torch.arange(16.0).reshape(4, 4) / 4, dim=-1)
print(torch.nn.Dropout(0.5)(w))

#: F.dropout
import torch
import torch.nn.functional as F
torch.manual_seed(42)
x = torch.ones(2, 8)
print(F.dropout(x, p=0.25))
print(F.dropout(x, p=0.25, training=False))
print(F.dropout(x, 0.0))

#: LayerNorm
import torch
print(torch.nn.LayerNorm(3, elementwise_affine=False), torch.nn.LayerNorm((2, 3), bias=False, eps=1e-6))
ln = torch.nn.LayerNorm(4)
x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 6.0]])
print(ln)
print(ln(x))
print(ln.weight, ln.bias)

#: F.layer_norm
import torch
import torch.nn.functional as F
x = torch.tensor([[1.0, 2.0, 3.0, 4.0]])
print(F.layer_norm(x, (4,)), F.layer_norm(x, [4], weight=torch.full((4,), 2.0), bias=torch.ones(4)))

#: activations
import torch
import torch.nn as nn
x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
print(nn.ReLU()(x), nn.GELU()(x), nn.GELU(approximate="tanh")(x), nn.Tanh()(x), nn.Sigmoid()(x))
print(nn.ReLU(), nn.GELU(), nn.Softmax(dim=-1), nn.Tanh())

#: functional activations
import torch
import torch.nn.functional as F
x = torch.tensor([[-1.0, 0.0, 1.0], [2.0, 2.5, 4.0]])
print(F.relu(x), F.gelu(x), F.softmax(x, dim=-1), F.log_softmax(x, dim=1), F.silu(x), F.sigmoid(x))

#: Softmax module
import torch
sm = torch.nn.Softmax(dim=1)
print(sm(torch.tensor([[1.0, 2.0], [3.0, 5.0]])))

#: F.linear
import torch
import torch.nn.functional as F
x = torch.tensor([[1.0, 2.0]])
W = torch.tensor([[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]])
print(F.linear(x, W), F.linear(x, W, torch.tensor([0.0, 1.0, 2.0])))

#: F.pad
import torch
import torch.nn.functional as F
x = torch.tensor([[1, 2], [3, 4]])
print(F.pad(x, (1, 1)), F.pad(x, (0, 0, 1, 0), value=9), F.pad(torch.ones(1, 2), (2, 0)))

#: Sequential
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
print(model)
print(model(torch.tensor([[1.0, -1.0]])))
print(len(model), model[0], model[1])

#: ModuleList
import torch
import torch.nn as nn
torch.manual_seed(0)
layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
print(layers)
print(len(layers), layers[1].weight.shape)
for layer in layers:
    print(layer.bias)

#: ModuleList of different modules
import torch
import torch.nn as nn
print(nn.ModuleList([nn.Linear(2, 2), nn.ReLU(), nn.ReLU(), nn.Dropout(0.1)]))

#: a module subclass with Parameters
import torch
import torch.nn as nn

class SelfAttention_v1(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.W_query = nn.Parameter(torch.rand(d_in, d_out))
        self.W_key = nn.Parameter(torch.rand(d_in, d_out))
        self.W_value = nn.Parameter(torch.rand(d_in, d_out))

    def forward(self, x):
        keys = x @ self.W_key
        queries = x @ self.W_query
        values = x @ self.W_value
        attn_scores = queries @ keys.T
        attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
        return attn_weights @ values

torch.manual_seed(123)
inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64]])
sa = SelfAttention_v1(3, 2)
print(sa(inputs))
print(sa)
for name, p in sa.named_parameters():
    print(name, p.shape)

#: a module subclass with Linear layers
import torch
import torch.nn as nn

class SelfAttention_v2(nn.Module):
    def __init__(self, d_in, d_out, qkv_bias=False):
        super().__init__()
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)

    def forward(self, x):
        keys = self.W_key(x)
        queries = self.W_query(x)
        values = self.W_value(x)
        attn_scores = queries @ keys.T
        attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
        return attn_weights @ values

torch.manual_seed(789)
inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64]])
sa = SelfAttention_v2(3, 2)
print(sa(inputs))
print(sa)
print(sum(p.numel() for p in sa.parameters()))

#: register_buffer and causal attention
import torch
import torch.nn as nn

class CausalAttention(nn.Module):
    def __init__(self, d_in, d_out, context_length, dropout, qkv_bias=False):
        super().__init__()
        self.d_out = d_out
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length), diagonal=1))

    def forward(self, x):
        b, num_tokens, d_in = x.shape
        keys = self.W_key(x)
        queries = self.W_query(x)
        values = self.W_value(x)
        attn_scores = queries @ keys.transpose(1, 2)
        attn_scores.masked_fill_(self.mask.bool()[:num_tokens, :num_tokens], -torch.inf)
        attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
        attn_weights = self.dropout(attn_weights)
        return attn_weights @ values

torch.manual_seed(123)
inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64], [0.22, 0.58, 0.33]])
batch = torch.stack((inputs, inputs), dim=0)
ca = CausalAttention(3, 2, 4, 0.0)
out = ca(batch)
print(out)
print(out.shape)
print(ca)
print([name for name, _ in ca.named_buffers()], ca.mask)

#: multi-head attention module
import torch
import torch.nn as nn

class MultiHeadAttention(nn.Module):
    def __init__(self, d_in, d_out, context_length, dropout, num_heads, qkv_bias=False):
        super().__init__()
        assert d_out % num_heads == 0, "d_out must be divisible by num_heads"
        self.d_out = d_out
        self.num_heads = num_heads
        self.head_dim = d_out // num_heads
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.out_proj = nn.Linear(d_out, d_out)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length), diagonal=1))

    def forward(self, x):
        b, num_tokens, d_in = x.shape
        keys = self.W_key(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        queries = self.W_query(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        values = self.W_value(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        attn_scores = queries @ keys.transpose(2, 3)
        mask_bool = self.mask.bool()[:num_tokens, :num_tokens]
        attn_scores.masked_fill_(mask_bool, -torch.inf)
        attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
        attn_weights = self.dropout(attn_weights)
        context_vec = (attn_weights @ values).transpose(1, 2)
        context_vec = context_vec.contiguous().view(b, num_tokens, self.d_out)
        return self.out_proj(context_vec)

torch.manual_seed(123)
inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64]])
batch = torch.stack((inputs, inputs), dim=0)
mha = MultiHeadAttention(3, 4, 3, 0.0, num_heads=2)
print(mha(batch))
print(mha)

#: wrapper over heads with ModuleList and cat
import torch
import torch.nn as nn

class Head(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.W = nn.Linear(d_in, d_out, bias=False)

    def forward(self, x):
        return torch.softmax(self.W(x), dim=-1)

class Wrapper(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.heads = nn.ModuleList([Head(3, 2) for _ in range(n)])

    def forward(self, x):
        return torch.cat([head(x) for head in self.heads], dim=-1)

torch.manual_seed(123)
w = Wrapper(2)
print(w(torch.ones(2, 3)))
print(w)

#: train and eval modes propagate
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.5)
        self.lin = nn.Linear(2, 2)

net = Net()
print(net.training, net.drop.training)
net.eval()
print(net.training, net.drop.training)
net.train()
print(net.training, net.drop.training)
print(net.eval() is net)

#: parameters and named_parameters order
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.b = nn.Linear(2, 3)
        self.scale = nn.Parameter(torch.ones(1))
        self.a = nn.Sequential(nn.Linear(3, 1), nn.ReLU())

torch.manual_seed(0)
net = Net()
print([name for name, _ in net.named_parameters()])
print([tuple(p.shape) for p in net.parameters()])
print([name for name, _ in net.named_children()])
print(net)

#: attributes that are not parameters
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.d_out = 4
        self.name = "net"
        self.t = torch.zeros(2)

net = Net()
print(net.d_out, net.name, net.t, list(net.parameters()))
print(net)

#: state_dict keys
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.LayerNorm(2))
print(list(model.state_dict().keys()))

#: module extra_repr of a subclass
import torch.nn as nn

class Scaled(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.k = k
        self.inner = nn.Linear(1, 1)

    def extra_repr(self):
        return f"k={self.k}"

print(Scaled(3))

#: scaled_dot_product_attention
import torch
import torch.nn.functional as F
q = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
k = torch.tensor([[[1.0, 0.5], [0.5, 1.0], [0.0, 0.0]]])
v = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]])
print(F.scaled_dot_product_attention(q, k, v))
print(F.scaled_dot_product_attention(q, k, v, is_causal=True))
print(F.scaled_dot_product_attention(q, k, v, scale=1.0))

#: scaled_dot_product_attention with masks
import torch
import torch.nn.functional as F
q = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
k = torch.tensor([[[1.0, 0.5], [0.5, 1.0]]])
v = torch.tensor([[[1.0, 2.0], [3.0, 4.0]]])
print(F.scaled_dot_product_attention(q, k, v, attn_mask=torch.tensor([[True, False], [True, True]])))
print(F.scaled_dot_product_attention(q, k, v, attn_mask=torch.tensor([[0.0, -1.0], [0.5, 0.0]])))

#: scaled_dot_product_attention matches the manual computation
import torch
import torch.nn.functional as F
torch.manual_seed(0)
q = torch.randn(1, 2, 4, 8)
k = torch.randn(1, 2, 4, 8)
v = torch.randn(1, 2, 4, 8)
manual = torch.softmax(q @ k.transpose(-2, -1) / 8**0.5, dim=-1) @ v
print(torch.allclose(F.scaled_dot_product_attention(q, k, v), manual, atol=1e-6))
mask = torch.tril(torch.ones(4, 4)).bool()
causal = torch.softmax((q @ k.transpose(-2, -1) / 8**0.5).masked_fill(~mask, -torch.inf), dim=-1) @ v
print(torch.allclose(F.scaled_dot_product_attention(q, k, v, is_causal=True), causal, atol=1e-6))
print(F.scaled_dot_product_attention(q, k, v).shape)

#: scaled_dot_product_attention with grouped query heads
import torch
import torch.nn.functional as F
torch.manual_seed(0)
q = torch.randn(1, 4, 3, 2)
k = torch.randn(1, 2, 3, 2)
v = torch.randn(1, 2, 3, 2)
out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
ref = F.scaled_dot_product_attention(q, k.repeat_interleave(2, dim=1), v.repeat_interleave(2, dim=1))
print(out.shape, torch.allclose(out, ref, atol=1e-6))

#: MultiheadAttention
import torch
import torch.nn as nn
torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 2, batch_first=True)
print(mha)
print([name for name, _ in mha.named_parameters()])
print(mha.in_proj_bias, mha.out_proj.bias)
x = torch.tensor([[[1.0, 0.0, 0.5, -1.0], [0.0, 1.0, 1.0, 0.5], [0.5, 0.5, -0.5, 0.0]]])
with torch.no_grad():
    out, w = mha(x, x, x)
print(out.shape, w.shape)
print(torch.allclose(w.sum(dim=-1), torch.ones(1, 3)))
with torch.no_grad():
    out2, w2 = mha(x, x, x, average_attn_weights=False)
print(w2.shape, torch.allclose(w2.mean(dim=1), w, atol=1e-6))
print(mha(x, x, x, need_weights=False)[1])

#: MultiheadAttention forward values
import torch
import torch.nn as nn
torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 2, batch_first=True)
x = torch.rand(2, 3, 4)
out, w = mha(x, x, x)
print(out)
print(w)
out, w = mha(x, x, x, attn_mask=torch.triu(torch.ones(3, 3, dtype=torch.bool), 1), average_attn_weights=False)
print(out)
print(w)
kpm = torch.tensor([[False, False, True], [False, False, False]])
out, w = mha(x, x, x, key_padding_mask=kpm)
print(out, w)
m2 = nn.MultiheadAttention(4, 1)
y = torch.rand(3, 2, 4)
print(m2(y, y, y))
print(m2(y[:, 0], y[:, 0], y[:, 0]))

#: subclassing a built-in layer
import torch
import torch.nn as nn
class Scaled(nn.Linear):
    def __init__(self, a, b, k):
        super().__init__(a, b, bias=False)
        self.k = k
    def forward(self, x):
        return super().forward(x) * self.k
torch.manual_seed(0)
m = Scaled(2, 2, 10.0)
print(m)
print(m(torch.ones(1, 2)))
class Empty(nn.Module):
    pass
try_it = Empty()
print(try_it)
print(nn.Linear(2, 1).forward(torch.ones(2)).shape)

#: no_grad as a decorator and nested grad modes
import torch
w = torch.ones(2, requires_grad=True)

@torch.no_grad()
def generate(x):
    return x * w

print(generate(torch.ones(2)), torch.is_grad_enabled())
with torch.no_grad():
    print(w * 2)
    with torch.enable_grad():
        print(w * 2)
    print(w * 3)
print(w * 4)
with torch.inference_mode():
    print(w + 1)
ctx = torch.no_grad()
with ctx:
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())

#: a small GPT model: forward in training mode and greedy generation
import torch
import torch.nn as nn

GPT_CONFIG = {"vocab_size": 50, "context_length": 8, "emb_dim": 12, "n_heads": 3, "n_layers": 2, "drop_rate": 0.1, "qkv_bias": False}

class LayerNorm(nn.Module):
    def __init__(self, emb_dim):
        super().__init__()
        self.eps = 1e-5
        self.scale = nn.Parameter(torch.ones(emb_dim))
        self.shift = nn.Parameter(torch.zeros(emb_dim))

    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = x.var(dim=-1, keepdim=True, unbiased=False)
        norm_x = (x - mean) / torch.sqrt(var + self.eps)
        return self.scale * norm_x + self.shift

class GELU(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return 0.5 * x * (1 + torch.tanh(torch.sqrt(torch.tensor(2.0 / torch.pi)) * (x + 0.044715 * torch.pow(x, 3))))

class FeedForward(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(cfg["emb_dim"], 4 * cfg["emb_dim"]), GELU(), nn.Linear(4 * cfg["emb_dim"], cfg["emb_dim"]))

    def forward(self, x):
        return self.layers(x)

class MultiHeadAttention(nn.Module):
    def __init__(self, d_in, d_out, context_length, dropout, num_heads, qkv_bias=False):
        super().__init__()
        self.d_out = d_out
        self.num_heads = num_heads
        self.head_dim = d_out // num_heads
        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)
        self.out_proj = nn.Linear(d_out, d_out)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.triu(torch.ones(context_length, context_length), diagonal=1))

    def forward(self, x):
        b, num_tokens, d_in = x.shape
        keys = self.W_key(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        queries = self.W_query(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        values = self.W_value(x).view(b, num_tokens, self.num_heads, self.head_dim).transpose(1, 2)
        attn_scores = queries @ keys.transpose(2, 3)
        mask_bool = self.mask.bool()[:num_tokens, :num_tokens]
        attn_scores.masked_fill_(mask_bool, -torch.inf)
        attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
        attn_weights = self.dropout(attn_weights)
        context_vec = (attn_weights @ values).transpose(1, 2)
        context_vec = context_vec.contiguous().view(b, num_tokens, self.d_out)
        return self.out_proj(context_vec)

class TransformerBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.att = MultiHeadAttention(cfg["emb_dim"], cfg["emb_dim"], cfg["context_length"], cfg["drop_rate"], cfg["n_heads"], cfg["qkv_bias"])
        self.ff = FeedForward(cfg)
        self.norm1 = LayerNorm(cfg["emb_dim"])
        self.norm2 = LayerNorm(cfg["emb_dim"])
        self.drop_shortcut = nn.Dropout(cfg["drop_rate"])

    def forward(self, x):
        shortcut = x
        x = self.norm1(x)
        x = self.att(x)
        x = self.drop_shortcut(x)
        x = x + shortcut
        shortcut = x
        x = self.norm2(x)
        x = self.ff(x)
        x = self.drop_shortcut(x)
        return x + shortcut

class GPTModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.tok_emb = nn.Embedding(cfg["vocab_size"], cfg["emb_dim"])
        self.pos_emb = nn.Embedding(cfg["context_length"], cfg["emb_dim"])
        self.drop_emb = nn.Dropout(cfg["drop_rate"])
        self.trf_blocks = nn.Sequential(*[TransformerBlock(cfg) for _ in range(cfg["n_layers"])])
        self.final_norm = LayerNorm(cfg["emb_dim"])
        self.out_head = nn.Linear(cfg["emb_dim"], cfg["vocab_size"], bias=False)

    def forward(self, in_idx):
        batch_size, seq_len = in_idx.shape
        tok_embeds = self.tok_emb(in_idx)
        pos_embeds = self.pos_emb(torch.arange(seq_len, device=in_idx.device))
        x = tok_embeds + pos_embeds
        x = self.drop_emb(x)
        x = self.trf_blocks(x)
        x = self.final_norm(x)
        return self.out_head(x)

def generate_text_simple(model, idx, max_new_tokens, context_size):
    for _ in range(max_new_tokens):
        idx_cond = idx[:, -context_size:]
        with torch.no_grad():
            logits = model(idx_cond)
        logits = logits[:, -1, :]
        probas = torch.softmax(logits, dim=-1)
        idx_next = torch.argmax(probas, dim=-1, keepdim=True)
        idx = torch.cat((idx, idx_next), dim=1)
    return idx

torch.manual_seed(123)
model = GPTModel(GPT_CONFIG)
batch = torch.tensor([[6, 1, 4, 2], [3, 7, 0, 9]])
out = model(batch)
print("Input batch:\n", batch)
print("Output shape:", out.shape)
print(out[0, :2, :6])
total_params = sum(p.numel() for p in model.parameters())
print(f"Total number of parameters: {total_params:,}")
print(model.trf_blocks[0])
model.eval()
print(generate_text_simple(model, batch[:1], 5, GPT_CONFIG["context_length"]))
torch.manual_seed(123)
block = TransformerBlock(GPT_CONFIG)
x = torch.rand(2, 4, 12)
print(block(x).shape)

#: attention dropout in sdpa and MultiheadAttention
import torch
import torch.nn.functional as F
torch.manual_seed(0)
q = torch.rand(1, 2, 3, 4)
print(F.scaled_dot_product_attention(q, q, q, dropout_p=0.5))
print(F.scaled_dot_product_attention(q, q, q, attn_mask=torch.tril(torch.ones(3, 3)).bool(), dropout_p=0.3))
m = torch.nn.MultiheadAttention(4, 2, dropout=0.5, batch_first=True)
x = torch.rand(1, 3, 4)
print(m(x, x, x))

#: losses and finfo
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
logits = torch.randn(2, 3, 5)
targets = torch.tensor([[1, 0, 4], [2, 2, -100]])
loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten())
print(loss, torch.exp(loss))
print(F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="sum"))
print(F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="none"))
print(nn.CrossEntropyLoss()(logits[0], targets[0]))
w = torch.randn(3, 5, requires_grad=True)
print(F.cross_entropy(w, torch.tensor([0, 1, 2])))
print(F.nll_loss(torch.log_softmax(logits[0], dim=-1), targets[0]))
print(F.mse_loss(logits[0], torch.zeros(3, 5)), nn.MSELoss(reduction="sum")(logits[0], torch.ones(3, 5)))
print(torch.finfo(torch.float32).min, torch.finfo(torch.float32).eps, torch.finfo(torch.float64).max, torch.iinfo(torch.int64).max, torch.finfo().tiny)
scores = torch.randn(2, 2)
print(scores.masked_fill(torch.tensor([[False, True], [False, False]]), torch.finfo(scores.dtype).min))
print(nn.CrossEntropyLoss(), nn.MSELoss())
