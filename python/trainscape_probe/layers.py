"""Finds the model's instrumented layers by watching one forward pass of the probe batch.

Forward hooks on nn.Linear / nn.Conv2d give each weighted layer's output (the pre-activation).
A torch-function mode sees every activation call, module (nn.ReLU, nn.LeakyReLU, nn.Sigmoid,
nn.Tanh, nn.ELU) or functional (F.relu, torch.sigmoid, x.relu(), ...); an activation whose input
is exactly a weighted layer's output (or that of the batch norm right after it) is that layer's
activation. nn.BatchNorm1d/2d applied to the output is the layer's batch norm; nn.Dropout applied
to the activation's output is its dropout. A weighted layer with no such activation is linear,
except the last one, which is the output layer (softmax, as cross-entropy on logits implies).
"""
from dataclasses import dataclass, field
from typing import List, Optional

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

F = nn.functional

_ACTIVATION_FUNCS = {
    F.relu: "relu", torch.relu: "relu", torch.Tensor.relu: "relu", torch.relu_: "relu",
    torch.Tensor.relu_: "relu", F.relu_: "relu",
    F.leaky_relu: "leaky-relu", torch._C._nn.leaky_relu: "leaky-relu",
    torch.sigmoid: "sigmoid", torch.Tensor.sigmoid: "sigmoid", F.sigmoid: "sigmoid",
    torch.tanh: "tanh", torch.Tensor.tanh: "tanh", F.tanh: "tanh",
    F.elu: "elu",
}
_WEIGHTED = (nn.Linear, nn.Conv2d)
_BATCH_NORM = (nn.BatchNorm1d, nn.BatchNorm2d)


@dataclass
class LayerPlan:
    """One weighted layer and what follows it, as found in the forward pass."""
    name: str
    module: nn.Module
    kind: str  # "dense" | "conv2d"
    fan_in: int
    units: int
    output_shape: List[int]
    activation: str = "linear"
    slope: float = 0.0  # leaky ReLU's negative slope, or ELU's alpha
    batch_norm: Optional[nn.Module] = None
    dropout: Optional[nn.Module] = None
    dropout_p: float = 0.0
    initializer: str = "pytorch-default"
    extra: dict = field(default_factory=dict)


def _slope(kind, args, kwargs):
    if kind == "leaky-relu":
        value = args[1] if len(args) > 1 else kwargs.get("negative_slope", 0.01)
        return float(value)
    if kind == "elu":
        value = args[1] if len(args) > 1 else kwargs.get("alpha", 1.0)
        return float(value)
    return 0.0


class _ActivationSpy(TorchFunctionMode):
    """Records (kind, slope, input tensor, output tensor) of every activation call."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        kind = _ACTIVATION_FUNCS.get(func)
        if kind and args and isinstance(args[0], torch.Tensor):
            self.calls.append((kind, _slope(kind, args, kwargs), args[0], out))
        return out


def _fan_in(module):
    if isinstance(module, nn.Linear):
        return module.in_features
    k = module.kernel_size
    return (module.in_channels // module.groups) * k[0] * k[1]


def _display_name(qualified, module):
    """The module's attribute path; an nn.Sequential index becomes e.g. `linear_0`, `features.conv2d_3`."""
    head, _, last = qualified.rpartition(".")
    if last and not last.isdigit():
        return qualified
    label = f"{type(module).__name__.lower()}_{last}" if last else type(module).__name__.lower()
    return f"{head}.{label}" if head else label


def discover(model, probe_inputs):
    """The weighted layers of `model` in call order, with activation, batch norm and dropout,
    and (name, module) of every leaf module in the order the forward pass called them."""
    names = {m: n for n, m in model.named_modules()}
    events = []  # (module, input tensor, output tensor) of every leaf module, in call order
    handles = [
        module.register_forward_hook(
            lambda m, inp, out: events.append((m, inp[0] if inp else None, out)))
        for module in model.modules() if not list(module.children())
    ]
    spy = _ActivationSpy()
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), spy:
            model(probe_inputs)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    order, called = [], set()
    for module, _i, _o in events:
        if module not in called:
            called.add(module)
            order.append((names.get(module, ""), module))
    return _link(events, spy.calls, names), order


def _link(events, activations, names):
    plans, seen = [], set()
    for module, _inp, out in events:
        if not isinstance(module, _WEIGHTED) or module in seen:
            continue
        seen.add(module)
        kind = "dense" if isinstance(module, nn.Linear) else "conv2d"
        units = module.out_features if kind == "dense" else module.out_channels
        shape = list(out.shape[1:]) if kind == "dense" else [out.shape[2], out.shape[3], out.shape[1]]
        plan = LayerPlan(_display_name(names.get(module, ""), module), module, kind,
                         _fan_in(module), units, [int(s) for s in shape])
        signal = out
        bn = next((m for m, i, _o in events if isinstance(m, _BATCH_NORM) and i is out), None)
        if bn is not None:
            plan.batch_norm = bn
            signal = next(o for m, i, o in events if m is bn and i is out)
        act = next((a for a in activations if a[2] is signal), None)
        if act is not None:
            plan.activation, plan.slope = act[0], act[1]
            drop = next((m for m, i, _o in events if isinstance(m, nn.Dropout) and i is act[3]), None)
            if drop is not None:
                plan.dropout, plan.dropout_p = drop, float(drop.p)
        plans.append(plan)
    if not plans:
        raise ValueError(
            "Trainscape found no nn.Linear or nn.Conv2d layer in the model's forward pass on "
            "probe_inputs; the probe instruments those layers. Pass the model that trains.")
    last = plans[-1]
    if last.activation == "linear" and last.kind == "dense" and last.units > 1:
        last.activation = "softmax"
    return plans
