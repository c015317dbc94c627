"""config.json for a PyTorch model: a valid Trainscape RunConfig (main/config/schema.ts) that says
as much about the model as Trainscape's format can hold, plus a `source` block with what it cannot
(class names of every module, the optimizer class, the true input shape, device, torch version).
"""
import re

import torch
from torch import nn

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


def _unit_options(plan):
    out = {"activation": "linear" if plan.activation == "softmax" else plan.activation,
           "batchNorm": plan.batch_norm is not None, "dropout": min(plan.dropout_p, 0.99)}
    if plan.activation == "leaky-relu" and plan.slope != 1:
        out["leakySlope"] = max(0.0, plan.slope)
    return out


def _layer_spec(plan):
    m = plan.module
    if plan.kind == "dense":
        return {"type": "dense", "units": plan.units, **_unit_options(plan), "name": _config_name(plan.name)}
    k = m.kernel_size[0]
    same = m.padding == "same" or (m.padding[0] == k // 2 and m.stride[0] == 1)
    return {"type": "conv2d", "filters": plan.units, "kernelSize": k, "strides": m.stride[0],
            "padding": "same" if same else "valid", **_unit_options(plan), "name": _config_name(plan.name)}


def _pool_spec(name, module):
    size = module.kernel_size if isinstance(module.kernel_size, int) else module.kernel_size[0]
    stride = module.stride if isinstance(module.stride, int) else (module.stride or [size])[0]
    return {"type": _POOLS[type(module)], "poolSize": size, "strides": stride, "name": _config_name(name or "pool")}


def optimizer_spec(optimizer, lr):
    """Trainscape's optimizer description nearest to a torch optimizer."""
    if optimizer is None:
        return {"type": "sgd", "learningRate": lr}
    group = optimizer.param_groups[0]
    lr = float(group.get("lr", lr))
    if isinstance(optimizer, (torch.optim.Adam, torch.optim.AdamW)):
        b1, b2 = group.get("betas", (0.9, 0.999))
        return {"type": "adam", "learningRate": lr, "beta1": b1, "beta2": b2, "epsilon": group.get("eps", 1e-8)}
    momentum = float(group.get("momentum", 0) or 0)
    if 0 < momentum < 1:
        return {"type": "momentum", "learningRate": lr, "momentum": momentum}
    return {"type": "sgd", "learningRate": lr}


def describe(model, plans, call_order, example_shape, info):
    """The RunConfig dict. `call_order`: (name, module) of leaf modules in forward order."""
    by_module = {p.module: p for p in plans}
    output = plans[-1] if plans[-1].activation == "softmax" else None
    layers = []
    for name, module in call_order:
        if module in by_module and by_module[module] is not output:
            layers.append(_layer_spec(by_module[module]))
        elif type(module) in _POOLS and layers:
            layers.append(_pool_spec(name, module))
    if not any(l["type"] in ("dense", "conv2d") for l in layers):
        layers = [_layer_spec(plans[0])]
    training = {"optimizer": optimizer_spec(info["optimizer"], info["lr"]),
                "batchSize": min(max(1, info["batch_size"]), 4096), "epochs": max(1, info["epochs"]),
                "seed": int(torch.initial_seed() % (2 ** 31 - 1))}
    if info["total_steps"]:
        training["maxSteps"] = info["total_steps"]
    return {
        "name": info["name"],
        "description": f"PyTorch model {type(model).__name__}, watched by trainscape_probe",
        "model": {"inputShape": input_shape(example_shape), "layers": layers},
        "training": training,
        "instruments": {"statsEvery": info["every"], "probeSize": min(info["probe_size"], 2048),
                        "histogramBins": info["bins"], "histogramRange": info["range"]},
        "source": {
            "backend": "pytorch",
            "torch": torch.__version__,
            "device": info["device"],
            "model": type(model).__name__,
            "inputShape": [int(d) for d in example_shape],
            "optimizer": type(info["optimizer"]).__name__ if info["optimizer"] is not None else None,
            "classNames": info["class_names"],
            "modules": [{"name": n, "className": type(m).__name__} for n, m in call_order],
        },
    }


def merge(base, override):
    """`base` with `override`'s keys laid over it, recursively for nested dicts."""
    out = dict(base)
    for key, value in (override or {}).items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
