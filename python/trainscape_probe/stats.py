"""The engine's statistics (main/stats/*.ts), computed with torch on the device the tensors live on.

Same definitions, field by field: population moments of the finite values in float64, E[x²],
min/max, the non-finite count, fixed-range histograms over [-range, range) with under/overflow;
per-unit mean activation, active fraction and state by the rules of main/stats/unit-rules.ts;
weight mean/variance/norm/spread. Every reduction runs on the device; only a handful of numbers
and per-unit vectors go to the host.
"""
import math

import torch

ALIVE, DEAD, SATURATED, STUCK_NEGATIVE = 0, 1, 2, 3
SATURATED_MAJORITY = 0.5
# The engine compares float32 activations with float32 thresholds (Math.fround); so do we.
_SIGMOID_LOW = torch.tensor(0.03, dtype=torch.float32).item()
_SIGMOID_HIGH = torch.tensor(0.97, dtype=torch.float32).item()
_TANH_LIMIT = _SIGMOID_HIGH

ACTIVATIONS = ("relu", "leaky-relu", "sigmoid", "tanh", "elu", "linear", "softmax")


def _f(t):
    return float(t)


def _histogram(x, bins, lo, hi):
    """Raw counts [underflow, bin 0 … bin bins-1, overflow] of finite `x`, in one bincount."""
    slots = torch.floor((x - lo) * (bins / (hi - lo))).clamp_(-1, bins - 1)
    slots = torch.where(x >= hi, torch.full_like(slots, bins), slots)
    return torch.bincount(slots.to(torch.long) + 1, minlength=bins + 2)


def tensor_stats(values, bins, value_range):
    """TensorStats of every value of `values` (any shape): see main/stats/tensor-stats.ts.
    The common, all-finite case runs in the tensor's own dtype (Welford moments, no copies; a
    non-finite value makes the mean non-finite, which is the check); a tensor holding NaN/±Inf
    is summarized over its finite values in float64. E[x²] = Var + mean²."""
    v = values.detach().reshape(-1)
    lo, hi = -float(value_range), float(value_range)
    total = v.numel()
    x, count = v, total
    if total > 0:
        var, mean = torch.var_mean(v, unbiased=False)
        if not bool(torch.isfinite(mean)):
            x = v[torch.isfinite(v)].to(torch.float64)
            count = int(x.numel())
            if count > 0:
                var, mean = torch.var_mean(x, unbiased=False)
    if count == 0:
        moments = [math.nan] * 5
    else:
        low, high = torch.aminmax(x)
        mean, var = mean.double(), var.double()
        moments = torch.stack([mean, var, var + mean * mean, low.double(), high.double()]).tolist()
    raw = _histogram(x, bins, lo, hi).tolist()
    return {
        "mean": moments[0],
        "variance": moments[1],
        "meanSquare": moments[2],
        "min": moments[3],
        "max": moments[4],
        "nonFinite": int(total - count),
        "count": count,
        "histogram": {"lo": lo, "hi": hi, "counts": raw[1:-1], "underflow": raw[0], "overflow": raw[-1]},
    }


def _rule(activation, slope):
    """(signal, lo, hi, active zones, flagged zones, state, quorum) as in unit-rules.ts."""
    if activation == "leaky-relu" and slope == 0:
        activation = "relu"
    if activation == "relu":
        return "post", 0.0, 0.0, ("above",), ("between",), DEAD, "every"
    if activation == "leaky-relu":
        return "pre", 0.0, 0.0, ("above",), ("below",), STUCK_NEGATIVE, "every"
    if activation == "sigmoid":
        return "post", _SIGMOID_LOW, _SIGMOID_HIGH, ("between",), ("below", "above"), SATURATED, "most"
    if activation == "tanh":
        return "post", -_TANH_LIMIT, _TANH_LIMIT, ("between",), ("below", "above"), SATURATED, "most"
    if activation == "elu":
        return "pre", 0.0, 0.0, ("above",), (), ALIVE, "every"
    if activation in ("linear", "softmax"):
        return "post", 0.0, 0.0, ("below", "above"), (), ALIVE, "every"
    raise ValueError(f"no unit rule for activation '{activation}'")


