"""config.json for a PyTorch model: a valid Trainscape RunConfig (main/contract/config/schema.ts) that says
as much about the model as Trainscape's format can hold, plus a `source` block with what it cannot
(class names of every module call, the optimizer class, the true input shape, device, torch
version), and `translation`: whether the config is exactly the torch model and optimizer, and if
not, every difference (a branch, a residual add, an activation or module Trainscape lacks, a
module not measured, an optimizer setting), so the app offers "Load config" and "Re-run" only
for an exact one.
"""
import re

import torch
from torch import nn

from .layers import ACTIVATION_FUNCS, ACTIVATION_MODULES

_POOLS = {nn.MaxPool2d: "maxPool", nn.AvgPool2d: "avgPool"}


def input_shape(example_shape):
    """[height, width, channels] for Trainscape from one example's torch shape."""
    dims = [int(d) for d in example_shape]
    if len(dims) == 3 and dims[0] in (1, 3) and max(dims[1:]) <= 1024:
        return [dims[1], dims[2], dims[0]]
    if len(dims) == 2 and max(dims) <= 1024:
        return [dims[0], dims[1], 1]
    size = 1
    for d in dims:
        size *= d
    width = next((w for w in range(min(size, 1024), 0, -1) if size % w == 0 and size // w <= 1024), 1)
    return [max(1, size // width), width, 1]


def _config_name(name):
    """A layer name as config.json accepts it: letters, digits, '.', '_', '-', starting alnum."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", name).lstrip("._-")
    return (clean or "layer")[:64]


# The activations Trainscape's engine trains (main/contract/config/schema.ts ACTIVATIONS); any other
# is written as its nearest one, and the translation is marked inexact.
ENGINE_ACTIVATIONS = ("relu", "leaky-relu", "sigmoid", "tanh", "elu", "gelu", "silu", "linear")
_NEAREST = {"relu6": "relu", "prelu": "leaky-relu", "selu": "elu", "celu": "elu", "gelu": "gelu",
            "silu": "silu", "mish": "silu", "softplus": "elu", "hardswish": "relu", "hardtanh": "tanh",
            "softsign": "tanh", "unknown": "linear", "softmax": "linear"}
# Calls that only reshape or copy the chain's tensor: the engine's flatten does the same.
_RESHAPES = {"view", "reshape", "flatten", "contiguous", "squeeze", "unsqueeze", "float", "to",
             "detach", "clone", "dropout"}
_PASS_THROUGH = (nn.Flatten, nn.Identity, nn.Dropout, nn.Softmax, nn.LogSoftmax)


def _unit_options(plan, differences):
    activation = plan.activation
    if activation not in ENGINE_ACTIVATIONS:
        activation = _NEAREST.get(activation, "linear")
        if plan.activation != "softmax":
            what = f"unknown activation {plan.activation_class}" if plan.activation == "unknown" else plan.activation
            differences.append(f"{plan.name}: {what} has no Trainscape equivalent (written as {activation})")
    if plan.norm is not None and plan.norm_kind != "batch":
        differences.append(f"{plan.name}: {plan.norm_kind} norm has no Trainscape equivalent (left out)")
    out = {"activation": activation, "batchNorm": plan.batch_norm is not None, "dropout": min(plan.dropout_p, 0.99)}
    if plan.activation == "leaky-relu" and plan.slope != 1:
        out["leakySlope"] = max(0.0, plan.slope)
    return out


def _layer_spec(plan, differences):
    m = plan.module
    if getattr(m, "bias", None) is None and plan.batch_norm is None:
        differences.append(f"{plan.name}: has no bias (Trainscape's layers always have one)")
    if plan.kind == "dense":
        return {"type": "dense", "units": plan.units, **_unit_options(plan, differences),
                "name": _config_name(plan.name)}
    k = m.kernel_size[0]
    same = m.padding == "same" or (m.padding[0] == k // 2 and m.stride[0] == 1)
    valid = m.padding == "valid" or m.padding[0] == 0
    if (m.kernel_size[0] != m.kernel_size[1] or m.stride[0] != m.stride[1] or m.groups != 1
            or tuple(m.dilation) != (1, 1) or not (same or valid) or m.padding_mode != "zeros"
            or (not isinstance(m.padding, str) and m.padding[0] != m.padding[1])):
        differences.append(f"{plan.name}: Conv2d kernel {tuple(m.kernel_size)}, stride {tuple(m.stride)}, "
                           f"padding {m.padding}, groups {m.groups}, dilation {tuple(m.dilation)} is not a "
                           "square 'same'/'valid' convolution")
    return {"type": "conv2d", "filters": plan.units, "kernelSize": k, "strides": m.stride[0],
            "padding": "same" if same else "valid", **_unit_options(plan, differences),
            "name": _config_name(plan.name)}


def _pool_spec(name, module, differences):
    size = module.kernel_size if isinstance(module.kernel_size, int) else module.kernel_size[0]
    stride = module.stride if isinstance(module.stride, int) else (module.stride or [size])[0]
    padding = module.padding if isinstance(module.padding, int) else max(module.padding)
    if padding or getattr(module, "ceil_mode", False) or getattr(module, "dilation", 1) not in (1, (1, 1)):
        differences.append(f"{name}: {type(module).__name__} with padding, dilation or ceil_mode")
    return {"type": _POOLS[type(module)], "poolSize": size, "strides": stride, "name": _config_name(name or "pool")}


def _display(trace, module):
    return next((p.name.split("#")[0] for p in trace.plans if p.module is module), type(module).__name__)


def _chain(trace):
    """(config layers, differences): the forward pass as Trainscape's sequential layers, and every
    way the pass differs from that chain (branches, residual adds, modules without equivalent)."""
    plans = {(p.module, p.call): p for p in trace.plans}
    output = trace.plans[-1] if trace.plans[-1].activation == "softmax" else None
    attached = {(m, k) for p in trace.plans for m, k in ((p.norm, p.norm_call), (p.act_module, p.act_call),
                                                         (p.dropout, p.dropout_call)) if m is not None}
    layers, differences = [], []
    named = dict(trace.model_modules)
    unmeasured = {named.get(m["name"]) for m in trace.not_measured}
    shared = {}
    for p in trace.plans:
        shared[p.module] = shared.get(p.module, 0) + 1
    differences += [f"{_display(trace, m)} is called {n} times with the same weights (each Trainscape "
                    "layer has its own)" for m, n in shared.items() if n > 1]
    current, version = trace.inputs, trace.inputs._version
    for c in trace.calls:
        takes_chain = c.inp is current and c.inp_version == version
        if c.module is None:
            if not takes_chain or not isinstance(c.out, torch.Tensor):
                continue
            name = c.name.strip("_")
            if name not in _RESHAPES and c.func not in ACTIVATION_FUNCS:
                differences.append(f"{name}() on the output of the layer before it (e.g. a residual "
                                   "add or a concatenation)")
            current, version = c.out, c.out_version
            continue
        if not takes_chain and c.module not in {m for m, _k in attached}:
            differences.append(f"{c.name} ({type(c.module).__name__}) takes an input other than the previous "
                               "layer's output (a branch or skip connection)")
        plan = plans.get((c.module, c.index))
        if plan is not None:
            if plan is not output:
                layers.append(_layer_spec(plan, differences))
        elif type(c.module) in _POOLS:
            if layers:
                layers.append(_pool_spec(c.name, c.module, differences))
        elif (c.module, c.index) not in attached and type(c.module) not in ACTIVATION_MODULES \
                and not isinstance(c.module, _PASS_THROUGH) and c.module not in unmeasured:
            differences.append(f"{c.name}: {type(c.module).__name__} has no Trainscape equivalent")
        if isinstance(c.out, torch.Tensor):
            current, version = c.out, c.out_version
    if output is not None and output.norm is not None:
        differences.append(f"{output.name}: the output layer has a norm (Trainscape's has none)")
    return layers, differences


def optimizer_spec(optimizer, lr, differences=None):
    """Trainscape's optimizer description nearest to a torch optimizer; what it cannot say is
    appended to `differences`."""
    differences = differences if differences is not None else []
    if optimizer is None:
        differences.append("the optimizer was not passed to Probe (written as SGD)")
        return {"type": "sgd", "learningRate": lr}
    group = optimizer.param_groups[0]
    lr = float(group.get("lr", lr))
    name = type(optimizer).__name__
    if group.get("weight_decay"):
        differences.append(f"{name} weight_decay={group['weight_decay']} (Trainscape has none)")
    if len(optimizer.param_groups) > 1:
        differences.append(f"{name} has {len(optimizer.param_groups)} parameter groups (the first one is written)")
    if isinstance(optimizer, (torch.optim.Adam, torch.optim.AdamW)):
        if group.get("amsgrad"):
            differences.append(f"{name} amsgrad (Trainscape's Adam has none)")
        b1, b2 = group.get("betas", (0.9, 0.999))
        return {"type": "adam", "learningRate": lr, "beta1": b1, "beta2": b2, "epsilon": group.get("eps", 1e-8)}
    if not isinstance(optimizer, torch.optim.SGD):
        differences.append(f"{name} has no Trainscape equivalent (written as SGD)")
    momentum = float(group.get("momentum", 0) or 0)
    if group.get("nesterov") or group.get("dampening"):
        differences.append(f"{name} nesterov or dampening (Trainscape's momentum has neither)")
    if 0 < momentum < 1:
        return {"type": "momentum", "learningRate": lr, "momentum": momentum}
    return {"type": "sgd", "learningRate": lr}


def _input_differences(example_shape):
    dims = [int(d) for d in example_shape]
    image = (len(dims) == 3 and dims[0] in (1, 3)) or len(dims) == 2
    return [] if image and max(dims) <= 1024 else [
        f"input shape {dims} is not an image [channels, height, width] (written as {input_shape(dims)})"]


def describe(model, trace, example_shape, info):
    """The RunConfig dict for a Trace (layers.discover). `source.translation` says whether the
    config's model and optimizer are exactly the torch ones ({exact, differences}); when it is
    not exact, Trainscape does not offer to load or re-run it."""
    layers, differences = _chain(trace)
    if not any(l["type"] in ("dense", "conv2d") for l in layers):
        layers = [_layer_spec(trace.plans[0], differences)]
    differences += _input_differences(example_shape)
    unmeasured = [f"{m['name']} ({m['type']}, {m['parameters']:,} parameters): {m['reason']}"
                  for m in trace.not_measured]
    optimizer = optimizer_spec(info["optimizer"], info["lr"], differences)
    training = {"optimizer": optimizer,
                "batchSize": min(max(1, info["batch_size"]), 4096), "epochs": max(1, info["epochs"]),
                "seed": int(torch.initial_seed() % (2 ** 31 - 1))}
    if info["total_steps"]:
        training["maxSteps"] = info["total_steps"]
    differences = list(dict.fromkeys(unmeasured + differences))
    return {
        "name": info["name"],
        "description": f"PyTorch model {type(model).__name__}, watched by trainscape_probe",
        "model": {"inputShape": input_shape(example_shape), "layers": layers},
        "training": training,
        "probe": {"statsEvery": info["every"], "probeSize": min(info["probe_size"], 2048),
                        "histogramBins": info["bins"], "histogramRange": info["range"]},
        "source": {
            "backend": "pytorch",
            "torch": torch.__version__,
            "device": info["device"],
            "model": type(model).__name__,
            "inputShape": [int(d) for d in example_shape],
            "optimizer": type(info["optimizer"]).__name__ if info["optimizer"] is not None else None,
            "classNames": info["class_names"],
            "modules": [{"name": c.name, "className": type(c.module).__name__}
                        for c in trace.calls if c.module is not None],
            "translation": {"exact": not differences, "differences": differences[:50]},
            "coverage": {"modules": trace.modules, "parameters": trace.parameters,
                         "notMeasured": trace.not_measured[:1000]},
        },
    }


def merge(base, override):
    """`base` with `override`'s keys laid over it, recursively for nested dicts."""
    out = dict(base)
    for key, value in (override or {}).items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
