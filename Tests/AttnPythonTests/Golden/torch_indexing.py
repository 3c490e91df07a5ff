# The Python dialect's golden corpus: indexing torch tensors (ints, slices,
# None, Ellipsis, masks, index tensors and lists) and assigning through them.

#: indexing with 0
import torch
x = torch.arange(12).reshape(3, 4); r = x[0]; print('0', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[0] = 0; print('0=0', x)
x = torch.arange(12).reshape(3, 4); x[0] = -1; print('0=-1', x)
x = torch.arange(12).reshape(3, 4); x[0] = torch.tensor(9); print('0=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[0] = 100.7; print('0=100.7', x)

#: indexing with -1
import torch
x = torch.arange(12).reshape(3, 4); r = x[-1]; print('-1', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[-1] = 0; print('-1=0', x)
x = torch.arange(12).reshape(3, 4); x[-1] = -1; print('-1=-1', x)
x = torch.arange(12).reshape(3, 4); x[-1] = torch.tensor(9); print('-1=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[-1] = 100.7; print('-1=100.7', x)

#: indexing with 1:
import torch
x = torch.arange(12).reshape(3, 4); r = x[1:]; print('1:', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[1:] = 0; print('1:=0', x)
x = torch.arange(12).reshape(3, 4); x[1:] = -1; print('1:=-1', x)
x = torch.arange(12).reshape(3, 4); x[1:] = torch.tensor(9); print('1:=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[1:] = 100.7; print('1:=100.7', x)

#: indexing with :2
import torch
x = torch.arange(12).reshape(3, 4); r = x[:2]; print(':2', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[:2] = 0; print(':2=0', x)
x = torch.arange(12).reshape(3, 4); x[:2] = -1; print(':2=-1', x)
x = torch.arange(12).reshape(3, 4); x[:2] = torch.tensor(9); print(':2=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[:2] = 100.7; print(':2=100.7', x)

#: indexing with ::2
import torch
x = torch.arange(12).reshape(3, 4); r = x[::2]; print('::2', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[::2] = 0; print('::2=0', x)
x = torch.arange(12).reshape(3, 4); x[::2] = -1; print('::2=-1', x)
x = torch.arange(12).reshape(3, 4); x[::2] = torch.tensor(9); print('::2=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[::2] = 100.7; print('::2=100.7', x)

#: indexing with 1:3
import torch
x = torch.arange(12).reshape(3, 4); r = x[1:3]; print('1:3', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[1:3] = 0; print('1:3=0', x)
x = torch.arange(12).reshape(3, 4); x[1:3] = -1; print('1:3=-1', x)
x = torch.arange(12).reshape(3, 4); x[1:3] = torch.tensor(9); print('1:3=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[1:3] = 100.7; print('1:3=100.7', x)

#: indexing with None
import torch
x = torch.arange(12).reshape(3, 4); r = x[None]; print('None', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[None] = 0; print('None=0', x)
x = torch.arange(12).reshape(3, 4); x[None] = -1; print('None=-1', x)
x = torch.arange(12).reshape(3, 4); x[None] = torch.tensor(9); print('None=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[None] = 100.7; print('None=100.7', x)

#: indexing with ...
import torch
x = torch.arange(12).reshape(3, 4); r = x[...]; print('...', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[...] = 0; print('...=0', x)
x = torch.arange(12).reshape(3, 4); x[...] = -1; print('...=-1', x)
x = torch.arange(12).reshape(3, 4); x[...] = torch.tensor(9); print('...=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[...] = 100.7; print('...=100.7', x)

#: indexing with (0, 1)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(0, 1)]; print('(0, 1)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(0, 1)] = 0; print('(0, 1)=0', x)
x = torch.arange(12).reshape(3, 4); x[(0, 1)] = -1; print('(0, 1)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(0, 1)] = torch.tensor(9); print('(0, 1)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(0, 1)] = 100.7; print('(0, 1)=100.7', x)

#: indexing with (slice(None), 0)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(slice(None), 0)]; print('(slice(None), 0)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(slice(None), 0)] = 0; print('(slice(None), 0)=0', x)
x = torch.arange(12).reshape(3, 4); x[(slice(None), 0)] = -1; print('(slice(None), 0)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(slice(None), 0)] = torch.tensor(9); print('(slice(None), 0)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(slice(None), 0)] = 100.7; print('(slice(None), 0)=100.7', x)

#: indexing with (..., 1)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(..., 1)]; print('(..., 1)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(..., 1)] = 0; print('(..., 1)=0', x)
x = torch.arange(12).reshape(3, 4); x[(..., 1)] = -1; print('(..., 1)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(..., 1)] = torch.tensor(9); print('(..., 1)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(..., 1)] = 100.7; print('(..., 1)=100.7', x)

#: indexing with (None, 0)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(None, 0)]; print('(None, 0)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(None, 0)] = 0; print('(None, 0)=0', x)
x = torch.arange(12).reshape(3, 4); x[(None, 0)] = -1; print('(None, 0)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(None, 0)] = torch.tensor(9); print('(None, 0)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(None, 0)] = 100.7; print('(None, 0)=100.7', x)

#: indexing with (0, None, 1)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(0, None, 1)]; print('(0, None, 1)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(0, None, 1)] = 0; print('(0, None, 1)=0', x)
x = torch.arange(12).reshape(3, 4); x[(0, None, 1)] = -1; print('(0, None, 1)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(0, None, 1)] = torch.tensor(9); print('(0, None, 1)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(0, None, 1)] = 100.7; print('(0, None, 1)=100.7', x)

#: indexing with [0, 2]
import torch
x = torch.arange(12).reshape(3, 4); r = x[[0, 2]]; print('[0, 2]', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[[0, 2]] = 0; print('[0, 2]=0', x)
x = torch.arange(12).reshape(3, 4); x[[0, 2]] = -1; print('[0, 2]=-1', x)
x = torch.arange(12).reshape(3, 4); x[[0, 2]] = torch.tensor(9); print('[0, 2]=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[[0, 2]] = 100.7; print('[0, 2]=100.7', x)

#: indexing with [[0, 1], [1, 2]]
import torch
x = torch.arange(12).reshape(3, 4); r = x[[[0, 1], [1, 2]]]; print('[[0, 1], [1, 2]]', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[[[0, 1], [1, 2]]] = 0; print('[[0, 1], [1, 2]]=0', x)
x = torch.arange(12).reshape(3, 4); x[[[0, 1], [1, 2]]] = -1; print('[[0, 1], [1, 2]]=-1', x)
x = torch.arange(12).reshape(3, 4); x[[[0, 1], [1, 2]]] = torch.tensor(9); print('[[0, 1], [1, 2]]=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[[[0, 1], [1, 2]]] = 100.7; print('[[0, 1], [1, 2]]=100.7', x)

#: indexing with torch.tensor([1, 0])
import torch
x = torch.arange(12).reshape(3, 4); r = x[torch.tensor([1, 0])]; print('torch.tensor([1, 0])', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([1, 0])] = 0; print('torch.tensor([1, 0])=0', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([1, 0])] = -1; print('torch.tensor([1, 0])=-1', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([1, 0])] = torch.tensor(9); print('torch.tensor([1, 0])=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([1, 0])] = 100.7; print('torch.tensor([1, 0])=100.7', x)

#: indexing with torch.tensor([True, False, True])
import torch
x = torch.arange(12).reshape(3, 4); r = x[torch.tensor([True, False, True])]; print('torch.tensor([True, False, True])', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([True, False, True])] = 0; print('torch.tensor([True, False, True])=0', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([True, False, True])] = -1; print('torch.tensor([True, False, True])=-1', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([True, False, True])] = torch.tensor(9); print('torch.tensor([True, False, True])=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor([True, False, True])] = 100.7; print('torch.tensor([True, False, True])=100.7', x)

#: indexing with (torch.tensor([0, 2]), 1)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(torch.tensor([0, 2]), 1)]; print('(torch.tensor([0, 2]), 1)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 2]), 1)] = 0; print('(torch.tensor([0, 2]), 1)=0', x)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 2]), 1)] = -1; print('(torch.tensor([0, 2]), 1)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 2]), 1)] = torch.tensor(9); print('(torch.tensor([0, 2]), 1)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 2]), 1)] = 100.7; print('(torch.tensor([0, 2]), 1)=100.7', x)

#: indexing with (slice(None), torch.tensor([0, 1]))
import torch
x = torch.arange(12).reshape(3, 4); r = x[(slice(None), torch.tensor([0, 1]))]; print('(slice(None), torch.tensor([0, 1]))', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(slice(None), torch.tensor([0, 1]))] = 0; print('(slice(None), torch.tensor([0, 1]))=0', x)
x = torch.arange(12).reshape(3, 4); x[(slice(None), torch.tensor([0, 1]))] = -1; print('(slice(None), torch.tensor([0, 1]))=-1', x)
x = torch.arange(12).reshape(3, 4); x[(slice(None), torch.tensor([0, 1]))] = torch.tensor(9); print('(slice(None), torch.tensor([0, 1]))=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(slice(None), torch.tensor([0, 1]))] = 100.7; print('(slice(None), torch.tensor([0, 1]))=100.7', x)

#: indexing with (1, slice(1, None))
import torch
x = torch.arange(12).reshape(3, 4); r = x[(1, slice(1, None))]; print('(1, slice(1, None))', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(1, slice(1, None))] = 0; print('(1, slice(1, None))=0', x)
x = torch.arange(12).reshape(3, 4); x[(1, slice(1, None))] = -1; print('(1, slice(1, None))=-1', x)
x = torch.arange(12).reshape(3, 4); x[(1, slice(1, None))] = torch.tensor(9); print('(1, slice(1, None))=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(1, slice(1, None))] = 100.7; print('(1, slice(1, None))=100.7', x)

#: indexing with x > 4
import torch
x = torch.arange(12).reshape(3, 4); r = x[x > 4]; print('x > 4', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[x > 4] = 0; print('x > 4=0', x)
x = torch.arange(12).reshape(3, 4); x[x > 4] = -1; print('x > 4=-1', x)
x = torch.arange(12).reshape(3, 4); x[x > 4] = torch.tensor(9); print('x > 4=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[x > 4] = 100.7; print('x > 4=100.7', x)

#: indexing with (0, slice(None), None)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(0, slice(None), None)]; print('(0, slice(None), None)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(0, slice(None), None)] = 0; print('(0, slice(None), None)=0', x)
x = torch.arange(12).reshape(3, 4); x[(0, slice(None), None)] = -1; print('(0, slice(None), None)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(0, slice(None), None)] = torch.tensor(9); print('(0, slice(None), None)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(0, slice(None), None)] = 100.7; print('(0, slice(None), None)=100.7', x)

#: indexing with [True, False, True]
import torch
x = torch.arange(12).reshape(3, 4); r = x[[True, False, True]]; print('[True, False, True]', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[[True, False, True]] = 0; print('[True, False, True]=0', x)
x = torch.arange(12).reshape(3, 4); x[[True, False, True]] = -1; print('[True, False, True]=-1', x)
x = torch.arange(12).reshape(3, 4); x[[True, False, True]] = torch.tensor(9); print('[True, False, True]=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[[True, False, True]] = 100.7; print('[True, False, True]=100.7', x)

#: indexing with (torch.tensor([0, 1]), torch.tensor([1, 2]))
import torch
x = torch.arange(12).reshape(3, 4); r = x[(torch.tensor([0, 1]), torch.tensor([1, 2]))]; print('(torch.tensor([0, 1]), torch.tensor([1, 2]))', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 1]), torch.tensor([1, 2]))] = 0; print('(torch.tensor([0, 1]), torch.tensor([1, 2]))=0', x)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 1]), torch.tensor([1, 2]))] = -1; print('(torch.tensor([0, 1]), torch.tensor([1, 2]))=-1', x)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 1]), torch.tensor([1, 2]))] = torch.tensor(9); print('(torch.tensor([0, 1]), torch.tensor([1, 2]))=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(torch.tensor([0, 1]), torch.tensor([1, 2]))] = 100.7; print('(torch.tensor([0, 1]), torch.tensor([1, 2]))=100.7', x)

#: indexing with torch.tensor(1)
import torch
x = torch.arange(12).reshape(3, 4); r = x[torch.tensor(1)]; print('torch.tensor(1)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[torch.tensor(1)] = 0; print('torch.tensor(1)=0', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor(1)] = -1; print('torch.tensor(1)=-1', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor(1)] = torch.tensor(9); print('torch.tensor(1)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[torch.tensor(1)] = 100.7; print('torch.tensor(1)=100.7', x)

#: indexing with (-1, -1)
import torch
x = torch.arange(12).reshape(3, 4); r = x[(-1, -1)]; print('(-1, -1)', r, r.shape)
x = torch.arange(12).reshape(3, 4); x[(-1, -1)] = 0; print('(-1, -1)=0', x)
x = torch.arange(12).reshape(3, 4); x[(-1, -1)] = -1; print('(-1, -1)=-1', x)
x = torch.arange(12).reshape(3, 4); x[(-1, -1)] = torch.tensor(9); print('(-1, -1)=torch.tensor(9)', x)
x = torch.arange(12).reshape(3, 4); x[(-1, -1)] = 100.7; print('(-1, -1)=100.7', x)
