"""SpikeGPT in RNN mode, one token per step, with all state explicit.

The block follows /work/shared/reference/spikegpt.md (see README.md for the
formulas and the choices made for the quirks of the original inference
script: NO halving of x every 6 layers, NO rescaling of Wo/Wv', NO
binarised embedding; LayerNorms with weight and bias, eps 1e-5; no Linear
has a bias).

State per layer l (vectors of n_embd), in this order:
    att_xx  previous LN1 output (token shift of the time mixing), starts 0
    aa, bb  WKV numerator / denominator (scaled by exp(-pp)), start 0
    pp      WKV exponent, starts -1e30
    ffn_xx  previous LN2 output (token shift of the channel mixing), starts 0
    v_att   membrane of the LIF after the time mixing, starts 0
    v_ffn   membrane of the LIF after the channel mixing, starts 0
LIF: tau = 2, threshold 1, hard reset to 0:
    v <- v + (X - v) / 2;  s = 1 if v >= 1 else 0;  v <- (1 - s) * v

`SpikeGPT.step` is the exact one-step semantics (what is exported);
`SpikeGPT.forward_sequence` runs T steps for training: the matrix products
of all T steps at once, the WKV and LIF recurrences step by step with the
same `wkv_step` / `lif_step` functions as `step`, so both are the same
computation up to float rounding. In training mode the LIF's Heaviside has
an arctan surrogate gradient (alpha = 2, as SpikeGPT/spikingjelly) and the
reset is detached; in eval mode it is the plain step.
"""

import math

import torch
from torch import nn
import torch.nn.functional as F

STATE_NAMES = ("att_xx", "aa", "bb", "pp", "ffn_xx", "v_att", "v_ffn")
PP_INIT = -1e30
LN_EPS = 1e-5
LIF_TAU = 2.0
LIF_THRESHOLD = 1.0
SURROGATE_ALPHA = 2.0


