"""One probe of the model: a test-mode pass over the fixed probe batch under torch.no_grad()
(as the engine's main/engine/probes/capture.ts), then the training batch's own measurements
(gradient norms, update ratios, batch-norm batch moments, dropout kept fraction), turned into
the engine's LayerProbe records.

Each layer is one call of a module (a module called twice is two layers), and each keeps its own
rows: a dense layer every probe example; a conv layer at most CONV_ROW_CAP rows (examples ×
positions), the first ⌊CONV_ROW_CAP / positions⌋ examples (at least one), as the engine does.
Each record says what it rests on (`sample`: examples, positions). Hooks only read: a forward hook
that returned a value would replace the module's output for the rest of the pass. A layer input's
E[x²] is measured on the whole batch. All statistics of a probe are computed on the device and
copied to the host in one transfer (stats.to_host).
"""
import math

import torch

from .stats import (activate, bias_stats, finish_bias_stats, finish_tensor_stats, finish_unit_stats,
                    finish_weight_stats, finite_flag, rows_by_units, tensor_stats, to_host, unit_stats, weight_stats)

CONV_ROW_CAP = 8192


def probe_examples(n, positions):
    return n if positions <= 1 else max(1, min(n, CONV_ROW_CAP // positions))


class _CallHooks:
    """Forward hooks on modules that run a handler for chosen calls: handlers[(module, k)] sees the
    k-th call (0-based) of `module` in the pass. Pre-handlers see the call's input."""

    def __init__(self):
        self.after, self.before, self.counts, self.handles = {}, {}, {}, []

    def on(self, module, k, handler, before=False):
        table = self.before if before else self.after
        if module not in self.counts:
            self.counts[module] = [0, 0]
            self.handles.append(module.register_forward_pre_hook(self._pre))
            self.handles.append(module.register_forward_hook(self._post))
        table.setdefault((module, k), []).append(handler)

    def _pre(self, m, inp):
        k = self.counts[m][0]
        self.counts[m][0] += 1
        for h in self.before.get((m, k), ()):
            h(inp)

    def _post(self, m, inp, out):
        k = self.counts[m][1]
        self.counts[m][1] += 1
        for h in self.after.get((m, k), ()):
            h(inp, out)

    def remove(self):
        for h in self.handles:
            h.remove()
        self.handles = []


def _sample(plan, out, n):
    """(examples, positions) a layer's statistics rest on, for its output `out` [n, ...]."""
    positions = max(1, out[0].numel() // plan.units)
    return (n, positions) if plan.kind == "dense" else (probe_examples(n, positions), positions)


def capture(model, plans, probe_inputs):
    """Test-mode pass: per layer {input_ms, pre, pre_norm, post (unknown activations), sample}
    on the device, plus kernel snapshots (for the update ratio)."""
    n = probe_inputs.shape[0]
    got = [dict() for _ in plans]
    hooks = _CallHooks()
    for i, plan in enumerate(plans):
        def keep(t, i=i):
            return t[: got[i]["sample"][0]].detach().clone()

        def on_input(inp, i=i):
            x = inp[0].detach()
            got[i]["input_ms"] = (x * x).mean(dtype=torch.float64) if x.is_floating_point() else None

        def on_output(_inp, out, i=i, plan=plan, keep=keep):
            got[i]["sample"] = _sample(plan, out, n)
            got[i]["pre"] = keep(out)

        hooks.on(plan.module, plan.call, on_input, before=True)
        hooks.on(plan.module, plan.call, on_output)
        if plan.norm is not None:
            hooks.on(plan.norm, plan.norm_call, lambda _inp, out, keep=keep, i=i: got[i].update(pre_norm=keep(out)))
        if plan.act_module is not None:
            hooks.on(plan.act_module, plan.act_call, lambda _inp, out, keep=keep, i=i: got[i].update(post=keep(out)))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(probe_inputs)
    finally:
        hooks.remove()
        model.train(was_training)
    kernels = [p.module.weight.detach().clone() for p in plans]
    # Bias statistics at capture time, as the weights': the model before this step's update.
    biases = [bias_stats(p.module.bias) if isinstance(getattr(p.module, "bias", None), torch.Tensor) else None
              for p in plans]
    return {"layers": got, "kernels": kernels, "biases": biases}


class TrainingBatchSpy:
    """Armed between a probe's capture and its step: records, on the training batch (training
    mode only), each batch norm's per-unit batch mean/variance and each dropout's kept fraction."""

    def __init__(self, plans):
        self.batch, self.kept = {}, {}
        self.hooks = _CallHooks()
        for i, plan in enumerate(plans):
            if plan.batch_norm is not None:
                self.hooks.on(plan.norm, plan.norm_call, self._bn_hook(i, plan.norm))
            if plan.dropout is not None:
                self.hooks.on(plan.dropout, plan.dropout_call, self._dropout_hook(i, plan.dropout))

    def _bn_hook(self, i, m):
        def hook(inp, _out):
            if m.training and i not in self.batch:
                x = rows_by_units(inp[0].detach()).to(torch.float64)
                self.batch[i] = (x.mean(0), x.var(0, unbiased=False))
        return hook

    def _dropout_hook(self, i, m):
        def hook(inp, out):
            if m.training and i not in self.kept:
                nonzero = inp[0].detach() != 0
                self.kept[i] = ((out.detach() != 0) & nonzero).sum() / nonzero.sum().clamp(min=1)
        return hook

    def remove(self):
        self.hooks.remove()


def _rows(plan):
    """[rows × units] of a layer's output: a dense unit is the last dimension, a conv unit the channel."""
    if plan.kind == "dense":
        return lambda t: t.reshape(-1, t.shape[-1])
    return rows_by_units


def _signals(plan, got):
    """(pre, pre_norm or None, post) of a layer as [rows × units]."""
    if "pre" not in got:
        raise RuntimeError(
            f"layer {plan.name} was not called when the probe batch ran through the model; "
            "the probe needs every instrumented layer to run on probe_inputs")
    rows = _rows(plan)
    pre = rows(got["pre"])
    pre_norm = rows(got["pre_norm"]) if "pre_norm" in got else None
    signal = pre_norm if pre_norm is not None else pre
    post = rows(got["post"]) if "post" in got else activate(signal, plan.activation, plan.slope, plan.apply)
    return pre, pre_norm, post


def _layer_tensors(i, plan, got, signals, kernel, bias, spy, bins, value_range, with_update, masked):
    """One layer's statistics as device tensors (finished by _finish after the transfer)."""
    pre, pre_norm, post = signals
    signal = pre_norm if pre_norm is not None else pre
    weight = plan.module.weight.detach()
    grad = plan.module.weight.grad
    nan = torch.tensor(math.nan, dtype=torch.float64, device=weight.device)
    weights = weight_stats(kernel, masked)
    batch = spy.batch.get(i) if spy is not None else None
    return {
        "pre": tensor_stats(pre, bins, value_range, masked),
        "preNorm": tensor_stats(pre_norm, bins, value_range, masked) if pre_norm is not None else None,
        "post": tensor_stats(post, bins, value_range, masked),
        "units": unit_stats(signal, post, plan.activation, plan.slope, plan.bounds),
        "weights": weights,
        "inputMs": got.get("input_ms") if got.get("input_ms") is not None else nan,
        "gradNorm": torch.linalg.vector_norm(grad.detach()).double() if grad is not None else nan,
        "updateRatio": (torch.linalg.vector_norm(weight - kernel) / torch.linalg.vector_norm(kernel)).double()
        if with_update else nan,
        "bias": bias,
        "batch": batch,
        "moving": _moving(plan),
        "dropoutKept": spy.kept.get(i) if spy is not None else None,
    }


def _finish(i, plan, t, got):
    units = finish_unit_stats(t["units"])
    weights = finish_weight_stats(t["weights"])
    examples, positions = got["sample"]
    record = {
        "layer": i,
        "pre": finish_tensor_stats(t["pre"]),
        "preNorm": finish_tensor_stats(t["preNorm"]) if t["preNorm"] is not None else None,
        "post": finish_tensor_stats(t["post"]),
        "units": units["units"],
        "deadFraction": units["deadFraction"],
        "saturatedFraction": units["saturatedFraction"],
        "stuckNegativeFraction": units["stuckNegativeFraction"],
        "inactiveFraction": units["inactiveFraction"],
        "predictedPreVar": plan.fan_in * weights["variance"] * t["inputMs"],
        "weights": weights,
        "gradNorm": t["gradNorm"],
        "updateRatio": t["updateRatio"],
        "bias": finish_bias_stats(t["bias"]) if t["bias"] is not None else None,
        "batchNorm": _batch_norm(plan, t["batch"], t["moving"]),
        "dropoutKept": t["dropoutKept"],
        "sample": {"examples": examples, "positions": positions},
    }
    return record


def layer_probes(plans, captured, spy, bins, value_range, with_update):
    """LayerProbe dicts of every layer from a capture, the current gradients and weights; every
    number crosses from the device in one transfer, with the flag that says every value was finite;
    only when it was not are the statistics computed again, excluding NaN and ±Inf, and sent again."""
    signals = [_signals(plan, captured["layers"][i]) for i, plan in enumerate(plans)]

    def layer_tensors(masked):
        return [_layer_tensors(i, plan, captured["layers"][i], signals[i], captured["kernels"][i],
                               captured["biases"][i], spy, bins, value_range, with_update, masked)
                for i, plan in enumerate(plans)]

    flag = finite_flag([t for s in signals for t in s if t is not None] + captured["kernels"])
    fast = to_host({"finite": flag, "layers": layer_tensors(False)})
    host = fast["layers"] if fast["finite"] else to_host(layer_tensors(True))
    return [_finish(i, plan, t, captured["layers"][i]) for i, (plan, t) in enumerate(zip(plans, host))]


def _moving(plan):
    bn = plan.batch_norm
    if bn is None or not bn.track_running_stats or bn.running_mean is None:
        return None
    return (bn.running_mean.detach(), bn.running_var.detach())


def _batch_norm(plan, batch, moving):
    """BatchNormStats for a batch-norm layer (batch moments from the training batch, moving ones
    from the module), after the transfer; null for layer/group norm, whose statistics are per
    example."""
    if plan.batch_norm is None:
        return None
    return {
        "batchMean": batch[0] if batch else [],
        "batchVar": batch[1] if batch else [],
        "movingMean": moving[0] if moving else [],
        "movingVar": moving[1] if moving else [],
    }
