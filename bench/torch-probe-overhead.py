"""Cost of python/trainscape_probe: the bench's MLP and CNN (bench/torch-reference.py) trained on
random 28x28x1 data on the CPU, the same loop with and without a Probe (every=50, 256 probe
inputs), in alternating blocks so that load from other processes hits both alike. Prints one JSON
line per net: median CPU milliseconds per step without and with the probe, and the median over
block pairs of the overhead in percent, after a warm-up block (which also holds the probe's early
steps 0, 1, 2, 4, … 32).
Usage: python3 bench/torch-probe-overhead.py [--blocks 21] [--steps 100] [--every 50]
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

spec = importlib.util.spec_from_file_location("ref", os.path.join(HERE, "torch-reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


def block(model, opt, x, y, steps, probe=None):
    start = time.process_time()
    for _ in range(steps):
        i = torch.randint(0, x.shape[0], (64,))
        opt.zero_grad()
        logits = model(x[i])
        loss = F.cross_entropy(logits, y[i])
        loss.backward()
        opt.step()
        if probe is not None:
            probe.step(loss=loss.item(), accuracy=0.0)
        else:
            loss.item()  # the plain loop reads the loss too
    return time.process_time() - start


def measure(net, blocks, steps, every, out):
    torch.manual_seed(1)
    x, y = torch.rand(2048, 1, 28, 28), torch.randint(0, 10, (2048,))
    plain, probed = ref.make_net(net), ref.make_net(net)
    opt_a = torch.optim.Adam(plain.parameters(), lr=1e-3)
    opt_b = torch.optim.Adam(probed.parameters(), lr=1e-3)
    probe = Probe(probed, run_dir=out, probe_inputs=x[:256], every=every, name=f"bench {net}", optimizer=opt_b)
    block(plain, opt_a, x, y, steps)
    block(probed, opt_b, x, y, steps, probe)  # warm-up: the early log-spaced probes
    pairs = []
    for _ in range(blocks):
        a = block(plain, opt_a, x, y, steps)
        b = block(probed, opt_b, x, y, steps, probe)
        pairs.append((a, b))
    probe.close()
    # The median of adjacent pairs' ratios: a busy machine slows stretches of time, not one loop.
    ratios = sorted(b / a for a, b in pairs)
    n = blocks * steps
    return {"net": net, "every": every, "steps": n,
            "plainMsPerStep": 1000 * sorted(a for a, _ in pairs)[blocks // 2] / steps,
            "probedMsPerStep": 1000 * sorted(b for _, b in pairs)[blocks // 2] / steps,
            "overheadPercent": 100 * (ratios[blocks // 2] - 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--blocks", type=int, default=21)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--nets", default="mlp,cnn")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)  # denormal weights slow one of the two loops at random otherwise
    with tempfile.TemporaryDirectory() as out:
        for net in args.nets.split(","):
            print(json.dumps(measure(net, args.blocks, args.steps, args.every, out)), flush=True)


if __name__ == "__main__":
    main()