class _ATanSpike(torch.autograd.Function):
    """Heaviside(x) >= 0 forward; arctan surrogate backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.ge(x, 0.0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        a = SURROGATE_ALPHA
        return grad * (a / 2) / (1 + (math.pi / 2 * a * x) ** 2)


def lif_step(v, inp, training):
    """One LIF step: returns (spikes s in {0,1}, new membrane)."""
    v = v + (inp - v) / LIF_TAU
    if training:
        s = _ATanSpike.apply(v - LIF_THRESHOLD)
        return s, (1.0 - s.detach()) * v
    s = torch.ge(v, LIF_THRESHOLD).to(v.dtype)
    return s, (1.0 - s) * v


def wkv_step(k, v, aa, bb, pp, w, u):
    """The RWKV-4 RNN-mode WKV with the running-max trick. w = -exp(decay),
    u = time_first. Returns (wkv, aa', bb', pp')."""
    q = torch.maximum(pp, u + k)
    e1 = torch.exp(pp - q)
    e2 = torch.exp(u + k - q)
    wkv = (e1 * aa + e2 * v) / (e1 * bb + e2)
    q = torch.maximum(pp + w, k)
    e1 = torch.exp(pp + w - q)
    e2 = torch.exp(k - q)
    return wkv, e1 * aa + e2 * v, e1 * bb + e2, q


class Block(nn.Module):
    def __init__(self, n_embd, layer_id, n_layer, ffn_mult=4):
        super().__init__()
        C = n_embd
        self.layer_id = layer_id
        if layer_id == 0:
            self.ln0 = nn.LayerNorm(C, eps=LN_EPS)
        self.ln1 = nn.LayerNorm(C, eps=LN_EPS)
        self.ln2 = nn.LayerNorm(C, eps=LN_EPS)
        # time mixing
        self.att_time_mix_k = nn.Parameter(torch.empty(C))
        self.att_time_mix_v = nn.Parameter(torch.empty(C))
        self.att_time_mix_r = nn.Parameter(torch.empty(C))
        self.att_time_decay = nn.Parameter(torch.empty(C))
        self.att_time_first = nn.Parameter(torch.empty(C))
        self.att_key = nn.Linear(C, C, bias=False)
        self.att_value = nn.Linear(C, C, bias=False)
        self.att_receptance = nn.Linear(C, C, bias=False)
        self.att_output = nn.Linear(C, C, bias=False)
        # channel mixing
        self.ffn_time_mix_k = nn.Parameter(torch.empty(C))
        self.ffn_time_mix_r = nn.Parameter(torch.empty(C))
        self.ffn_key = nn.Linear(C, ffn_mult * C, bias=False)
        self.ffn_receptance = nn.Linear(C, C, bias=False)
        self.ffn_value = nn.Linear(ffn_mult * C, C, bias=False)
        self.reset_time_parameters(n_layer)

    def reset_time_parameters(self, n_layer):
        """RWKV-4's initialisation of the mixing and decay vectors."""
        C = self.att_time_decay.numel()
        i = self.layer_id
        r01 = i / max(n_layer - 1, 1)
        r1a0 = 1.0 - i / n_layer
        h = torch.arange(C, dtype=torch.float32)
        with torch.no_grad():
            self.att_time_decay.copy_(-5 + 8 * (h / max(C - 1, 1)) ** (0.7 + 1.3 * r01))
            zigzag = torch.tensor([(j + 1) % 3 - 1 for j in range(C)],
                                  dtype=torch.float32) * 0.5
            self.att_time_first.copy_(math.log(0.3) + zigzag)
            ramp = h / C
            self.att_time_mix_k.copy_(ramp ** r1a0)
            self.att_time_mix_v.copy_(ramp ** r1a0 + 0.3 * r01)
            self.att_time_mix_r.copy_(ramp ** (0.5 * r1a0))
            self.ffn_time_mix_k.copy_(ramp ** r1a0)
            self.ffn_time_mix_r.copy_(ramp ** r1a0)

    # -- one step ------------------------------------------------------------
    def step(self, x, state):
        att_xx, aa, bb, pp, ffn_xx, v_att, v_ffn = state
        if self.layer_id == 0:
            x = self.ln0(x)
        a = self.ln1(x)
        mk, mv, mr = self.att_time_mix_k, self.att_time_mix_v, self.att_time_mix_r
        xk = a * mk + att_xx * (1 - mk)
        xv = a * mv + att_xx * (1 - mv)
        xr = a * mr + att_xx * (1 - mr)
        r = torch.sigmoid(self.att_receptance(xr))
        k = self.att_key(xk)
        v = self.att_value(xv)
        w = -torch.exp(self.att_time_decay)
        wkv, aa, bb, pp = wkv_step(k, v, aa, bb, pp, w, self.att_time_first)
        s_att, v_att = lif_step(v_att, self.att_output(r * wkv), self.training)
        x = x + s_att
        b = self.ln2(x)
        fk, fr = self.ffn_time_mix_k, self.ffn_time_mix_r
        xk = b * fk + ffn_xx * (1 - fk)
        xr = b * fr + ffn_xx * (1 - fr)
        kk = torch.relu(self.ffn_key(xk))
        out = torch.sigmoid(self.ffn_receptance(xr)) * self.ffn_value(kk * kk)
        s_ffn, v_ffn = lif_step(v_ffn, out, self.training)
        x = x + s_ffn
        return x, (a, aa, bb, pp, b, v_att, v_ffn), (s_att, s_ffn)

    # -- T steps (training) ----------------------------------------------------
    def forward_sequence(self, xs, state):
        """xs [T, B, C] -> ([T, B, C], final state, (spikes_att, spikes_ffn))."""
        att_xx, aa, bb, pp, ffn_xx, v_att, v_ffn = state
        if self.layer_id == 0:
            xs = self.ln0(xs)
        a = self.ln1(xs)
        a_prev = torch.cat([att_xx.unsqueeze(0), a[:-1]])
        mk, mv, mr = self.att_time_mix_k, self.att_time_mix_v, self.att_time_mix_r
        r = torch.sigmoid(self.att_receptance(a * mr + a_prev * (1 - mr)))
        k = self.att_key(a * mk + a_prev * (1 - mk))
        v = self.att_value(a * mv + a_prev * (1 - mv))
        w = -torch.exp(self.att_time_decay)
        wkvs = []
        for t in range(xs.shape[0]):
            wkv, aa, bb, pp = wkv_step(k[t], v[t], aa, bb, pp, w, self.att_time_first)
            wkvs.append(wkv)
        att_in = self.att_output(r * torch.stack(wkvs))
        s_att = []
        for t in range(xs.shape[0]):
            s, v_att = lif_step(v_att, att_in[t], self.training)
            s_att.append(s)
        s_att = torch.stack(s_att)
        xs = xs + s_att
        b = self.ln2(xs)
        b_prev = torch.cat([ffn_xx.unsqueeze(0), b[:-1]])
        fk, fr = self.ffn_time_mix_k, self.ffn_time_mix_r
        kk = torch.relu(self.ffn_key(b * fk + b_prev * (1 - fk)))
        out = (torch.sigmoid(self.ffn_receptance(b * fr + b_prev * (1 - fr)))
               * self.ffn_value(kk * kk))
        s_ffn = []
        for t in range(xs.shape[0]):
            s, v_ffn = lif_step(v_ffn, out[t], self.training)
            s_ffn.append(s)
        s_ffn = torch.stack(s_ffn)
        xs = xs + s_ffn
        return xs, (a[-1], aa, bb, pp, b[-1], v_att, v_ffn), (s_att, s_ffn)


class SpikeGPT(nn.Module):
    def __init__(self, vocab_size, n_embd, n_layer, ffn_mult=4):
        super().__init__()
        self.vocab_size, self.n_embd, self.n_layer = vocab_size, n_embd, n_layer
        self.emb = nn.Embedding(vocab_size, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, i, n_layer, ffn_mult)
                                    for i in range(n_layer))
        self.ln_out = nn.LayerNorm(n_embd, eps=LN_EPS)
        self.head = nn.Linear(n_embd, vocab_size, bias=False)

    def initial_state(self, batch_size):
        """A list (per layer) of the 7 state tensors [B, C]."""
        C = self.n_embd
        states = []
        for _ in range(self.n_layer):
            z = [torch.zeros(batch_size, C) for _ in range(7)]
            z[3] = torch.full((batch_size, C), PP_INIT)
            states.append(tuple(z))
        return states

    def step(self, token, states):
        """token [B] int64 -> logits [B, V], new states, spikes per layer."""
        x = self.emb(token)
        new_states, spikes = [], []
        for block, state in zip(self.blocks, states):
            x, state, s = block.step(x, state)
            new_states.append(state)
            spikes.append(s)
        return self.head(self.ln_out(x)), new_states, spikes

    def forward_sequence(self, tokens, states):
        """tokens [T, B] -> logits [T, B, V], final states, spikes per layer."""
        x = self.emb(tokens)
        new_states, spikes = [], []
        for block, state in zip(self.blocks, states):
            x, state, s = block.forward_sequence(x, state)
            new_states.append(state)
            spikes.append(s)
        return self.head(self.ln_out(x)), new_states, spikes


