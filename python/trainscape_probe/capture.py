"""One probe of the model: a test-mode pass over the fixed probe batch under torch.no_grad()
(as the engine's main/engine/probes/capture.ts), then the training batch's own measurements
(gradient norms, update ratios, batch-norm batch moments, dropout kept fraction), turned into
the engine's LayerProbe records.

Conv layers keep at most CONV_ROW_CAP rows (examples × positions) for their statistics, the first
⌊CONV_ROW_CAP / positions⌋ probe examples, as the engine does; a layer input's E[x²] is always
measured on the whole batch.
"""
import math

import torch

from .stats import activate, rows_by_units, tensor_stats, unit_stats, weight_stats

CONV_ROW_CAP = 8192


def probe_examples(n, positions):
    return n if positions <= 1 else max(1, min(n, CONV_ROW_CAP // positions))


def capture(model, plans, probe_inputs):
    """Test-mode pass: per layer {input_ms, pre, pre_norm} on the device, plus kernel snapshots."""
    n = probe_inputs.shape[0]
    got = [dict() for _ in plans]
    handles = []

    def keep_rows(plan, t):
        positions = 1 if plan.kind == "dense" else int(t[0, 0].numel())
        return t[: probe_examples(n, positions)].detach().clone()

    for i, plan in enumerate(plans):
        def pre_hook(_m, inp, i=i):
            if "input_ms" not in got[i]:
                x = inp[0].detach()
                got[i]["input_ms"] = (x * x).mean()

        def hook(_m, _inp, out, i=i, plan=plan):
            got[i].setdefault("pre", keep_rows(plan, out))

        handles.append(plan.module.register_forward_pre_hook(pre_hook))
        handles.append(plan.module.register_forward_hook(hook))
        if plan.batch_norm is not None:
            handles.append(plan.batch_norm.register_forward_hook(
                lambda _m, _inp, out, i=i, plan=plan: got[i].setdefault("pre_norm", keep_rows(plan, out))))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(probe_inputs)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    kernels = [p.module.weight.detach().clone() for p in plans]
    return {"layers": got, "kernels": kernels}


class TrainingBatchSpy:
    """Armed between a probe's capture and its step: records, on the training batch (training
    mode only), each batch norm's per-unit batch mean/variance and each dropout's kept fraction."""

    def __init__(self, plans):
        self.batch = {}
        self.kept = {}
        self.handles = []
        for i, plan in enumerate(plans):
            if plan.batch_norm is not None:
                self.handles.append(plan.batch_norm.register_forward_hook(self._bn_hook(i)))
            if plan.dropout is not None:
                self.handles.append(plan.dropout.register_forward_hook(self._dropout_hook(i)))

    def _bn_hook(self, i):
        def hook(m, inp, _out):
            if m.training and i not in self.batch:
                x = rows_by_units(inp[0].detach()).to(torch.float64)
                self.batch[i] = (x.mean(0), x.var(0, unbiased=False))
        return hook

    def _dropout_hook(self, i):
        def hook(m, inp, out):
            if m.training and i not in self.kept:
                nonzero = inp[0].detach() != 0
                self.kept[i] = ((out.detach() != 0) & nonzero).sum() / nonzero.sum().clamp(min=1)
        return hook

    def remove(self):
        for h in self.handles:
            h.remove()
        self.handles = []


def layer_probes(plans, captured, spy, bins, value_range, with_update):
    """LayerProbe dicts of every layer from a capture, the current gradients and weights."""
    out = []
    for i, plan in enumerate(plans):
        got = captured["layers"][i]
        if "pre" not in got:
            raise RuntimeError(
                f"layer {plan.name} was not called when the probe batch ran through the model; "
                "the probe needs every instrumented layer to run on probe_inputs")
        rows = _rows(plan)
        pre = rows(got["pre"])
        pre_norm = rows(got["pre_norm"]) if "pre_norm" in got else None
        post = activate(pre_norm if pre_norm is not None else pre, plan.activation, plan.slope)
        units = unit_stats(pre_norm if pre_norm is not None else pre, post, plan.activation, plan.slope)
        weight = plan.module.weight.detach()
        weights = weight_stats(captured["kernels"][i])
        grad = plan.module.weight.grad
        grad_norm = float(torch.linalg.vector_norm(grad.detach())) if grad is not None else math.nan
        before = captured["kernels"][i]
        update = (float(torch.linalg.vector_norm(weight - before) / torch.linalg.vector_norm(before))
                  if with_update else math.nan)
        out.append({
            "layer": i,
            "pre": tensor_stats(pre, bins, value_range),
            "preNorm": tensor_stats(pre_norm, bins, value_range) if pre_norm is not None else None,
            "post": tensor_stats(post, bins, value_range),
            "units": units["units"],
            "deadFraction": units["deadFraction"],
            "saturatedFraction": units["saturatedFraction"],
            "stuckNegativeFraction": units["stuckNegativeFraction"],
            "predictedPreVar": plan.fan_in * weights["variance"] * float(got["input_ms"]),
            "weights": weights,
            "gradNorm": grad_norm,
            "updateRatio": update,
            "batchNorm": _batch_norm(plan, spy, i),
            "dropoutKept": float(spy.kept[i]) if spy is not None and i in spy.kept else None,
        })
    return out


def _rows(plan):
    """[rows × units] of a layer's output: a dense unit is the last dimension, a conv unit the channel."""
    if plan.kind == "dense":
        return lambda t: t.reshape(-1, t.shape[-1])
    return rows_by_units


def _batch_norm(plan, spy, i):
    bn = plan.batch_norm
    if bn is None:
        return None
    batch = spy.batch.get(i) if spy is not None else None
    moving = (bn.running_mean, bn.running_var) if bn.track_running_stats else (None, None)
    return {
        "batchMean": batch[0].tolist() if batch else [],
        "batchVar": batch[1].tolist() if batch else [],
        "movingMean": moving[0].tolist() if moving[0] is not None else [],
        "movingVar": moving[1].tolist() if moving[1] is not None else [],
    }
