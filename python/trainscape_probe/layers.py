"""Finds the model's instrumented layers by tracing one forward pass of the probe batch, as it runs.

The trace is the call graph the forward pass actually takes: every call of a leaf module (forward
hooks) and every top-level functional call (a torch-function mode), in order, with each tensor's
identity and in-place version. A module called twice is two calls, so two layers (`fc#1`,
`fc#2`) with their own statistics.

An nn.Linear / nn.Conv2d call is a measured layer (its output is the pre-activation). A batch,
layer or group norm applied to that output (unchanged since: same tensor, same version) is the
layer's norm. The activation is the first module or functional call that takes the (normed)
output, unchanged: a known one (ACTIVATION_MODULES / ACTIVATION_FUNCS) gives its name; any other
parameter-free leaf module that keeps the shape is an "unknown" activation whose real output is
measured; a residual add or any other in-place change in between means the layer has none. An
nn.Dropout applied to the activation's output is its dropout. A layer with no activation is
linear, except the last one, the output layer (softmax, as cross-entropy on logits implies).
Modules owning parameters that no measured layer covers (Conv1d, Embedding, LSTM, attention, an
unattached norm, a module never called) are listed as not measured.
"""
from dataclasses import dataclass, field
from typing import List, Optional

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

F = nn.functional

# Activation modules, by class, and what each one's state rule is called (main/contract/config).
ACTIVATION_MODULES = {
    nn.ReLU: "relu", nn.ReLU6: "relu6", nn.LeakyReLU: "leaky-relu", nn.PReLU: "prelu",
    nn.ELU: "elu", nn.SELU: "selu", nn.CELU: "celu", nn.GELU: "gelu", nn.SiLU: "silu",
    nn.Mish: "mish", nn.Softplus: "softplus", nn.Hardswish: "hardswish", nn.Sigmoid: "sigmoid",
    nn.Tanh: "tanh", nn.Hardtanh: "hardtanh", nn.Softsign: "softsign",
}
# Functional activations as the torch-function mode sees them (the outermost call only).
ACTIVATION_FUNCS = {
    F.relu: "relu", torch.relu: "relu", torch.Tensor.relu: "relu", torch.relu_: "relu",
    torch.Tensor.relu_: "relu", F.relu_: "relu", F.relu6: "relu6",
    F.leaky_relu: "leaky-relu", torch._C._nn.leaky_relu: "leaky-relu", F.prelu: "prelu",
    torch.prelu: "prelu", F.elu: "elu", F.selu: "selu", torch.selu: "selu", F.celu: "celu",
    F.gelu: "gelu", F.silu: "silu", F.mish: "mish", F.softplus: "softplus",
    F.hardswish: "hardswish", F.hardtanh: "hardtanh", F.softsign: "softsign",
    torch.sigmoid: "sigmoid", torch.Tensor.sigmoid: "sigmoid", F.sigmoid: "sigmoid",
    torch.tanh: "tanh", torch.Tensor.tanh: "tanh", F.tanh: "tanh",
}
# Activations whose output depends on more than the name: measured by replaying the layer's own call.
_WITH_PARAMETERS = ("prelu", "softplus", "hardtanh")
MEASURED = (nn.Linear, nn.Conv2d)
NORMS = {nn.BatchNorm1d: "batch", nn.BatchNorm2d: "batch", nn.LayerNorm: "layer", nn.GroupNorm: "group"}
# Leaf modules that pass a layer's output on without being its activation.
_NOT_ACTIVATIONS = (nn.Dropout, nn.Dropout2d, nn.Identity, nn.Flatten, nn.Unflatten, nn.MaxPool2d,
                    nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d, nn.Softmax,
                    nn.LogSoftmax, *MEASURED, *NORMS)


@dataclass
class Call:
    """One call in the traced forward pass: a leaf module's (module set) or a functional one's."""
    seq: int
    module: Optional[nn.Module]
    func: object
    name: str  # the module's display name, `#k`-suffixed when it is called more than once
    index: int  # 0-based call number of this module
    inp: Optional[torch.Tensor]
    inp_version: int
    out: object
    out_version: int
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass
class LayerPlan:
    """One measured call of a weighted layer and what follows it, as found in the forward pass."""
    name: str
    module: nn.Module
    call: int  # which call of `module` this layer is (0 for a module called once)
    kind: str  # "dense" | "conv2d"
    fan_in: int
    units: int
    output_shape: List[int]
    activation: str = "linear"
    activation_class: Optional[str] = None  # the module class of an unknown activation
    slope: float = 0.0  # leaky ReLU's negative slope, or ELU's alpha
    bounds: tuple = (-1.0, 1.0)  # hardtanh's min_val, max_val
    apply: object = None  # pre → post for a known activation other than the table's defaults
    norm: Optional[nn.Module] = None
    norm_call: int = 0
    norm_kind: Optional[str] = None  # "batch" | "layer" | "group"
    act_module: Optional[nn.Module] = None  # an unknown activation module, measured by its output
    act_call: int = 0
    dropout: Optional[nn.Module] = None
    dropout_call: int = 0
    dropout_p: float = 0.0
    initializer: str = "pytorch-default"

    @property
    def batch_norm(self):
        return self.norm if self.norm_kind == "batch" else None


