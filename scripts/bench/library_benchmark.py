"""The Punctual library's benchmark: what PunctualServiceGroup adds to a Swift service's start and
private memory against swift-service-lifecycle's plain ServiceGroup (the same binary, library-probe),
and how many /readyz requests its SwiftNIO health server answers on loopback while heartbeats keep
their schedule, against the same answer from Hummingbird in the same process (the example).
Run through scripts/benchmark-library.sh."""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark import NotifyReceiver, free_port, memory, monotonic, punctual_env, stop  # noqa: E402

MODES = {
    "ServiceGroup (baseline)": ["--baseline", "yes"],
    "PunctualServiceGroup": [],
    "PunctualServiceGroup + health endpoints + /metrics": ["--health-port", "{port}", "--metrics", "yes"],
}


def arguments(mode, port):
    return [argument.replace("{port}", str(port)) for argument in MODES[mode]]


def start_latency(probe, trials):
    """Milliseconds from spawning the service to its READY=1, per mode; the modes take turns."""
    samples = {mode: [] for mode in MODES}
    for _ in range(trials):
        for mode in MODES:
            receiver = NotifyReceiver()
            began = monotonic()
            process = subprocess.Popen(
                [probe] + arguments(mode, free_port()), env=punctual_env(receiver),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                samples[mode].append((receiver.wait_for("READY=1", timeout=10) - began) * 1000)
            finally:
                stop(process)
                receiver.close()
    return samples


def private_memory(probe, settle, rounds):
    """USS and friends once ready and settled, per mode: the median of each figure over the rounds."""
    samples = {mode: [] for mode in MODES}
    for _ in range(rounds):
        for mode in MODES:
            receiver = NotifyReceiver()
            process = subprocess.Popen(
                [probe] + arguments(mode, free_port()), env=punctual_env(receiver),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                receiver.wait_for("READY=1", timeout=10)
                time.sleep(settle)
                samples[mode].append(memory(process.pid))
            finally:
                stop(process)
                receiver.close()
    return {mode: {key: int(statistics.median(s[key] for s in runs)) for key in runs[0]}
            for mode, runs in samples.items()}


class HeartbeatLog:
    """Records when each notify message with `key` arrives, on a thread of its own."""

    def __init__(self, receiver, key):
        self.receiver, self.key, self.times = receiver, key, []
        self.running = True
        self.thread = threading.Thread(target=self.listen, daemon=True)
        self.thread.start()

    def listen(self):
        self.receiver.sock.settimeout(0.2)
        while self.running:
            try:
                data = self.receiver.sock.recv(4096).decode()
            except OSError:
                continue
            if any(line.startswith(self.key) for line in data.split("\n")):
                self.times.append(monotonic())

    def max_gap(self, start, end):
        inside = [t for t in self.times if start <= t <= end]
        points = [start] + inside + [end]
        return max(b - a for a, b in zip(points, points[1:])), len(inside)

    def close(self):
        self.running = False
        self.thread.join()


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"requests_per_second": rate, "non_2xx": int(errors.group(1)) if errors else 0}


def merge(runs):
    """The median rate of several wrk runs, with their range and every heartbeat gap seen."""
    rates = [run["requests_per_second"] for run in runs]
    return {
        "requests_per_second": statistics.median(rates), "range": [min(rates), max(rates)],
        "non_2xx": sum(run["non_2xx"] for run in runs),
        "max_heartbeat_gap_s": max(run["max_heartbeat_gap_s"] for run in runs),
        "heartbeats": sum(run["heartbeats"] for run in runs), "heartbeat_schedule_s": runs[0]["heartbeat_schedule_s"],
    }


def throughput(example, seconds, connections):
    """wrk on /readyz of the health server and of Hummingbird, while WATCHDOG=1 is due every second;
    then on /livez during a long start, while EXTEND_TIMEOUT_USEC is due every 2.5 s."""
    results = {}
    app, health = free_port(), free_port()
    receiver = NotifyReceiver()
    env = punctual_env(receiver)
    env["WATCHDOG_USEC"] = "2000000"
    process = subprocess.Popen(
        [example, "--port", str(app), "--health-port", str(health), "--init-seconds", "0"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        receiver.wait_for("READY=1", timeout=20)
        pings = HeartbeatLog(receiver, "WATCHDOG=1")
        # The two servers take turns, three times, so that a noisy moment on a shared machine does
        # not decide the ratio.
        runs = {}
        for _ in range(3):
            for name, url in (("Punctual health server /readyz", f"http://127.0.0.1:{health}/readyz"),
                              ("Hummingbird route /readyz (same process)", f"http://127.0.0.1:{app}/readyz")):
                began = monotonic()
                run = wrk(url, seconds, connections)
                run["max_heartbeat_gap_s"], run["heartbeats"] = pings.max_gap(began, monotonic())
                run["heartbeat_schedule_s"] = 1.0
                runs.setdefault(name, []).append(run)
        for name, measured in runs.items():
            results[name] = merge(measured)
        pings.close()
    finally:
        stop(process)
        receiver.close()

    app, health = free_port(), free_port()
    receiver = NotifyReceiver()
    process = subprocess.Popen(
        [example, "--port", str(app), "--health-port", str(health), "--init-seconds", str(seconds * 5)],
        env=punctual_env(receiver), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        extends = HeartbeatLog(receiver, "EXTEND_TIMEOUT_USEC=")
        time.sleep(1.0)
        began = monotonic()
        name = "Punctual health server /livez, during the start"
        results[name] = wrk(f"http://127.0.0.1:{health}/livez", seconds, connections)
        results[name]["max_heartbeat_gap_s"], results[name]["heartbeats"] = extends.max_gap(began, monotonic())
        results[name]["heartbeat_schedule_s"] = 2.5
        extends.close()
    finally:
        stop(process)
        receiver.close()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", required=True)
    parser.add_argument("--example", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true", help="fewer trials, for a smoke run")
    args = parser.parse_args()
    seconds = 3 if args.quick else 10
    report = {
        "start_to_ready_ms": start_latency(args.probe, 5 if args.quick else 40),
        "private_memory_kib": private_memory(args.probe, 1 if args.quick else 3, 1 if args.quick else 5),
        "http": throughput(args.example, seconds, 64),
    }
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print_report(report, seconds)


def print_report(report, seconds):
    starts = report["start_to_ready_ms"]
    base = statistics.median(starts["ServiceGroup (baseline)"])
    print("## Spawn -> READY=1 (ms)")
    print("| | median | p90 | added to the baseline | target |")
    print("|---|---|---|---|---|")
    for mode, samples in starts.items():
        ordered = sorted(samples)
        value = statistics.median(samples)
        added = "" if mode.endswith("(baseline)") else f"{value - base:+.2f}"
        target = "<= +1 ms" if mode == "PunctualServiceGroup" else ""
        print(f"| {mode} | {value:.2f} | {ordered[int(0.9 * (len(ordered) - 1))]:.2f} | {added} | {target} |")
    print()
    print("## Private memory once ready (KiB, from smaps_rollup; medians over rounds)")
    print("| | USS | of which dirty | RSS | added USS | added dirty | target |")
    print("|---|---|---|---|---|---|---|")
    memories = report["private_memory_kib"]
    base = memories["ServiceGroup (baseline)"]
    for mode, values in memories.items():
        added = "" if mode.endswith("(baseline)") else f"{values['uss_kib'] - base['uss_kib']:+d}"
        dirty = "" if mode.endswith("(baseline)") else f"{values['dirty_kib'] - base['dirty_kib']:+d}"
        target = "<= +1024" if mode == "PunctualServiceGroup" else ""
        print(f"| {mode} | {values['uss_kib']} | {values['dirty_kib']} | {values['rss_kib']} | {added} | {dirty} | "
              f"{target} |")
    print("- the clean part of USS is code pages read from the binary and libswiftCore: the kernel can drop them")
    print()
    print(f"## HTTP on loopback, wrk -t2 -c64 for {seconds} s (2 cores shared with wrk; /readyz: median of 3 turns)")
    print("| | requests/s | range | non-2xx | heartbeats | max gap (s) | schedule (s) |")
    print("|---|---|---|---|---|---|---|")
    for name, values in report["http"].items():
        spread = values.get("range")
        spread = f"{spread[0]:.0f}-{spread[1]:.0f}" if spread else ""
        print(f"| {name} | {values['requests_per_second']:.0f} | {spread} | {values['non_2xx']} | "
              f"{values['heartbeats']} | {values['max_heartbeat_gap_s']:.2f} | {values['heartbeat_schedule_s']} |")
    http = report["http"]
    ours = http["Punctual health server /readyz"]["requests_per_second"]
    print(f"- Punctual /readyz / Hummingbird /readyz: "
          f"{ours / http['Hummingbird route /readyz (same process)']['requests_per_second']:.2f} (target >= 20000 req/s)")


if __name__ == "__main__":
    main()
