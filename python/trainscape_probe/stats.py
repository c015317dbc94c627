"""The engine's statistics (main/stats/*.ts), computed with torch on the device the tensors live on.

Same definitions, field by field: population moments of the finite values in float64, E[x²],
min/max, the non-finite count, fixed-range histograms over [-range, range) with under/overflow;
per-unit mean activation, active fraction and state by the rules of main/stats/unit-state-rules.ts
(extended here to every common torch activation, see RULES); weight mean/variance/norm/spread;
bias mean/std/min/max.

Every function returns tensors still on the device and never asks the device for a value (no
.item(), no data-dependent branch), so a whole probe is one queue of device work; to_host() then
copies every number of a probe in one transfer. The fast path skips the non-finite masks; the
flag finite_flag() travels in the same transfer, and only when it says some value was NaN or ±Inf
(a diverging run) are the statistics computed again with the masks and sent a second time.
"""
import math

import torch

ALIVE, DEAD, SATURATED, STUCK_NEGATIVE, INACTIVE = 0, 1, 2, 3, 4
SATURATED_MAJORITY = 0.5
# The engine compares float32 activations with float32 thresholds (Math.fround); so do we.
_SIGMOID_LOW = torch.tensor(0.03, dtype=torch.float32).item()
_SIGMOID_HIGH = torch.tensor(0.97, dtype=torch.float32).item()
_TANH_LIMIT = _SIGMOID_HIGH
# Softsign saturates where its slope (1 − |y|)² falls to tanh's at |y| = 0.97 (1 − 0.97² ≈ 0.059).
_SOFTSIGN_LIMIT = 1 - math.sqrt(1 - 0.97 ** 2)
# "Deep in the flat negative region": below these inputs |f'(x)| < 0.02 for every lower x
# (test/python checks each against autograd). ELU/CELU scale with alpha: f' = α·eˣ, eˣ/α.
INACTIVE_BELOW = {"gelu": -2.79, "silu": -5.38, "mish": -5.39, "softplus": -3.89, "selu": -4.48}
FLAT_SLOPE = 0.02


def _flat_below(activation, slope):
    if activation == "elu":
        return math.log(FLAT_SLOPE / (slope or 1.0))
    if activation == "celu":
        return (slope or 1.0) * math.log(FLAT_SLOPE)
    return INACTIVE_BELOW[activation]


def _histogram(x, finite, bins, lo, hi):
    """Raw counts [underflow, bin 0 … bin bins-1, overflow] of the finite values of `x` (`finite`:
    their mask, or None when every value is finite)."""
    slots = torch.floor((x - lo) * (bins / (hi - lo))).clamp_(-1, bins - 1)
    slots = torch.where(x >= hi, torch.full_like(slots, bins), slots)
    if finite is not None:  # non-finite values go to a slot that is dropped
        slots = torch.where(finite, slots, torch.full_like(slots, bins + 1))
    # A NaN slot casts to an arbitrary integer: clamped, so the unmasked fast path never raises on
    # a probe whose flag then sends it down the masked path.
    return torch.bincount(slots.to(torch.long).clamp_(-1, bins + 1) + 1, minlength=bins + 3)[: bins + 2]


def _moments(v, finite):
    """(count, mean, variance, min, max) of the finite values of flat `v`; `finite`: their mask, or
    None when every value is finite (the fast path: one Welford pass in v's dtype, as the engine's
    float32 statistics; the masked path sums in float64)."""
    if finite is None:
        if v.numel() == 0:
            nan = torch.tensor(math.nan, dtype=torch.float64, device=v.device)
            return torch.tensor(0, device=v.device), nan, nan, nan, nan
        var, mean = torch.var_mean(v, unbiased=False)
        low, high = torch.aminmax(v)
        return torch.tensor(v.numel(), device=v.device), mean.double(), var.double(), low, high
    count = finite.sum()
    zero = torch.zeros((), dtype=v.dtype, device=v.device)
    mean = torch.where(finite, v, zero).sum(dtype=torch.float64) / count
    centred = torch.where(finite, v.double() - mean, torch.zeros((), dtype=torch.float64, device=v.device))
    var = (centred * centred).sum() / count
    inf = torch.tensor(math.inf, dtype=v.dtype, device=v.device)
    low = torch.where(finite, v, inf).min() if v.numel() else inf
    high = torch.where(finite, v, -inf).max() if v.numel() else -inf
    return count, mean, var, low, high


def finite_flag(tensors):
    """A device tensor, 1 when every value of every tensor is finite, else 0, read with the rest of
    a probe by to_host (a sum that overflows reads as non-finite, which only sends the probe down
    the exact, slower path)."""
    sums = [t.detach().sum(dtype=torch.float64).reshape(1) for t in tensors if t.numel()]
    if not sums:
        return 1  # nothing to check; a plain number, so to_host needs no device for it
    return torch.isfinite(torch.cat(sums)).all().to(torch.int64)