def detach_states(states):
    return [tuple(t.detach() for t in s) for s in states]


def reference_step(params, n_layer, token, states):
    """An independent transcription of spikegpt.md on plain tensors (eval
    semantics), used to cross-check `SpikeGPT.step`. `params` is a
    state_dict."""
    P = params

    def ln(x, name):
        return F.layer_norm(x, x.shape[-1:], P[name + ".weight"], P[name + ".bias"], LN_EPS)

    x = P["emb.weight"][token]
    out = []
    for i in range(n_layer):
        p = f"blocks.{i}."
        att_xx, aa, bb, pp, ffn_xx, v1, v2 = states[i]
        if i == 0:
            x = ln(x, p + "ln0")
        a = ln(x, p + "ln1")
        mk, mv, mr = (P[p + "att_time_mix_" + c] for c in "kvr")
        xk = a * mk + att_xx * (1 - mk)
        xv = a * mv + att_xx * (1 - mv)
        xr = a * mr + att_xx * (1 - mr)
        r = torch.sigmoid(xr @ P[p + "att_receptance.weight"].T)
        k = xk @ P[p + "att_key.weight"].T
        v = xv @ P[p + "att_value.weight"].T
        w = -torch.exp(P[p + "att_time_decay"])
        u = P[p + "att_time_first"]
        q = torch.maximum(pp, u + k)
        e1, e2 = torch.exp(pp - q), torch.exp(u + k - q)
        wkv = (e1 * aa + e2 * v) / (e1 * bb + e2)
        q = torch.maximum(pp + w, k)
        e1, e2 = torch.exp(pp + w - q), torch.exp(k - q)
        aa, bb, pp = e1 * aa + e2 * v, e1 * bb + e2, q
        X = (r * wkv) @ P[p + "att_output.weight"].T
        v1 = v1 + (X - v1) / 2
        s1 = (v1 >= 1).to(x.dtype)
        v1 = (1 - s1) * v1
        x = x + s1
        b = ln(x, p + "ln2")
        fk, fr = P[p + "ffn_time_mix_k"], P[p + "ffn_time_mix_r"]
        xk = b * fk + ffn_xx * (1 - fk)
        xr = b * fr + ffn_xx * (1 - fr)
        kk = torch.relu(xk @ P[p + "ffn_key.weight"].T) ** 2
        X = torch.sigmoid(xr @ P[p + "ffn_receptance.weight"].T) * (kk @ P[p + "ffn_value.weight"].T)
        v2 = v2 + (X - v2) / 2
        s2 = (v2 >= 1).to(x.dtype)
        v2 = (1 - s2) * v2
        x = x + s2
        out.append((a, aa, bb, pp, b, v1, v2))
    logits = ln(x, "ln_out") @ P["head.weight"].T
    return logits, out
