"""The Probe: watches a PyTorch training loop and writes it as a Trainscape run folder.

Timing matches the engine. The engine measures a probe step k on the model as it stands before
step k's update (activations, weights), together with step k's gradients and update. Here the
user's loop calls probe.step() after optimizer.step(), so the probe batch pass for step k runs
at the end of step k-1 (or in the constructor, for step 0), and step k's call adds the gradient
norms, ‖ΔW‖/‖W‖ and the training batch's batch-norm and dropout measurements.

Schedule (probe_steps): steps 0, 1, 2, 4, 8, … below `every`, then every `every` steps, and the
last step (`total_steps - 1` when given; otherwise close() probes the last step, with the update
ratio unknown). Under torch.distributed only rank 0 writes; DDP keeps replicas identical and its
.grad holds the all-reduced gradient, so rank 0's numbers are the job's.
"""
import math
import os
import time
from datetime import datetime, timezone

import torch
from torch import nn

from . import run_files
from .capture import TrainingBatchSpy, capture, layer_probes
from .dataset import dataset_summary
from .describe import describe, merge
from .evaluation import Evaluation
from .layers import discover


def probe_steps(every, step, total_steps=None):
    """True when `step` is probed: 0, powers of two below `every`, multiples of it, the last."""
    if total_steps is not None and step == total_steps - 1:
        return True
    if step < every:
        return step == 0 or (step & (step - 1)) == 0
    return step % every == 0


def _rank():
    dist = torch.distributed
    return dist.get_rank() if dist.is_available() and dist.is_initialized() else 0


def _unwrap(model):
    wrappers = (nn.parallel.DistributedDataParallel, nn.DataParallel)
    return model.module if isinstance(model, wrappers) else model


