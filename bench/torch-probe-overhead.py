"""Cost of python/trainscape_probe against the same training loop without it: the bench's MLP and
CNN (bench/torch-reference.py) on random 28x28x1 data on the CPU (1 thread, batch 64, Adam), a
probe with 256 probe inputs. Measures, in CPU time and alternating five times, the mean cost of a
training step and of one probe (test-mode pass, statistics, the probes.jsonl line), and prints one
JSON line per net with the medians and the overhead at `every` = 50: probe / (50 · step).
(Timing whole loops with and without the probe was dominated by load from other processes on the
shared machine these figures come from; per-operation CPU time is steadier.)
Usage: python3 bench/torch-probe-overhead.py [--every 50] [--nets mlp,cnn]
"""
import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
from trainscape_probe import Probe  # noqa: E402
from trainscape_probe.capture import capture, layer_probes  # noqa: E402

spec = importlib.util.spec_from_file_location("ref", os.path.join(HERE, "torch-reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


def measure(net, every, out, rounds=5):
    torch.manual_seed(1)
    model = ref.make_net(net)
    x, y = torch.rand(2048, 1, 28, 28), torch.randint(0, 10, (2048,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    probe = Probe(model, run_dir=out, probe_inputs=x[:256], every=every, name=f"bench {net}")

    def step():
        i = torch.randint(0, 2048, (64,))
        opt.zero_grad()
        loss = F.cross_entropy(model(x[i]), y[i])
        loss.backward()
        opt.step()
        loss.item()

    def one_probe():
        captured = capture(probe.model, probe.plans, probe.inputs)
        layers = layer_probes(probe.plans, captured, None, probe.bins, probe.range, True)
        probe._files["probes"].append({"step": 0, "epoch": 0, "layers": layers})

    for _ in range(10):
        step()
    rows = []
    for _ in range(rounds):
        t = time.process_time()
        for _ in range(20):
            step()
        step_ms = (time.process_time() - t) / 20 * 1000
        t = time.process_time()
        for _ in range(3):
            one_probe()
        probe_ms = (time.process_time() - t) / 3 * 1000
        rows.append((100 * probe_ms / (every * step_ms), step_ms, probe_ms))
    probe.close()
    overhead, step_ms, probe_ms = sorted(rows)[rounds // 2]
    return {"net": net, "every": every, "stepMs": round(step_ms, 2), "probeMs": round(probe_ms, 1),
            "overheadPercent": round(overhead, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--nets", default="mlp,cnn")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    with tempfile.TemporaryDirectory() as out:
        for net in args.nets.split(","):
            print(json.dumps(measure(net, args.every, out)), flush=True)


if __name__ == "__main__":
    main()