@dataclass
class Trace:
    """What discover() found: measured layers, every call in order, and what is not measured."""
    plans: List[LayerPlan]
    calls: List[Call]
    not_measured: List[dict]
    modules: int  # modules that own parameters (a folded child counts in its parent)
    parameters: int
    inputs: torch.Tensor
    model_modules: list  # (qualified name, module) of model.named_modules()


def _slope(kind, args, kwargs):
    if kind == "leaky-relu":
        return float(args[1] if len(args) > 1 else kwargs.get("negative_slope", 0.01))
    if kind in ("elu", "celu"):
        return float(args[1] if len(args) > 1 else kwargs.get("alpha", 1.0))
    return 0.0


def _module_activation(module):
    """(name, slope) of a known activation module."""
    kind = ACTIVATION_MODULES[type(module)]
    if kind == "leaky-relu":
        return kind, float(module.negative_slope)
    if kind in ("elu", "celu"):
        return kind, float(module.alpha)
    if kind == "hardtanh" and (module.min_val, module.max_val) == (0.0, 6.0):
        return "relu6", 0.0
    return kind, 0.0


class _Tracer(TorchFunctionMode):
    """Records top-level functional calls (not those inside a leaf module's forward)."""

    def __init__(self, calls, depth):
        super().__init__()
        self.calls, self.depth = calls, depth

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        first = args[0] if args and isinstance(args[0], torch.Tensor) else None
        version = first._version if first is not None else 0
        out = func(*args, **kwargs)
        # Only tensor-valued calls at the top level; attribute reads (x._version, x.shape) are not steps.
        if self.depth[0] == 0 and isinstance(out, torch.Tensor) and getattr(func, "__name__", "") != "__get__":
            self.calls.append(Call(len(self.calls), None, func, getattr(func, "__name__", str(func)), 0,
                                   first, version, out,
                                   out._version if isinstance(out, torch.Tensor) else 0, args, kwargs))
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


def trace(model, probe_inputs):
    """Every leaf-module and top-level functional call of one eval-mode pass, in call order."""
    names = {m: _display_name(n, m) for n, m in model.named_modules()}
    calls, depth, counts, starts = [], [0], {}, {}

    def pre_hook(m, inp):
        depth[0] += 1
        x = inp[0] if inp and isinstance(inp[0], torch.Tensor) else None
        starts[m] = (x, x._version if x is not None else 0)

    def hook(m, _inp, out):
        depth[0] -= 1
        x, version = starts.pop(m)
        k = counts.get(m, 0)
        counts[m] = k + 1
        calls.append(Call(len(calls), m, None, names.get(m, type(m).__name__), k, x, version, out,
                          out._version if isinstance(out, torch.Tensor) else 0))

    leaves = [m for m in model.modules() if not list(m.children())]
    handles = [h for m in leaves for h in (m.register_forward_pre_hook(pre_hook), m.register_forward_hook(hook))]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), _Tracer(calls, depth):
            model(probe_inputs)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    for c in calls:  # a module called more than once: fc#1, fc#2, …
        if c.module is not None and counts[c.module] > 1:
            c.name = f"{c.name}#{c.index + 1}"
    return calls


def _consumer(calls, after, tensor, version):
    """The first call after `after` that takes `tensor` unchanged (same object, same version)."""
    for c in calls[after + 1:]:
        if c.inp is tensor:
            return c if c.inp_version == version else None
    return None