def _now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Probe:
    """Per-layer statistics of a PyTorch model's training, written to `run_dir/<run-id>/`."""

    def __init__(self, model, run_dir="runs", probe_inputs=None, every=50, name="pytorch run",
                 config=None, optimizer=None, class_names=None, total_steps=None, epochs=None,
                 batch_size=None, histogram_bins=41, histogram_range=6.0, dataset=None):
        if probe_inputs is None or not torch.is_tensor(probe_inputs) or probe_inputs.dim() < 2:
            raise ValueError("probe_inputs must be a tensor batch [examples, ...] of fixed inputs, "
                             "e.g. 256 validation examples: x_val[:256]")
        if not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a whole number of steps ≥ 1, got {every!r}")
        self.enabled = _rank() == 0
        self.dir = None
        self._closed = False
        if not self.enabled:
            return
        self.model = _unwrap(model)
        device = next(self.model.parameters()).device
        self.inputs = probe_inputs.detach().to(device)
        self.every, self.total_steps = every, total_steps
        self.bins, self.range = int(histogram_bins), float(histogram_range)
        self.batch_size = batch_size
        self.trace = discover(self.model, self.inputs)
        self.plans = self.trace.plans
        self._dataset = dataset_summary(dataset, class_names, self.plans[-1].units, self.inputs.shape[1:])
        class_names = self._dataset["classes"] if (dataset or {}).get("classes") or class_names else None
        self._evaluation = Evaluation(self._dataset["classes"])
        self._step = self._epoch = 0
        self._probed_last = False
        self._diverged_at = None
        self._first = self._last = None
        self._last_step = self._last_epoch = None
        self._examples = 0
        info = {"name": str(name)[:100] or "run", "optimizer": optimizer, "every": every,
                "lr": float(optimizer.param_groups[0]["lr"]) if optimizer else 1e-3,
                "batch_size": batch_size or 64, "epochs": epochs or 1, "total_steps": total_steps,
                "probe_size": int(self.inputs.shape[0]), "bins": self.bins, "range": self.range,
                "device": str(device), "class_names": list(class_names) if class_names else None}
        self._config = merge(describe(self.model, self.trace, self.inputs.shape[1:], info), config)
        self._create_folder(run_dir, info, device, class_names)
        self._pending = self._spy = None
        self._t_step = self._t_epoch = self._t_start = time.perf_counter()
        if probe_steps(every, 0, total_steps):
            self._arm()

    # -- folder ------------------------------------------------------------------------------
    def _create_folder(self, run_dir, info, device, class_names):
        os.makedirs(run_dir, exist_ok=True)
        self.id = run_files.make_run_id(info["name"])
        self.dir = os.path.join(run_dir, self.id)
        os.mkdir(self.dir)
        join = lambda f: os.path.join(self.dir, run_files.FILES[f])
        # While this file names a live process, readers know the run is still being written. It is
        # the run's marker until summary.json exists, so it comes before config.json: killed in
        # between, the folder must still read as a run that can be deleted.
        run_files.write_atomic(join("writer_pid"), run_files.writer_stamp())
        run_files.write_atomic(join("config"), run_files.dumps(self._config, 2) + "\n")
        run_files.write_atomic(join("layers"), run_files.dumps([self._layer_info(p) for p in self.plans], 2) + "\n")
        self._stop_heartbeat = run_files.start_heartbeat(join("writer_pid"))
        self._summary = {
            "format": 1, "id": self.id, "name": info["name"], "status": "running", "reason": None,
            "backend": "pytorch", "backendNotes": [], "device": str(device),
            "seed": self._config["training"]["seed"], "steps": 0, "epochs": 0,
            "samplesPerSecond": None, "startedAt": _now_iso(), "endedAt": None,
            "final": {"trainLoss": None, "trainAcc": None, "valLoss": None, "valAcc": None},
            "divergedAt": None, "divergedLayer": None,
            "dataset": self._dataset,
            "layers": [],
        }
        self._write_summary()
        self._files = {k: run_files.LinesFile(join(k)) for k in ("steps", "probes", "epochs")}

    def _layer_info(self, plan):
        info = {"name": plan.name, "kind": plan.kind, "activation": plan.activation,
                "initializer": plan.initializer, "batchNorm": plan.batch_norm is not None,
                "dropout": plan.dropout_p, "fanIn": plan.fan_in, "units": plan.units,
                "outputShape": plan.output_shape}
        if plan.activation_class is not None:
            info["activationClass"] = plan.activation_class
        if plan.norm_kind not in (None, "batch"):
            info["norm"] = plan.norm_kind
        return info

    def _write_summary(self):
        path = os.path.join(self.dir, run_files.FILES["summary"])
        run_files.write_atomic(path, run_files.dumps(self._summary, 2) + "\n")

    # -- probing -----------------------------------------------------------------------------
    def _arm(self):
        """Probe pass on the model as it stands now (before the next update)."""
        self._pending = capture(self.model, self.plans, self.inputs)
        self._spy = TrainingBatchSpy(self.plans)

    def _write_probe(self, step, with_update):
        layers = layer_probes(self.plans, self._pending, self._spy, self.bins, self.range, with_update)
        self._spy.remove()
        self._pending = self._spy = None
        self._files["probes"].append({"step": step, "epoch": self._epoch, "layers": layers})
        self._first = self._first or layers
        self._last = layers
        if self._diverged_at is not None and self._summary["divergedLayer"] is None:
            self._summary["divergedLayer"] = self._first_non_finite(layers)

    def _first_non_finite(self, layers):
        for plan, p in zip(self.plans, layers):
            if (p["pre"]["nonFinite"] or (p["preNorm"] or {}).get("nonFinite") or p["post"]["nonFinite"]
                    or not math.isfinite(p["weights"]["norm"])):
                return plan.name
        return self.plans[-1].name

    # -- the API -----------------------------------------------------------------------------
    def step(self, loss, accuracy=math.nan, lr=None, batch_size=None):
        """Records one optimizer step; call after optimizer.step(), before the next zero_grad()."""
        if not self.enabled or self._closed:
            return
        now = time.perf_counter()
        k = self._step
        loss = float(loss)
        lr = float(lr) if lr is not None else float(self._config["training"]["optimizer"]["learningRate"])
        self._files["steps"].append({"step": k, "epoch": self._epoch, "loss": loss,
                                     "acc": float(accuracy), "lr": lr, "ms": (now - self._t_step) * 1000})
        self._last_step = (loss, float(accuracy))
        self._examples += batch_size or self.batch_size or 0
        if not math.isfinite(loss) and self._diverged_at is None:
            self._diverged_at = k
            self._summary["divergedAt"] = k
            if self._pending is None:
                self._arm()  # the engine also probes the step whose loss went non-finite
        self._probed_last = self._pending is not None
        if self._pending is not None:
            self._write_probe(k, with_update=True)
        self._step += 1
        if probe_steps(self.every, self._step, self.total_steps):
            self._arm()
        self._t_step = time.perf_counter()

    def epoch(self, train_loss=math.nan, train_acc=math.nan, val_loss=math.nan, val_acc=math.nan):
        """Records the end of an epoch (call once per epoch, after its last step)."""
        if not self.enabled or self._closed:
            return
        now = time.perf_counter()
        record = {"epoch": self._epoch, "step": self._step, "trainLoss": float(train_loss),
                  "trainAcc": float(train_acc), "valLoss": float(val_loss), "valAcc": float(val_acc),
                  "seconds": now - self._t_epoch}
        self._files["epochs"].append(record)
        self._last_epoch = record
        self._epoch += 1
        self._t_epoch = now

    def evaluate(self, logits, targets, split="test", class_names=None, images=None):
        """Counts one batch of the final evaluation (call it batch by batch after training, under
        torch.no_grad()): logits [batch, classes] before softmax, targets [batch] class indices,
        split 'val' or 'test'; images [batch, C, H, W] optional, for the misclassified gallery.
        close() writes evaluation.json and the split's final accuracy and loss to summary.json."""
        if not self.enabled or self._closed:
            return
        if class_names is not None:
            names = [str(c) for c in class_names]
            if len(names) != len(self._evaluation.classes):
                raise ValueError(f"evaluate: {len(names)} class names for a model with "
                                 f"{len(self._evaluation.classes)} outputs")
            self._evaluation.classes = self._dataset["classes"] = names
        self._evaluation.add(logits, targets, split, images)

    def close(self, status=None, reason=None):
        """Finishes the run: a last probe if the last step was not probed, the final summary.json
        (status "completed", or "diverged" after a non-finite loss), writer.pid removed."""
        if not self.enabled or self._closed:
            return
        self._closed = True
        try:
            if self._step > 0 and not self._probed_last:
                if self._pending is None:
                    self._arm()
                self._write_probe(self._step - 1, with_update=False)
        finally:
            if self._spy is not None:
                self._spy.remove()
            for f in self._files.values():
                f.close()
            self._write_evaluation()
            self._finish_summary(status, reason)
            self._stop_heartbeat()
            try:
                os.remove(os.path.join(self.dir, run_files.FILES["writer_pid"]))
            except FileNotFoundError:
                pass

    def _write_evaluation(self):
        """evaluation.json before the final summary, so a reader that sees the run ended finds it."""
        record = self._evaluation.record(self._step)
        if record is not None:
            path = os.path.join(self.dir, run_files.FILES["evaluation"])
            run_files.write_atomic(path, run_files.dumps(record) + "\n")

    def _finish_summary(self, status, reason):
        s = self._summary
        seconds = time.perf_counter() - self._t_start
        if status is None:
            status = "diverged" if self._diverged_at is not None else "completed"
        if status == "diverged" and reason is None:
            reason = f"The loss became non-finite at step {self._diverged_at}."
        e, last = self._last_epoch, self._last_step

        def known(value):  # a metric never given (NaN) is "not recorded": null, as the engine writes
            return None if value is None or (isinstance(value, float) and math.isnan(value)) else value

        s.update({
            "status": status, "reason": reason, "steps": self._step, "epochs": self._epoch,
            "samplesPerSecond": self._examples / seconds if self._examples and seconds > 0 else None,
            "endedAt": _now_iso(),
            "final": {"trainLoss": known(e["trainLoss"] if e else (last[0] if last else None)),
                      "trainAcc": known(e["trainAcc"] if e else (last[1] if last else None)),
                      "valLoss": known(e["valLoss"] if e else None),
                      "valAcc": known(e["valAcc"] if e else None)} | self._evaluated(),
            "layers": [self._layer_summary(i, p) for i, p in enumerate(self.plans)],
        })
        self._write_summary()

    def _evaluated(self):
        """final.valAcc/valLoss/testAcc/testLoss of the splits probe.evaluate() counted."""
        out = {}
        for split in ("val", "test"):
            acc = self._evaluation.accuracy(split)
            if acc is not None:
                out[f"{split}Acc"], out[f"{split}Loss"] = acc, self._evaluation.loss(split)
        return out

    def _layer_summary(self, i, plan):
        def snap(layers):
            if not layers:
                return None
            p = layers[i]
            return {"preVar": p["pre"]["variance"], "predictedPreVar": p["predictedPreVar"],
                    "postMean": p["post"]["mean"], "postVar": p["post"]["variance"],
                    "weightVar": p["weights"]["variance"], "weightSpread": p["weights"]["spread"],
                    "deadFraction": p["deadFraction"], "saturatedFraction": p["saturatedFraction"],
                    "gradNorm": p["gradNorm"]}
        info = self._layer_info(plan)
        return {k: info[k] for k in ("name", "kind", "activation", "initializer", "fanIn", "units")} | {
            "atInit": snap(self._first), "final": snap(self._last)}

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _tb):
        if kind is None:
            self.close()
        elif issubclass(kind, KeyboardInterrupt):
            self.close("stopped", "Stopped from the keyboard (KeyboardInterrupt).")
        else:
            self.close("failed", f"{kind.__name__}: {error}"[:500])
        return False
