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


def tensor_stats(values, bins, value_range):
    """TensorStats of every value of `values` (any shape): see main/stats/tensor-stats.ts."""
    v = values.detach().reshape(-1).to(torch.float64)
    finite = torch.isfinite(v)
    count = int(finite.sum())
    x = v[finite]
    lo, hi = -float(value_range), float(value_range)
    scale = bins / (hi - lo)
    if count == 0:
        mean = variance = mean_square = lo_v = hi_v = math.nan
    else:
        mean_t = x.sum() / count
        d = x - mean_t
        variance_t = torch.clamp((d.square().sum() - d.sum().square() / count) / count, min=0)
        mean, variance = _f(mean_t), _f(variance_t)
        mean_square = _f(x.square().sum() / count)
        lo_v, hi_v = _f(x.min()), _f(x.max())
    inside = x[(x >= lo) & (x < hi)]
    slots = torch.clamp(torch.floor((inside - lo) * scale), max=bins - 1).to(torch.long)
    counts = torch.bincount(slots, minlength=bins)
    return {
        "mean": mean,
        "variance": variance,
        "meanSquare": mean_square,
        "min": lo_v,
        "max": hi_v,
        "nonFinite": int(v.numel() - count),
        "count": count,
        "histogram": {
            "lo": lo,
            "hi": hi,
            "counts": [int(c) for c in counts.tolist()],
            "underflow": int((x < lo).sum()),
            "overflow": int((x >= hi).sum()),
        },
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


def _zone_mask(signal, lo, hi, zones):
    mask = torch.zeros_like(signal, dtype=torch.bool)
    if "below" in zones:
        mask |= signal < lo
    if "between" in zones:
        mask |= (signal >= lo) & (signal <= hi)
    if "above" in zones:
        mask |= signal > hi
    return mask


def unit_stats(pre, post, activation, slope):
    """Per-unit activity of [rows × units] pre/post (main/stats/units.ts)."""
    rows, units = post.shape
    which, lo, hi, active_zones, flagged_zones, state_code, quorum = _rule(activation, slope)
    signal = pre if which == "pre" else post
    active = _zone_mask(signal, lo, hi, active_zones).sum(0)
    flagged = _zone_mask(signal, lo, hi, flagged_zones).sum(0)
    p64 = post.to(torch.float64)
    finite = torch.isfinite(p64)
    sums = torch.where(finite, p64, torch.zeros_like(p64)).sum(0)
    counts = finite.sum(0)
    means = torch.where(counts > 0, sums / counts.clamp(min=1), torch.full_like(sums, math.nan))
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
    """WeightStats of a kernel (main/stats/weights.ts); torch keeps a unit's weights in row u."""
    w = weight.detach().reshape(weight.shape[0], -1).to(torch.float64)
    units = w.shape[0]
    finite = torch.isfinite(w)
    count = int(finite.sum())
    x = w[finite]
    if count == 0:
        mean = variance = math.nan
    else:
        mean_t = x.sum() / count
        d = x - mean_t
        mean = _f(mean_t)
        variance = _f(torch.clamp((d.square().sum() - d.sum().square() / count) / count, min=0))
    spread = torch.sqrt((w - w.mean(0, keepdim=True)).square().sum() / units)
    return {"mean": mean, "variance": variance, "norm": _f(torch.linalg.vector_norm(w)), "spread": _f(spread)}


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
