"""Cost of python/trainscape_probe against the same training loop without it: the bench's MLP and
CNN (bench/torch-reference.py, the CNN of docs/pytorch.md's table) on random 28x28x1 data on the
CPU (1 thread, batch 64, Adam), a probe with 256 probe inputs.

Interleaved on/off pairs: a window of `--window` training steps without the probe, then the same
number with it (probe.step every step, a probe every `every` steps, in steady state), repeated
`--pairs` times; each pair gives overhead = on / off − 1, and the median over pairs is reported
(CPU time, so other processes on a shared machine move it less than wall time). Also the median
cost of one probe split into its test-mode pass and its statistics (one device-side pass, one
transfer). Prints one JSON line per (net, every).
Usage: python3 bench/torch-probe-overhead.py [--every 50,10] [--nets mlp,cnn] [--pairs 7]
"""
import argparse
import importlib.util
import json
import os
import statistics
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


def measure(net, every, out, pairs, window):
    torch.manual_seed(1)
    model = ref.make_net(net)
    x, y = torch.rand(2048, 1, 28, 28), torch.randint(0, 10, (2048,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    probe = Probe(model, run_dir=out, probe_inputs=x[:256], every=every, name=f"bench {net}",
                  optimizer=opt, batch_size=64)

    def step(with_probe):
        i = torch.randint(0, 2048, (64,))
        opt.zero_grad()
        loss = F.cross_entropy(model(x[i]), y[i])
        loss.backward()
        opt.step()
        value = loss.item()
        if with_probe:
            probe.step(loss=value)

    def window_ms(with_probe):
        t = time.process_time()
        for _ in range(window):
            step(with_probe)
        return (time.process_time() - t) * 1000

    for _ in range(2 * every):  # past the 0, 1, 2, 4, … probes: steady state
        step(True)
    ratios, off_ms = [], []
    for _ in range(pairs):
        off = window_ms(False)
        on = window_ms(True)
        ratios.append(on / off - 1)
        off_ms.append(off / window)
    passes, totals = [], []
    for _ in range(5):
        t = time.process_time()
        captured = capture(probe.model, probe.plans, probe.inputs)
        passes.append((time.process_time() - t) * 1000)
        layer_probes(probe.plans, captured, None, probe.bins, probe.range, True)
        totals.append((time.process_time() - t) * 1000)
    probe.close()
    return {"net": net, "every": every, "pairs": pairs, "window": window,
            "stepMs": round(statistics.median(off_ms), 2),
            "probeMs": round(statistics.median(totals), 1), "passMs": round(statistics.median(passes), 1),
            "overheadPercent": round(100 * statistics.median(ratios), 1),
            "overheadRangePercent": [round(100 * min(ratios), 1), round(100 * max(ratios), 1)]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", default="50,10")
    ap.add_argument("--nets", default="mlp,cnn")
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--window", type=int, default=100)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    with tempfile.TemporaryDirectory() as out:
        for net in args.nets.split(","):
            for every in (int(e) for e in args.every.split(",")):
                print(json.dumps(measure(net, every, out, args.pairs, args.window)), flush=True)


if __name__ == "__main__":
    main()
