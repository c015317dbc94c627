"""summary.json's `dataset` for a PyTorch run, from the facts the script passes
(Probe(..., dataset=dict(name=..., classes=..., counts=..., input_shape=..., mean=..., std=...))).

Trainscape cannot see a PyTorch script's data, so it says only what it was told: the name, the
class names, the examples per split and class, the input shape, and the per-channel mean and
standard deviation the script standardizes with. Nothing given means "not known", never a guess:
without mean/std the summary has no `normalization` and the app says the script prepares its
own inputs. `root` stays "" (there is no folder); `name` names the data instead.
"""
from .describe import input_shape as trainscape_shape

KEYS = ("name", "classes", "counts", "input_shape", "mean", "std")


def dataset_summary(facts, class_names, output_units, example_shape):
    """The `dataset` dict. facts: the script's dict or None; class_names: Probe's class_names or
    None; output_units: the model's outputs; example_shape: one probe input's torch shape.
    Raises ValueError naming the fact that is wrong and what it should be."""
    facts = dict(facts or {})
    unknown = sorted(set(facts) - set(KEYS))
    if unknown:
        raise ValueError(f"dataset: unknown key(s) {', '.join(map(repr, unknown))}; "
                         f"use {', '.join(KEYS)}")
    classes = [str(c) for c in (facts.get("classes") or class_names or range(output_units))]
    if len(classes) != output_units:
        raise ValueError(f"dataset classes: {len(classes)} names but the model's last layer has "
                         f"{output_units} outputs; give one name per output, in output order")
    shape = facts.get("input_shape") or example_shape
    out = {"root": "", "classes": classes, "counts": _counts(facts.get("counts"), classes),
           "skipped": [], "inputShape": trainscape_shape(shape)}
    if facts.get("name") is not None:
        out["name"] = str(facts["name"])[:200]
    normalization = _normalization(facts.get("mean"), facts.get("std"), out["inputShape"][2])
    if normalization:
        out["normalization"] = normalization
    baselines = _baselines(out["counts"], classes)
    if baselines:
        out["baselines"] = baselines
    return out


def _counts(counts, classes):
    """{split: {class: n}} from {split: {class: n}} or {split: [n per class]}."""
    if counts is None:
        return {}
    if not isinstance(counts, dict):
        raise ValueError("dataset counts: a dict {split: {class name: examples}} or "
                         "{split: [examples per class]}, e.g. {'train': [6000] * 10, 'test': [1000] * 10}")
    out = {}
    for split, per_class in counts.items():
        if isinstance(per_class, (list, tuple)):
            if len(per_class) != len(classes):
                raise ValueError(f"dataset counts[{split!r}]: {len(per_class)} numbers for "
                                 f"{len(classes)} classes; give one per class, in class order")
            per_class = dict(zip(classes, per_class))
        if not isinstance(per_class, dict):
            raise ValueError(f"dataset counts[{split!r}]: a list of examples per class or a dict "
                             f"{{class name: examples}}, got {type(per_class).__name__}")
        stray = [c for c in per_class if str(c) not in classes]
        if stray:
            raise ValueError(f"dataset counts[{split!r}]: {stray[0]!r} is not one of the classes")
        for c, n in per_class.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"dataset counts[{split!r}][{c!r}]: a whole number ≥ 0, got {n!r}")
        out[str(split)] = {str(c): int(n) for c, n in per_class.items()}
    return out


def _normalization(mean, std, channels):
    if mean is None and std is None:
        return None
    mean, std = _per_channel("mean", mean, channels), _per_channel("std", std, channels)
    if any(s <= 0 for s in std):
        raise ValueError("dataset std: every channel's standard deviation must be > 0")
    return {"mode": "standardize", "mean": mean, "std": std}


def _per_channel(key, values, channels):
    if values is None:
        raise ValueError("dataset mean and std go together: give both (per channel), or neither")
    values = [float(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
    if len(values) != channels:
        raise ValueError(f"dataset {key}: {len(values)} value{'s' * (len(values) != 1)} for {channels} "
                         f"input channel{'s' * (channels != 1)}; "
                         "give one per channel, e.g. mean=(0.4914, 0.4822, 0.4465)")
    return values


def _baselines(counts, classes):
    """Chance 1/classes and the largest class's share of val (else test, else train)."""
    split = next((counts[s] for s in ("val", "test", "train") if sum(counts.get(s, {}).values()) > 0), None)
    if split is None:
        return None
    return {"chance": 1 / len(classes), "majorityClass": max(split.values()) / sum(split.values())}