def _zone_counts(signal, lo, hi):
    """Per unit: rows below lo, between lo and hi (inclusive), above hi; NaN rows in none."""
    below = (signal < lo).sum(0)
    above = (signal > hi).sum(0)
    nan = torch.isnan(signal).sum(0)
    return {"below": below, "above": above, "between": signal.shape[0] - below - above - nan}


def _count(zones, names, like):
    total = torch.zeros_like(like)
    for name in names:
        total = total + zones[name]
    return total


def unit_stats(pre, post, activation, slope):
    """Per-unit activity of [rows × units] pre/post (main/stats/units.ts)."""
    rows, units = post.shape
    which, lo, hi, active_zones, flagged_zones, state_code, quorum = _rule(activation, slope)
    zones = _zone_counts(pre if which == "pre" else post, lo, hi)
    active = _count(zones, active_zones, zones["below"])
    flagged = _count(zones, flagged_zones, zones["below"])
    sums = post.sum(0, dtype=torch.float64)
    if rows > 0 and not bool(torch.isfinite(sums).all()):
        finite = torch.isfinite(post)
        sums = torch.where(finite, post, torch.zeros_like(post)).sum(0, dtype=torch.float64)
        counts = finite.sum(0)
        means = torch.where(counts > 0, sums / counts.clamp(min=1), torch.full_like(sums, math.nan))
    else:
        means = sums / max(rows, 1)
    if rows == 0 or state_code == ALIVE:
        qualifies = torch.zeros(units, dtype=torch.bool, device=post.device)
    elif quorum == "every":
        qualifies = flagged == rows
    else:
        qualifies = flagged > SATURATED_MAJORITY * rows
    states = torch.where(qualifies, state_code, ALIVE)
    n_flagged = int(qualifies.sum())

    def fraction(code):
        return math.nan if rows == 0 else (n_flagged / units if code == state_code else 0.0)

    return {
        "units": {
            "meanActivation": [math.nan if rows == 0 else m for m in means.tolist()],
            "activeFraction": [math.nan if rows == 0 else a / rows for a in active.tolist()],
            "state": [int(s) for s in states.tolist()],
        },
        "deadFraction": fraction(DEAD),
        "saturatedFraction": fraction(SATURATED),
        "stuckNegativeFraction": fraction(STUCK_NEGATIVE),
    }


def weight_stats(weight):
    """WeightStats of a kernel (main/stats/weights.ts); torch keeps a unit's weights in row u.
    spread² = (1/units)·Σ_u ‖w_u‖² − ‖w̄‖², in float64; exactly 0 when every unit is the same."""
    w = weight.detach().reshape(weight.shape[0], -1)
    flat = w.reshape(-1)
    variance, mean = torch.var_mean(flat, unbiased=False)
    if not bool(torch.isfinite(mean)):
        finite = flat[torch.isfinite(flat)]
        variance, mean = torch.var_mean(finite, unbiased=False) if finite.numel() else (mean, mean)
    norm = torch.linalg.vector_norm(flat).double()
    units = w.shape[0]
    centre = w.mean(0).double()
    spread = torch.sqrt(torch.clamp(norm * norm / units - centre.square().sum(), min=0))
    values = torch.stack([mean.double(), variance.double(), norm, spread]).tolist()
    if units == 1 or bool((w == w[:1]).all()):
        values[3] = 0.0
    return {"mean": values[0], "variance": values[1], "norm": values[2], "spread": values[3]}


def activate(pre, activation, slope):
    """The activation's output for its input, as the layer computes it."""
    if activation == "relu":
        return torch.relu(pre)
    if activation == "leaky-relu":
        return torch.nn.functional.leaky_relu(pre, slope)
    if activation == "sigmoid":
        return torch.sigmoid(pre)
    if activation == "tanh":
        return torch.tanh(pre)
    if activation == "elu":
        return torch.nn.functional.elu(pre, slope)
    if activation == "softmax":
        return torch.softmax(pre, dim=-1)
    return pre


def rows_by_units(t):
    """[N, C, ...] → [N·positions, C]: a conv channel is a unit, each (example, position) a row."""
    if t.dim() <= 2:
        return t.reshape(t.shape[0], -1)
    return t.movedim(1, -1).reshape(-1, t.shape[1])