def _activation(plan, c):
    """Sets plan's activation from call `c` (which takes the layer's output); False if none."""
    if c.module is not None:
        if type(c.module) in ACTIVATION_MODULES:
            m = c.module
            plan.activation, plan.slope = _module_activation(m)
            if plan.activation == "hardtanh":
                plan.bounds = (float(m.min_val), float(m.max_val))
            if plan.activation in _WITH_PARAMETERS:  # (an in-place module must not overwrite pre)
                plan.apply = (lambda t: m(t.clone())) if getattr(m, "inplace", False) else m
            return True
        if isinstance(c.module, _NOT_ACTIVATIONS) or any(True for _ in c.module.parameters()):
            return False
        if isinstance(c.out, torch.Tensor) and c.out.shape == c.inp.shape:
            plan.activation, plan.activation_class = "unknown", type(c.module).__name__
            plan.act_module, plan.act_call = c.module, c.index
            return True
        return False
    kind = ACTIVATION_FUNCS.get(c.func)
    if kind is None:
        return False
    plan.activation, plan.slope = kind, _slope(kind, c.args, c.kwargs)
    if kind == "hardtanh":
        lo = c.args[1] if len(c.args) > 1 else c.kwargs.get("min_val", -1.0)
        hi = c.args[2] if len(c.args) > 2 else c.kwargs.get("max_val", 1.0)
        plan.bounds = (float(lo), float(hi))
        if plan.bounds == (0.0, 6.0):
            plan.activation = "relu6"
    if plan.activation in _WITH_PARAMETERS:
        args, kwargs = c.args[1:], {k: v for k, v in c.kwargs.items() if k != "inplace"}
        plan.apply = lambda t, f=c.func: f(t, *args, **kwargs)
    return True


def _plan(calls, c):
    m = c.module
    kind = "dense" if isinstance(m, nn.Linear) else "conv2d"
    units = m.out_features if kind == "dense" else m.out_channels
    shape = list(c.out.shape[1:]) if kind == "dense" else [c.out.shape[2], c.out.shape[3], c.out.shape[1]]
    plan = LayerPlan(c.name, m, c.index, kind, _fan_in(m), units, [int(s) for s in shape])
    signal, at, version = c.out, c.seq, c.out_version
    nxt = _consumer(calls, at, signal, version)
    if nxt is not None and nxt.module is not None and type(nxt.module) in NORMS:
        plan.norm, plan.norm_call, plan.norm_kind = nxt.module, nxt.index, NORMS[type(nxt.module)]
        signal, at, version = nxt.out, nxt.seq, nxt.out_version
        nxt = _consumer(calls, at, signal, version)
    if nxt is not None and _activation(plan, nxt):
        drop = _consumer(calls, nxt.seq, nxt.out, nxt.out_version)
        if drop is not None and isinstance(drop.module, nn.Dropout):
            plan.dropout, plan.dropout_call, plan.dropout_p = drop.module, drop.index, float(drop.module.p)
    return plan


def _not_measured(model, plans, calls):
    """[{name, type, parameters, reason}] of parameter-owning modules no measured layer covers,
    a module's uncovered children folded into it (e.g. attention's out_proj)."""
    covered = set()
    for p in plans:
        covered.update(id(t) for t in p.module.parameters())
        if p.norm is not None:
            covered.update(id(t) for t in p.norm.parameters())
    called = {c.module for c in calls if c.module is not None}
    out = []
    for name, m in model.named_modules():
        own = [t for t in m.parameters(recurse=False) if id(t) not in covered]
        if not own:
            continue
        count = sum(t.numel() for t in own)
        parent = next((e for e in out if name.startswith(e["name"] + ".")), None)
        if parent is not None:
            parent["parameters"] += count
            continue
        if m not in called and not list(m.children()):
            reason = "not called when probe_inputs ran through the model"
        elif type(m) in NORMS:
            reason = "a norm that does not follow a measured layer's output"
        else:
            reason = f"{type(m).__name__} is not one of the layers the probe measures (Linear, Conv2d)"
        out.append({"name": name or type(m).__name__, "type": type(m).__name__, "parameters": count,
                    "reason": reason})
    return out


def discover(model, probe_inputs):
    """The Trace of `model` on `probe_inputs`: measured layers (one per call) in call order, each
    with its activation, norm and dropout; every call; the modules not measured."""
    calls = trace(model, probe_inputs)
    plans = [_plan(calls, c) for c in calls if isinstance(c.module, MEASURED)]
    if not plans:
        raise ValueError(
            "Trainscape found no nn.Linear or nn.Conv2d layer in the model's forward pass on "
            "probe_inputs; the probe measures those layers. Pass the model that trains.")
    last = plans[-1]
    if last.activation == "linear" and last.kind == "dense" and last.units > 1:
        last.activation = "softmax"
    not_measured = _not_measured(model, plans, calls)
    owners = [n for n, m in model.named_modules() if any(True for _ in m.parameters(recurse=False))]
    folded = sum(1 for n in owners for e in not_measured if n.startswith(e["name"] + "."))
    return Trace(plans, calls, not_measured, len(owners) - folded,
                 sum(t.numel() for t in model.parameters()), probe_inputs, list(model.named_modules()))