def tensor_stats(values, bins, value_range, finite_only=True):
    """TensorStats of every value of `values` (any shape), as device tensors: see
    main/stats/tensor-stats.ts. E[x²] = Var + mean². `finite_only=False` (the fast path)
    skips the masks. Moments are NaN when nothing is finite (finish_tensor_stats)."""
    v = values.detach().reshape(-1)
    finite = torch.isfinite(v) if finite_only else None
    count, mean, var, low, high = _moments(v, finite)
    lo, hi = -float(value_range), float(value_range)
    return {"_tensor_stats": True, "moments": torch.stack([mean, var, var + mean * mean, low.double(), high.double()]),
            "count": count, "total": v.numel(), "raw": _histogram(v, finite, bins, lo, hi), "lo": lo, "hi": hi}


def finish_tensor_stats(s):
    """The TensorStats record from tensor_stats' output after to_host."""
    count = int(s["count"])
    moments = s["moments"] if count > 0 else [math.nan] * 5
    raw = [int(c) for c in s["raw"]]
    return {
        "mean": moments[0], "variance": moments[1], "meanSquare": moments[2], "min": moments[3],
        "max": moments[4], "nonFinite": int(s["total"] - count), "count": count,
        "histogram": {"lo": s["lo"], "hi": s["hi"], "counts": raw[1:-1], "underflow": raw[0], "overflow": raw[-1]},
    }


def rule(activation, slope=0.0, bounds=(-1.0, 1.0)):
    """(signal, lo, hi, active zones, flagged zones, state, quorum) as in unit-state-rules.ts.
    relu family: dead when the output is 0 on every row (hardswish: input ≤ −3, where it is 0);
    leaky/prelu: stuck negative when the input is < 0 on every row; sigmoid, tanh, hardtanh,
    softsign: saturated when most rows are in a flat tail; gelu, silu, mish, softplus, elu, selu,
    celu: inactive when the input is below the flat-region edge on every row."""
    if activation == "leaky-relu" and slope == 0:
        activation = "relu"
    if activation in ("relu", "relu6"):
        return "post", 0.0, 0.0, ("above",), ("between",), DEAD, "every"
    if activation == "hardswish":
        return "pre", -3.0, -3.0, ("above",), ("below", "between"), DEAD, "every"
    if activation in ("leaky-relu", "prelu"):
        return "pre", 0.0, 0.0, ("above",), ("below",), STUCK_NEGATIVE, "every"
    if activation == "sigmoid":
        return "post", _SIGMOID_LOW, _SIGMOID_HIGH, ("between",), ("below", "above"), SATURATED, "most"
    if activation == "tanh":
        return "post", -_TANH_LIMIT, _TANH_LIMIT, ("between",), ("below", "above"), SATURATED, "most"
    if activation == "softsign":
        return "post", -_SOFTSIGN_LIMIT, _SOFTSIGN_LIMIT, ("between",), ("below", "above"), SATURATED, "most"
    if activation == "hardtanh":
        return "pre", float(bounds[0]), float(bounds[1]), ("between",), ("below", "above"), SATURATED, "most"
    if activation in ("gelu", "silu", "mish", "softplus", "elu", "selu", "celu"):
        edge = _flat_below(activation, slope)
        return "pre", edge, edge, ("above", "between"), ("below",), INACTIVE, "every"
    if activation in ("linear", "softmax", "unknown"):
        return "post", 0.0, 0.0, ("below", "above"), (), ALIVE, "every"
    raise ValueError(f"no unit rule for activation '{activation}'")


def unit_stats(pre, post, activation, slope=0.0, bounds=(-1.0, 1.0)):
    """Per-unit activity of [rows × units] pre/post (main/stats/units.ts), as device tensors:
    mean post-activation over finite rows, active fraction, state code."""
    rows, units = post.shape
    which, lo, hi, active_zones, flagged_zones, state_code, quorum = rule(activation, slope, bounds)
    signal = pre if which == "pre" else post
    below, above = (signal < lo).sum(0), (signal > hi).sum(0)
    zones = {"below": below, "above": above, "between": rows - below - above - torch.isnan(signal).sum(0)}
    active = sum(zones[z] for z in active_zones)
    flagged = sum((zones[z] for z in flagged_zones), torch.zeros_like(below))
    finite = torch.isfinite(post)
    counts = finite.sum(0)
    sums = torch.where(finite, post, torch.zeros_like(post)).sum(0, dtype=torch.float64)
    means = sums / counts  # NaN (0/0) for a unit with no finite row
    if rows == 0 or state_code == ALIVE:
        qualifies = torch.zeros(units, dtype=torch.bool, device=post.device)
    elif quorum == "every":
        qualifies = flagged == rows
    else:
        qualifies = flagged > SATURATED_MAJORITY * rows
    states = torch.where(qualifies, state_code, ALIVE)
    return {"_unit_stats": True, "means": means, "active": active.double() / max(rows, 1),
            "states": states, "rows": rows, "code": state_code}


