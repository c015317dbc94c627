"""Trainscape probe: per-layer statistics of PyTorch training, written as a Trainscape run folder.

    probe = Probe(model, run_dir="runs", probe_inputs=x_probe, every=50, name="my run")
    ...  loss.backward(); optimizer.step(); probe.step(loss=loss.item(), accuracy=acc, lr=lr)
    probe.close()
"""
from .probe import Probe, probe_steps

__all__ = ["Probe", "probe_steps"]
__version__ = "0.1.0"
