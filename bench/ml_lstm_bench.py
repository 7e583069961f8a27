#!/usr/bin/env python3
"""The PyTorch side of bench_ml_lstm: the same LSTM, the same measurements.

Called by bench_ml_lstm (one process per device and thread count); prints key=value lines.
"""
import argparse
import statistics
import time

import torch


class Net(torch.nn.Module):
    def __init__(self, features, hidden, layers):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, hidden, layers, batch_first=True)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1]).squeeze(1)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--window", type=int, default=64)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--train-steps", type=int, default=20)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    device = torch.device("cuda:0" if args.device == "cuda" else "cpu")
    net = Net(args.features, args.hidden, args.layers).to(device).eval()
    print(f"version={torch.__version__}")

    with torch.inference_mode():
        x1 = torch.randn(1, args.window, args.features, device=device)
        for _ in range(20):
            net(x1)
        times = []
        for _ in range(args.calls):
            start = time.perf_counter()
            net(x1).cpu()
            times.append(time.perf_counter() - start)
        print(f"batch1_us={statistics.median(times) * 1e6:.1f}")

        x256 = torch.randn(256, args.window, args.features, device=device)
        for _ in range(3):
            net(x256)
        sync(device)
        times = []
        for _ in range(max(10, args.calls // 20)):
            start = time.perf_counter()
            net(x256).cpu()
            times.append(time.perf_counter() - start)
        print(f"batch256_ms={statistics.median(times) * 1e3:.3f}")

    net.train()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(256, args.window, args.features, device=device)
    y = torch.randn(256, device=device)

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(3):
        step()
    sync(device)
    start = time.perf_counter()
    for _ in range(args.train_steps):
        step()
    sync(device)
    seconds = time.perf_counter() - start
    print(f"train_samples_per_s={256 * args.train_steps / seconds:.0f}")


if __name__ == "__main__":
    main()
