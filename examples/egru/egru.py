"""EGRU (event-based gated recurrent unit) in PyTorch.

The step follows the reference EGRU semantics exactly (see README.md):

    a  = W x + bx                 b = R y_prev + br     (recurrence reads y, not c)
    z  = sigmoid(a_z + b_z)       r = sigmoid(a_r + b_r)
    g  = tanh(a_g + r * b_g)
    c' = z * c_prev + (1 - z) * g
    o  = H(c' - theta)            H(v) = 1 if v > 0 else 0   (strict)
    y  = c' * o                   graded events
    c  = c' - o * theta           soft reset

Gate order along the 3H rows of W, R, bx, br is [z, r, g]. The threshold is
clamped to [0, 1] on every forward. In training mode the Heaviside step gets
a surrogate gradient (straight-through trick) so the cell can be trained; in
eval mode (and therefore in ONNX export) the forward is the plain step above.
"""

import math

import torch
from torch import nn
import torch.nn.functional as F


class EGRUCell(nn.Module):
    """One EGRU layer. Shapes: x [B, I], y_prev [B, H], c_prev [B, H]."""

    def __init__(self, input_size, hidden_size, surrogate_width=0.3):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.surrogate_width = surrogate_width
        # Rows [0:H] = z (update), [H:2H] = r (reset), [2H:3H] = g (candidate).
        self.weight_ih = nn.Parameter(torch.empty(3 * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.empty(3 * hidden_size, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(3 * hidden_size))
        self.bias_hh = nn.Parameter(torch.empty(3 * hidden_size))
        self.threshold = nn.Parameter(torch.empty(hidden_size))
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1.0 / math.sqrt(self.hidden_size)
        for weight in (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh):
            nn.init.uniform_(weight, -bound, bound)
        # Thresholds inside [0, 1] so that the clamp does not bite at first.
        nn.init.uniform_(self.threshold, 0.05, 0.5)

    def initial_state(self, batch_size, dtype=torch.float32):
        zeros = torch.zeros(batch_size, self.hidden_size, dtype=dtype)
        return zeros, zeros.clone()

    def _heaviside(self, v):
        step = torch.gt(v, 0.0).to(v.dtype)  # strict: H(0) = 0
        if not self.training:
            return step
        # Straight-through surrogate: forward value is the step, the gradient
        # is that of a triangle of half-width `surrogate_width` around 0.
        w = self.surrogate_width
        tri = torch.clamp(1.0 - torch.abs(v) / w, min=0.0)
        surrogate = v * tri.detach()
        return step + (surrogate - surrogate.detach())

    def forward(self, x, state):
        y_prev, c_prev = state
        a = F.linear(x, self.weight_ih, self.bias_ih)
        b = F.linear(y_prev, self.weight_hh, self.bias_hh)
        # split (static sizes) rather than chunk: chunk exports its bounds as
        # Shape/Gather/Div arithmetic, split as one Split with constant sizes.
        a_z, a_r, a_g = torch.split(a, self.hidden_size, dim=-1)
        b_z, b_r, b_g = torch.split(b, self.hidden_size, dim=-1)
        z = torch.sigmoid(a_z + b_z)
        r = torch.sigmoid(a_r + b_r)
        g = torch.tanh(a_g + r * b_g)
        c_new = z * c_prev + (1.0 - z) * g
        theta = torch.clamp(self.threshold, 0.0, 1.0)
        o = self._heaviside(c_new - theta)
        y = c_new * o
        c = c_new - o * theta
        return y, c


class EGRU(nn.Module):
    """A stack of EGRU cells; layer l reads the events y of layer l-1 at the
    same step. `states` is a list of (y, c) per layer."""

    def __init__(self, input_size, hidden_sizes):
        super().__init__()
        sizes = [input_size] + list(hidden_sizes)
        self.cells = nn.ModuleList(
            EGRUCell(sizes[i], sizes[i + 1]) for i in range(len(hidden_sizes)))

    def initial_state(self, batch_size):
        return [cell.initial_state(batch_size) for cell in self.cells]

    def step(self, x, states):
        new_states = []
        for cell, state in zip(self.cells, states):
            y, c = cell(x, state)
            new_states.append((y, c))
            x = y
        return x, new_states

    def forward(self, xs, states=None):
        """xs: [T, B, I]; returns ([T, B, H_last], final states)."""
        if states is None:
            states = self.initial_state(xs.shape[1])
        outputs = []
        for x in xs:
            y, states = self.step(x, states)
            outputs.append(y)
        return torch.stack(outputs), states


class EGRULanguageModel(nn.Module):
    """A tiny character-level LM: embedding -> EGRU stack -> linear decoder
    (no bias)."""

    def __init__(self, vocab_size, embedding_size, hidden_sizes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_size)
        self.egru = EGRU(embedding_size, hidden_sizes)
        self.decoder = nn.Linear(hidden_sizes[-1], vocab_size, bias=False)

    def step(self, token, states):
        """token: [B] int64 -> logits [B, V], new states."""
        x = self.embedding(token)
        y, states = self.egru.step(x, states)
        return self.decoder(y), states


def reference_step(x, y_prev, c_prev, W, R, bx, br, theta):
    """The reference step in plain numpy-like torch ops, independent of the
    module above (used by export_step.py to cross-check)."""
    H = c_prev.shape[-1]
    a = x @ W.T + bx
    b = y_prev @ R.T + br
    z = torch.sigmoid(a[..., :H] + b[..., :H])
    r = torch.sigmoid(a[..., H:2 * H] + b[..., H:2 * H])
    g = torch.tanh(a[..., 2 * H:] + r * b[..., 2 * H:])
    c_new = z * c_prev + (1 - z) * g
    th = theta.clamp(0, 1)
    o = (c_new - th > 0).to(c_new.dtype)
    return c_new * o, c_new - o * th
