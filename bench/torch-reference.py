"""PyTorch reference for `npm run bench`: trains the bench's MLP or CNN on random 28x28x1 data
on the CPU and prints one JSON line {"net", "threads", "samplesPerSec", "samplesPerCpuSec"}:
samples per wall-clock second and per second of CPU time this process used (all threads).

Same nets, batch size, loss (softmax cross-entropy) and optimizer (Adam, lr 1e-3, betas 0.9 and
0.999, eps 1e-7 as the run config's defaults and tfjs) as bench/nets.ts, so the ratio compares
engines, not models. (Initial weights differ; they do not change the work per step.)
Usage: python3 bench/torch-reference.py --net mlp|cnn --threads 1 --batch 64 --seconds 4
"""
import argparse
import json
import time

import torch
from torch import nn


def make_net(name: str) -> nn.Module:
    if name == "mlp":
        return nn.Sequential(
            nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
            nn.Linear(128, 10),
        )
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
        )
    raise SystemExit(f"unknown net {name!r}: use mlp or cnn")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--net", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    net = make_net(args.net)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch,))

    def step() -> None:
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    steps = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < args.seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(json.dumps({"net": args.net, "threads": args.threads,
                      "samplesPerSec": steps * args.batch / elapsed,
                      "samplesPerCpuSec": steps * args.batch / cpu}))


if __name__ == "__main__":
    main()