def finish_unit_stats(s):
    """{units, deadFraction, saturatedFraction, stuckNegativeFraction, inactiveFraction}."""
    rows, code = s["rows"], s["code"]
    states = [int(v) for v in s["states"]]
    n = len(states)
    flagged = sum(1 for v in states if v != ALIVE)

    def fraction(c):
        return math.nan if rows == 0 else (flagged / n if c == code else 0.0)

    return {
        "units": {"meanActivation": [math.nan if rows == 0 else m for m in s["means"]],
                  "activeFraction": [math.nan if rows == 0 else a for a in s["active"]], "state": states},
        "deadFraction": fraction(DEAD), "saturatedFraction": fraction(SATURATED),
        "stuckNegativeFraction": fraction(STUCK_NEGATIVE), "inactiveFraction": fraction(INACTIVE),
    }


def weight_stats(weight, finite_only=True):
    """[mean, variance, norm, spread] of a kernel as one float64 device tensor (main/stats/weights.ts);
    torch keeps a unit's weights in row u. spread² = (1/units)·Σ_u ‖w_u‖² − ‖w̄‖²; exactly 0 when
    every unit is the same."""
    w = weight.detach().reshape(weight.shape[0], -1)
    flat = w.reshape(-1)
    _count, mean, variance, _lo, _hi = _moments(flat, torch.isfinite(flat) if finite_only else None)
    norm = torch.linalg.vector_norm(flat).double()
    units = w.shape[0]
    centre = w.mean(0).double()
    spread = torch.sqrt(torch.clamp(norm * norm / units - centre.square().sum(), min=0))
    same = (w == w[:1]).all() if units > 1 else torch.tensor(True, device=w.device)
    spread = torch.where(same, torch.zeros_like(spread), spread)
    return torch.stack([mean, variance, norm, spread])


def finish_weight_stats(values):
    return {"mean": values[0], "variance": values[1], "norm": values[2], "spread": values[3]}


def bias_stats(bias):
    """[mean, std across units (population), min, max] of a bias vector as a float64 device tensor."""
    b = bias.detach().reshape(-1).double()
    var, mean = torch.var_mean(b, unbiased=False)
    return torch.stack([mean, var.sqrt(), b.min(), b.max()])


def finish_bias_stats(values):
    return {"mean": values[0], "std": values[1], "min": values[2], "max": values[3]}


def to_host(tree):
    """`tree` (dicts, lists, tuples) with every tensor in it replaced by its value(s) as Python
    numbers or lists, copied in one device-to-host transfer: a 0-d tensor becomes a number, any
    other a flat list. Integer tensors come back as ints."""
    found = []

    def collect(node):
        if isinstance(node, torch.Tensor):
            found.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                collect(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                collect(v)

    collect(tree)
    if not found:
        return tree
    flat = torch.cat([t.detach().reshape(-1).to(torch.float64) for t in found]).tolist()
    values, at = {}, 0
    for t in found:
        n = t.numel()
        part = flat[at:at + n]
        if not t.is_floating_point():
            part = [int(v) for v in part]
        values[id(t)] = part[0] if t.dim() == 0 else part
        at += n

    def rebuild(node):
        if isinstance(node, torch.Tensor):
            return values[id(node)]
        if isinstance(node, dict):
            return {k: rebuild(v) for k, v in node.items()}
        if isinstance(node, (list, tuple)):
            return [rebuild(v) for v in node]
        return node

    return rebuild(tree)


def activate(pre, activation, slope=0.0, apply=None):
    """The activation's output for its input, as the layer computes it (`apply`: the layer's own
    module or call, for activations with parameters such as PReLU's slopes)."""
    if apply is not None:
        return apply(pre)
    f = torch.nn.functional
    table = {"relu": torch.relu, "relu6": f.relu6, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
             "gelu": f.gelu, "silu": f.silu, "mish": f.mish, "softplus": f.softplus, "selu": f.selu,
             "hardswish": f.hardswish, "hardtanh": f.hardtanh, "softsign": f.softsign}
    if activation in table:
        return table[activation](pre)
    if activation == "leaky-relu":
        return f.leaky_relu(pre, slope)
    if activation == "elu":
        return f.elu(pre, slope)
    if activation == "celu":
        return f.celu(pre, slope)
    if activation == "prelu":
        raise ValueError("prelu needs the layer's own module or call (its slopes are parameters)")
    if activation == "softmax":
        return torch.softmax(pre, dim=-1)
    return pre


def rows_by_units(t):
    """[N, C, ...] → [N·positions, C]: a conv channel is a unit, each (example, position) a row."""
    if t.dim() <= 2:
        return t.reshape(t.shape[0], -1)
    return t.movedim(1, -1).reshape(-1, t.shape[1])
