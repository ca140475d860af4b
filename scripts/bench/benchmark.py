"""Punctual's benchmark: readiness latency, CPU, spawn overhead and idle memory, against tini,
dumb-init, s6 and (where installed) supervisord measured in the same run. Run through
scripts/benchmark.sh."""

import argparse
import filecmp
import json
import os
import random
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import NotifyReceiver, free_port, without_manager  # noqa: E402

LISTENER = r"""
import signal, socket, sys, time
port, delay, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
time.sleep(delay)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(64)
stamp = time.clock_gettime(time.CLOCK_MONOTONIC)
with open(out, "w") as f:
    f.write(repr(stamp))
signal.sigwait({signal.SIGTERM})
"""

# A stand-in Redis: answers -LOADING (and INFO persistence with a percentage) until DELAY seconds have
# passed, then +PONG; writes the moment it switched to OUT, and the connections it has accepted to
# OUT.count every 100 ms.
FAKE_REDIS = r"""
import os, socket, sys, threading, time
port, delay, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
start = time.monotonic()
connections = 0
serving = threading.Event()
def answer(connection):
    with connection:
        pending = b""
        while True:
            data = connection.recv(4096)
            if not data:
                return
            pending += data
            while b"\r\n" in pending:
                head, pending = pending.split(b"\r\n", 1)
                if head.startswith(b"*") or head.startswith(b"$"):
                    continue
                word = head.upper()
                if word == b"PING":
                    connection.sendall(b"+PONG\r\n" if serving.is_set() else b"-LOADING Redis is loading the dataset in memory\r\n")
                elif word == b"INFO":
                    body = b"loading:1\r\nloading_loaded_perc:%d.00\r\n" % int(100 * min(1, (time.monotonic() - start) / max(delay, 0.001)))
                    connection.sendall(b"$%d\r\n%s\r\n" % (len(body), body))
                elif word not in (b"PERSISTENCE",):
                    connection.sendall(b"+OK\r\n")
def switch():
    time.sleep(delay)
    serving.set()
    with open(out, "w") as f:
        f.write(repr(time.clock_gettime(time.CLOCK_MONOTONIC)))
def count():
    while True:
        with open(out + ".count.new", "w") as f:
            f.write(str(connections))
        os.replace(out + ".count.new", out + ".count")
        time.sleep(0.1)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(64)
threading.Thread(target=switch, daemon=True).start()
threading.Thread(target=count, daemon=True).start()
while True:
    connection, _ = s.accept()
    connections += 1
    threading.Thread(target=answer, args=(connection,), daemon=True).start()
"""


def monotonic():
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def read_stamp(path, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            text = open(path).read()
            if text:
                return float(text)
        except FileNotFoundError:
            pass
        time.sleep(0.005)
    raise RuntimeError("the listener never wrote its time stamp")


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except FileNotFoundError:
        return []


def cpu_seconds(pid):
    """CPU time of every thread of pid, from schedstat: exact, unlike the tick-sampled utime/stime."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/schedstat") as f:
            total += int(f.read().split()[0])
    return total / 1e9


def wakeups(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def memory(pid):
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                values[parts[0][:-1]] = int(parts[1])
    return {
        "uss_kib": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
        "dirty_kib": values.get("Private_Dirty", 0),
        "pss_kib": values.get("Pss", 0),
        "rss_kib": values.get("Rss", 0),
    }


def stop(process, timeout=15):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def punctual_env(receiver=None):
    return without_manager(**({"NOTIFY_SOCKET": receiver.name} if receiver else {}))


def ready_after_stamp(argv, out):
    """Runs punctual with argv; how many ms after the moment written to out it sent READY=1."""
    receiver = NotifyReceiver()
    process = subprocess.Popen(argv, env=punctual_env(receiver), stderr=subprocess.DEVNULL)
    try:
        ready = receiver.wait_for("READY=1")
        return (ready - read_stamp(out)) * 1000
    finally:
        stop(process)
        receiver.close()


def readiness_punctual(punctual, trials, workdir):
    samples = []
    for trial in range(trials):
        port, out = free_port(), os.path.join(workdir, f"p{trial}")
        samples.append(ready_after_stamp(
            [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--", sys.executable, "-c", LISTENER,
             str(port), str(random.uniform(0.3, 1.0)), out], out))
    return samples


def readiness_connect_loop(trials, workdir):
    samples = []
    for trial in range(trials):
        port, out = free_port(), os.path.join(workdir, f"c{trial}")
        process = subprocess.Popen([sys.executable, "-c", LISTENER, str(port), str(random.uniform(0.3, 1.0)), out])
        try:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    connected = monotonic()
                    break
                except OSError:
                    time.sleep(0.01)
            samples.append((connected - read_stamp(out)) * 1000)
        finally:
            stop(process)
    return samples


def readiness_s6(trials, workdir, wait_ms):
    samples = []
    for trial in range(trials):
        port, out = free_port(), os.path.join(workdir, f"s{wait_ms}-{trial}")
        service = tempfile.mkdtemp(dir=workdir)
        os.makedirs(os.path.join(service, "data"))
        with open(os.path.join(service, "notification-fd"), "w") as f:
            f.write("3\n")
        with open(os.path.join(service, "data", "check"), "w") as f:
            f.write(f"#!/bin/bash\nexec 3<>/dev/tcp/127.0.0.1/{port}\n")
        listener = os.path.join(workdir, "listener.py")
        with open(listener, "w") as f:
            f.write(LISTENER)
        delay = random.uniform(0.3, 1.0)
        with open(os.path.join(service, "run"), "w") as f:
            f.write(f"#!/bin/sh\nexec s6-notifyoncheck -w {wait_ms} -n 0 {sys.executable} {listener} {port} {delay} {out}\n")
        for name in ("run", "data/check"):
            os.chmod(os.path.join(service, name), 0o755)
        supervise = subprocess.Popen(["s6-supervise", service], stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["s6-svwait", "-U", "-t", "30000", service], check=True)
            ready = monotonic()
            samples.append((ready - read_stamp(out)) * 1000)
        finally:
            subprocess.run(["s6-svc", "-xd", service], check=False)
            try:
                supervise.wait(10)
            except subprocess.TimeoutExpired:
                supervise.kill()
            shutil.rmtree(service, ignore_errors=True)
    return samples


def redis_probes(punctual, trials, seconds, workdir):
    """redis:// against exec:redis-cli ping, one after the other on the same stand-in server: how soon
    READY=1 follows the switch from -LOADING to +PONG, and the CPU one attempt costs while loading."""
    kinds = {
        "redis://": lambda port: f"redis://127.0.0.1:{port}",
        "exec:redis-cli ping": lambda port: f"exec:redis-cli -p {port} ping | grep -q PONG",
    }
    result = {}
    for name, spec in kinds.items():
        latencies = []
        for trial in range(trials):
            port, out = free_port(), os.path.join(workdir, f"r{trial}")
            server = subprocess.Popen([sys.executable, "-c", FAKE_REDIS, str(port), str(random.uniform(0.5, 1.0)), out])
            try:
                latencies.append(ready_after_stamp([punctual, "run", "--ready", spec(port), "--", "sleep", "1000"], out))
            finally:
                stop(server)
        port, out = free_port(), os.path.join(workdir, "cost")
        server = subprocess.Popen([sys.executable, "-c", FAKE_REDIS, str(port), "100000", out])
        process = subprocess.Popen(
            [punctual, "run", "--ready", spec(port), "--startup-budget", "10m", "--", "sleep", "1000"],
            env=punctual_env(), stderr=subprocess.DEVNULL)
        try:
            time.sleep(2.0)
            before, attempts_before = cpu_with_reaped(process.pid), read_count(out)
            time.sleep(seconds)
            after, attempts = cpu_with_reaped(process.pid), read_count(out) - attempts_before
        finally:
            stop(process)
            stop(server)
        result[name] = {
            "latency_ms": latencies,
            "cpu_percent": 100.0 * (after - before) / seconds,
            "attempts": attempts,
            "cpu_ms_per_attempt": 1000.0 * (after - before) / max(attempts, 1),
        }
    return result


def read_count(out):
    with open(out + ".count") as f:
        return int(f.read())


def cpu_with_reaped(pid):
    """CPU of pid's threads (exact) and of the children it has reaped (the exec probes' commands)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return cpu_seconds(pid) + reaped


def cpu_waiting(punctual, seconds):
    process = subprocess.Popen(
        [punctual, "run", "--ready", "tcp:127.0.0.1:1", "--startup-budget", "10m", "--", "sleep", "1000"],
        env=punctual_env(), stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        pids = [process.pid] + children(process.pid)
        before = sum(cpu_seconds(p) for p in pids)
        time.sleep(seconds)
        after = sum(cpu_seconds(p) for p in pids)
        return 100.0 * (after - before) / seconds
    finally:
        stop(process)


def cpu_after_ready(punctual, seconds, workdir):
    port, out = free_port(), os.path.join(workdir, "after-ready")
    receiver = NotifyReceiver()
    process = subprocess.Popen(
        [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--", sys.executable, "-c", LISTENER, str(port), "0", out],
        env=punctual_env(receiver), stderr=subprocess.DEVNULL)
    try:
        receiver.wait_for("READY=1")
        time.sleep(6.0)  # past the one-time release of start-up code pages, 5 s after ready
        keeper = children(process.pid)
        pids = [process.pid] + keeper
        cpu_before = sum(cpu_seconds(p) for p in pids)
        wakes_before = sum(wakeups(p) for p in pids)
        time.sleep(seconds)
        cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
        wakes = sum(wakeups(p) for p in pids) - wakes_before
        return 100.0 * cpu / seconds, wakes
    finally:
        stop(process)
        receiver.close()


def spawn_overhead(punctual, runs):
    commands = {
        "true": ["/bin/true"],
        "punctual": [punctual, "run", "--", "/bin/true"],
        "tini": ["tini", "-s", "--", "/bin/true"],
        "dumb-init": ["dumb-init", "/bin/true"],
    }
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            ["hyperfine", "-N", "--warmup", "20", "--runs", str(runs), "--export-json", report.name, "--style", "none"]
            + [" ".join(c) for c in commands.values()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = json.load(open(report.name))["results"]
    return {name: result["median"] * 1000 for name, result in zip(commands, results)}


def idle_memory(punctual, seconds, workdir):
    """Private memory of each supervisor of `sleep` once settled, and its CPU and wake-ups over the
    next `seconds`: the supervisor's own processes (punctual: it and its keeper), not the program."""
    results = {}

    def measure(name, argv, pids_of, settle=2.0, before_stop=lambda: None):
        process = subprocess.Popen(argv, env=punctual_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(settle)
            pids = pids_of(process.pid)
            parts = [memory(p) for p in pids]
            results[name] = {key: sum(part[key] for part in parts) for key in parts[0]}
            results[name]["processes"] = len(pids)
            cpu, woken = sum(cpu_seconds(p) for p in pids), sum(wakeups(p) for p in pids)
            time.sleep(seconds)
            results[name]["cpu_percent"] = (sum(cpu_seconds(p) for p in pids) - cpu) / seconds * 100
            results[name]["wakeups"] = sum(wakeups(p) for p in pids) - woken
        finally:
            before_stop()
            stop(process)

    # How much of punctual's code the kernel takes back varies with its state: three runs, the median
    # kept, each run's USS beside it.
    runs = []
    for _ in range(3):
        measure("punctual", [punctual, "run", "--", "sleep", "1000"], lambda pid: [pid] + children(pid), settle=7.0)
        runs.append(results.pop("punctual"))
    runs.sort(key=lambda run: run["uss_kib"])
    results["punctual"] = dict(runs[1], uss_kib_runs=[run["uss_kib"] for run in runs])
    measure("punctual (starting, probing)",
            [punctual, "run", "--ready", "tcp:127.0.0.1:1", "--", "sleep", "1000"], lambda pid: [pid] + children(pid))
    measure("tini", ["tini", "-s", "--", "sleep", "1000"], lambda pid: [pid])
    measure("dumb-init", ["dumb-init", "sleep", "1000"], lambda pid: [pid])
    scan = tempfile.mkdtemp(dir=workdir)
    os.makedirs(os.path.join(scan, "sleeper"))
    with open(os.path.join(scan, "sleeper", "run"), "w") as f:
        f.write("#!/bin/sh\nexec sleep 1000\n")
    os.chmod(os.path.join(scan, "sleeper", "run"), 0o755)
    measure("s6 (svscan + supervise)", ["s6-svscan", scan], lambda pid: [pid] + children(pid),
            before_stop=lambda: subprocess.run(["s6-svc", "-xd", os.path.join(scan, "sleeper")], check=False))
    if shutil.which("supervisord"):
        folder = tempfile.mkdtemp(dir=workdir)
        config = os.path.join(folder, "supervisord.conf")
        with open(config, "w") as f:
            f.write(f"[supervisord]\nnodaemon=true\nlogfile={folder}/supervisord.log\npidfile={folder}/pid\n"
                    f"childlogdir={folder}\n[program:sleeper]\ncommand=sleep 1000\nstartsecs=0\n")
        measure("supervisord", ["supervisord", "-c", config], lambda pid: [pid], settle=3.0)
    return results


def after_ready_with_health(punctual, seconds, workdir):
    """Idle cost of --health-port and one --live check every 10 s, against the same run without them."""
    results = {}
    for name, extra in (("punctual --ready tcp", []),
                        ("+ --health-port + --live tcp every 10s", ["--health-port", str(free_port()),
                                                                    "--live", "tcp:127.0.0.1:{port}"])):
        port, out = free_port(), os.path.join(workdir, f"health-{len(results)}")
        receiver = NotifyReceiver()
        argv = [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}"] + [a.format(port=port) for a in extra]
        process = subprocess.Popen(
            argv + ["--", sys.executable, "-c", LISTENER, str(port), "0", out],
            env=punctual_env(receiver), stderr=subprocess.DEVNULL)
        try:
            receiver.wait_for("READY=1")
            time.sleep(7.0)  # past the release of start-up code pages, 5 s after ready
            pids = [process.pid] + children(process.pid)
            parts = [memory(p) for p in pids]
            cpu_before = sum(cpu_seconds(p) for p in pids)
            wakes_before = sum(wakeups(p) for p in pids)
            time.sleep(seconds)
            results[name] = {
                "uss_kib": sum(part["uss_kib"] for part in parts),
                "cpu_percent": 100.0 * (sum(cpu_seconds(p) for p in pids) - cpu_before) / seconds,
                "wakeups": sum(wakeups(p) for p in pids) - wakes_before,
            }
        finally:
            stop(process)
            receiver.close()
    return results


def heartbeat_under_load(punctual, seconds, workdir):
    """WATCHDOG=1 every 500 ms (WATCHDOG_USEC=1 s) while wrk hammers /readyz: the largest lateness."""
    port, health, out = free_port(), free_port(), os.path.join(workdir, "hammered")
    receiver = NotifyReceiver()
    env = punctual_env(receiver)
    env["WATCHDOG_USEC"] = "1000000"
    process = subprocess.Popen(
        [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--health-port", str(health), "--",
         sys.executable, "-c", LISTENER, str(port), "0", out], env=env, stderr=subprocess.DEVNULL)
    try:
        receiver.wait_for("READY=1")
        wrk = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{seconds}s", f"http://127.0.0.1:{health}/readyz"],
                               stdout=subprocess.PIPE, text=True)
        pings = [at for at, message in receiver.messages(lambda _: False, seconds) if "WATCHDOG=1" in message.split("\n")]
        output = wrk.communicate()[0]
        rate = next((float(line.split()[1]) for line in output.splitlines() if line.startswith("Requests/sec")), 0.0)
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        return {"pings": len(pings), "largest_lateness_ms": (max(gaps) - 0.5) * 1000 if gaps else float("nan"),
                "requests_per_second": rate}
    finally:
        stop(process)
        receiver.close()


def kernel_stamped_messages(sock, until):
    """(kernel receive time, message) pairs until the monotonic time `until`: the kernel's stamp of the
    datagram's arrival (SO_TIMESTAMPNS, CLOCK_REALTIME turned monotonic), so that a starved reader does not
    count its own lateness."""
    timestamp_ns = 35  # SO_TIMESTAMPNS on Linux; Python does not name it
    sock.setsockopt(socket.SOL_SOCKET, timestamp_ns, 1)
    offset = time.clock_gettime(time.CLOCK_REALTIME) - time.clock_gettime(time.CLOCK_MONOTONIC)
    got = []
    while time.monotonic() < until:
        sock.settimeout(max(0.01, until - time.monotonic()))
        try:
            data, ancillary, _, _ = sock.recvmsg(4096, 1024)
        except socket.timeout:
            break
        stamp = time.clock_gettime(time.CLOCK_MONOTONIC)
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == timestamp_ns:
                seconds, nanoseconds = struct.unpack("qq", value[:16])
                stamp = seconds + nanoseconds / 1e9 - offset
        got.append((stamp, data.decode()))
    return got


def heartbeat_under_starvation(punctual, seconds, workdir):
    """EXTEND_TIMEOUT_USEC (every 2.5 s while starting) and WATCHDOG=1 (every 500 ms after ready) with
    stress-ng --cpu at twice the cores and --vm touching 2 GiB, against the same run on a quiet machine:
    the largest lateness of each, from the kernel's arrival stamps."""
    results = {}
    for name in ("quiet", "stress-ng --cpu 2x cores --vm 2G"):
        stress = None
        if name != "quiet":
            stress = subprocess.Popen(
                ["stress-ng", "--cpu", str(2 * os.cpu_count()), "--vm", "1", "--vm-bytes", "2G", "--quiet",
                 "--timeout", f"{2 * seconds + 15}s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(2)
        port, out = free_port(), os.path.join(workdir, f"starved-{len(results)}")
        receiver = NotifyReceiver()
        env = punctual_env(receiver)
        env["WATCHDOG_USEC"] = "1000000"
        process = subprocess.Popen(
            [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--", sys.executable, "-c", LISTENER, str(port),
             str(seconds), out], env=env, stderr=subprocess.DEVNULL)
        try:
            messages = kernel_stamped_messages(receiver.sock, time.monotonic() + 2 * seconds + 1)
        finally:
            stop(process)
            receiver.close()
            if stress:
                stress.terminate()
                stress.wait()
        ready = next((at for at, m in messages if "READY=1" in m.split("\n")), None)
        extends = [at for at, m in messages if "EXTEND_TIMEOUT_USEC=" in m and (ready is None or at < ready)]
        pings = [at for at, m in messages if "WATCHDOG=1" in m.split("\n") and ready is not None and at > ready]

        def lateness(stamps, interval):
            gaps = [b - a for a, b in zip(stamps, stamps[1:])]
            return (max(gaps) - interval) * 1000 if gaps else float("nan")

        results[name] = {"extends": len(extends), "extend_lateness_ms": lateness(extends, 2.5),
                         "pings": len(pings), "watchdog_lateness_ms": lateness(pings, 0.5)}
    return results


def start_etcd(workdir):
    """A one-member etcd on free loopback ports; its process and client port."""
    client, peer = free_port(), free_port()
    data = os.path.join(workdir, f"etcd-{client}")
    process = subprocess.Popen(
        ["etcd", "--name", "bench", "--data-dir", data, "--listen-client-urls", f"http://127.0.0.1:{client}",
         "--advertise-client-urls", f"http://127.0.0.1:{client}", "--listen-peer-urls", f"http://127.0.0.1:{peer}",
         "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}", "--initial-cluster", f"bench=http://127.0.0.1:{peer}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", client), timeout=1) as connection:
                connection.sendall(b"POST /v3/lease/grant HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n"
                                   b"Connection: close\r\n\r\n{\"TTL\": 10}")
                if b'"ID"' in connection.recv(4096):
                    return process, client
        except OSError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("etcd did not answer within 30 s")


def registry_cost(punctual, seconds, workdir):
    """WATCHDOG=1 every 500 ms and punctual's CPU after ready, with --registry off, on (a live etcd on
    loopback, keepalives every 500 ms) and on with etcd unreachable, in one run."""
    etcd, client = start_etcd(workdir)
    dead = free_port()
    results = {}
    try:
        for name, extra in [
            ("off", []),
            ("on", ["--registry", f"etcd://127.0.0.1:{client}/bench", "--instance-id", "b1"]),
            ("on, etcd unreachable", ["--registry", f"etcd://127.0.0.1:{dead}/bench", "--instance-id", "b2"]),
        ]:
            port, out = free_port(), os.path.join(workdir, f"registry-{len(results)}")
            receiver = NotifyReceiver()
            env = punctual_env(receiver)
            env["WATCHDOG_USEC"] = "1000000"
            process = subprocess.Popen(
                [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}"] + extra
                + ["--", sys.executable, "-c", LISTENER, str(port), "0", out], env=env, stderr=subprocess.DEVNULL)
            try:
                receiver.wait_for("READY=1")
                time.sleep(1.0)
                pids = [process.pid] + children(process.pid)
                etcd_before, before = cpu_seconds(etcd.pid), sum(cpu_seconds(p) for p in pids)
                pings = []
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    receiver.sock.settimeout(max(0.01, end - time.monotonic()))
                    try:
                        data = receiver.sock.recv(4096).decode()
                    except socket.timeout:
                        break
                    if "WATCHDOG=1" in data.split("\n"):
                        pings.append(monotonic())
                cpu = sum(cpu_seconds(p) for p in pids) - before
                gaps = [b - a for a, b in zip(pings, pings[1:])]
                results[name] = {
                    "pings": len(pings), "largest_lateness_ms": (max(gaps) - 0.5) * 1000 if gaps else float("nan"),
                    "cpu_percent": 100.0 * cpu / seconds,
                    "etcd_cpu_percent": 100.0 * (cpu_seconds(etcd.pid) - etcd_before) / seconds}
            finally:
                stop(process)
                receiver.close()
    finally:
        etcd.kill()
        etcd.wait()
    return results


def log_throughput(punctual, megabytes, runs, workdir):
    """The same program writing MEGABYTES of lines: to a file directly, through punctual run --log-file,
    and through a pipe into s6-log. Best of RUNS wall-clock seconds each, and whether every byte arrived
    in order (lost, split or repeated lines would change it)."""
    source = os.path.join(workdir, "lines")
    rng = random.Random(7)
    with open(source, "w") as f:
        written, n = 0, 0
        while written < megabytes * 1024 * 1024:
            n += 1
            line = f"line {n} " + "x" * rng.randint(10, 150) + "\n"
            f.write(line)
            written += len(line)
    expected = os.path.getsize(source)
    writer = ["awk", "1", source]

    def timed(run, collect):
        best = None
        whole = True
        for _ in range(runs):
            started = time.monotonic()
            run()
            took = time.monotonic() - started
            best = took if best is None else min(best, took)
            whole &= collect()
        return {"seconds": best, "mb_per_s": megabytes / best, "whole": whole}

    results = {}
    out = os.path.join(workdir, "direct.log")

    def direct():
        with open(out, "wb") as f:
            subprocess.run(writer, stdout=f, check=True)

    def same_as_source(path):
        same = filecmp.cmp(source, path, shallow=False)
        os.unlink(path)
        return same

    results["the program to a file"] = timed(direct, lambda: same_as_source(out))
    logged = os.path.join(workdir, "punctual.log")
    results["punctual run --log-file"] = timed(
        lambda: subprocess.run([punctual, "run", "--log-file", logged, "--log-max-size", "1G", "--"] + writer,
                               env=punctual_env(), stderr=subprocess.DEVNULL, check=True),
        lambda: same_as_source(logged))
    s6dir = os.path.join(workdir, "s6-log")

    def s6():
        shutil.rmtree(s6dir, ignore_errors=True)
        producer = subprocess.Popen(writer, stdout=subprocess.PIPE)
        subprocess.run(["s6-log", "-b", "n2", f"s{expected + 1}", s6dir], stdin=producer.stdout, check=True)
        producer.stdout.close()
        producer.wait()

    def s6_whole():
        # s6-log archives current as @TAI64N.s when its input ends: the archives in order, then current.
        names = sorted(n for n in os.listdir(s6dir) if n.startswith("@")) + ["current"]
        joined = os.path.join(workdir, "s6-joined.log")
        with open(joined, "wb") as out:
            for name in names:
                with open(os.path.join(s6dir, name), "rb") as f:
                    shutil.copyfileobj(f, out)
        return same_as_source(joined)

    results["s6-log through a pipe"] = timed(s6, s6_whole)
    os.unlink(source)
    return results


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--punctual", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true", help="fewer trials, for a smoke run")
    parser.add_argument("--json", action="store_true", help="print the JSON report instead of Markdown")
    args = parser.parse_args()
    trials = 5 if args.quick else 20
    seconds = 3 if args.quick else 10
    workdir = tempfile.mkdtemp(prefix="punctual-bench-")
    report = {}
    try:
        report["readiness_ms"] = {
            "punctual": readiness_punctual(args.punctual, trials, workdir),
            "connect loop every 10 ms (floor)": readiness_connect_loop(trials, workdir),
            "s6-notifyoncheck, default 1 s checks": readiness_s6(trials, workdir, 1000),
            "s6-notifyoncheck, 10 ms checks": readiness_s6(trials, workdir, 10),
        }
        report["redis_probes"] = redis_probes(args.punctual, trials // 2, seconds, workdir)
        report["cpu_waiting_percent"] = cpu_waiting(args.punctual, seconds)
        report["cpu_after_ready_percent"], report["wakeups_after_ready"] = cpu_after_ready(args.punctual, seconds, workdir)
        report["spawn_exit_median_ms"] = spawn_overhead(args.punctual, 50 if args.quick else 300)
        report["idle_memory_kib"] = idle_memory(args.punctual, seconds, workdir)
        report["after_ready_with_health"] = after_ready_with_health(args.punctual, seconds, workdir)
        report["heartbeat_under_load"] = heartbeat_under_load(args.punctual, seconds, workdir)
        report["heartbeat_under_starvation"] = heartbeat_under_starvation(args.punctual, seconds, workdir)
        report["registry"] = registry_cost(args.punctual, seconds, workdir)
        report["log_file"] = log_throughput(args.punctual, 40 if args.quick else 200, 2 if args.quick else 3, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        print_report(report, seconds)


def print_report(report, seconds):
    print("## Readiness latency: port open -> ready known (ms)")
    print("| | median | p90 | max | target |")
    print("|---|---|---|---|---|")
    for name, samples in report["readiness_ms"].items():
        ordered = sorted(samples)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        target = "<= 5" if name == "punctual" else ""
        print(f"| {name} | {median(samples):.1f} | {p90:.1f} | {max(samples):.1f} | {target} |")
    ours = median(report["readiness_ms"]["punctual"])
    for name, samples in report["readiness_ms"].items():
        if name != "punctual":
            print(f"- punctual / {name}: {ours / median(samples):.2f}")
    print()
    print("## redis:// against exec:redis-cli ping (a stand-in Redis answering -LOADING, then +PONG)")
    print("| | ready after +PONG, median ms | p90 | CPU while loading, % of a core | attempts | CPU ms per attempt |")
    print("|---|---|---|---|---|---|")
    probes = report["redis_probes"]
    for name, values in probes.items():
        ordered = sorted(values["latency_ms"])
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(f"| {name} | {median(values['latency_ms']):.1f} | {p90:.1f} | {values['cpu_percent']:.2f} | "
              f"{values['attempts']} | {values['cpu_ms_per_attempt']:.3f} |")
    ours, theirs = probes["redis://"], probes["exec:redis-cli ping"]
    print(f"- CPU per attempt, exec / redis://: {theirs['cpu_ms_per_attempt'] / max(ours['cpu_ms_per_attempt'], 1e-6):.0f}x "
          f"(target >= 10x)")
    print()
    print(f"## CPU over {seconds} s")
    print(f"- while waiting (tcp probe refused): {report['cpu_waiting_percent']:.2f} % of a core (bar <= 0.2 %)")
    print(f"- after ready (from 6 s on): {report['cpu_after_ready_percent']:.2f} % of a core, "
          f"{report['wakeups_after_ready']} thread wake-ups (target: none)")
    print()
    spawn = report["spawn_exit_median_ms"]
    print("## Spawn + exit, median (hyperfine)")
    print("| | median ms | added to true | target |")
    print("|---|---|---|---|")
    for name, value in spawn.items():
        added = "" if name == "true" else f"{value - spawn['true']:+.2f}"
        print(f"| {name} | {value:.2f} | {added} | {'<= 4 ms added' if name == 'punctual' else ''} |")
    added = spawn["punctual"] - spawn["true"]
    for name in ("tini", "dumb-init"):
        print(f"- punctual added / {name} added: {added / max(spawn[name] - spawn['true'], 1e-3):.1f}")
    print()
    print(f"## Idle, supervising sleep: private memory (KiB, from smaps_rollup), then CPU over {seconds} s")
    print("| | processes | USS | of which dirty | PSS | RSS | CPU % of a core | wake-ups |")
    print("|---|---|---|---|---|---|---|---|")
    memory_report = report["idle_memory_kib"]
    for name, values in memory_report.items():
        print(f"| {name} | {values['processes']} | {values['uss_kib']} | {values['dirty_kib']} | "
              f"{values['pss_kib']} | {values['rss_kib']} | {values['cpu_percent']:.3f} | {values['wakeups']} |")
    print(f"- punctual's USS in each of three runs (the median above): {memory_report['punctual']['uss_kib_runs']}")
    ours = memory_report["punctual"]["uss_kib"]
    for name, values in memory_report.items():
        if not name.startswith("punctual"):
            print(f"- punctual USS / {name} USS: {ours / max(values['uss_kib'], 1):.1f}")
    if "supervisord" not in memory_report:
        print("- supervisord is not installed here (pip install supervisor): left out")
    print("- bars: punctual USS <= 614 KiB idle, <= 3072 KiB while starting; 0 wake-ups once ready")
    print()
    print(f"## After ready, with the health endpoints and a liveness check (over {seconds} s)")
    print("| | USS KiB | CPU % of a core | wake-ups |")
    print("|---|---|---|---|")
    health = report["after_ready_with_health"]
    for name, values in health.items():
        print(f"| {name} | {values['uss_kib']} | {values['cpu_percent']:.3f} | {values['wakeups']} |")
    base, full = health.values()
    print(f"- the health server and the check add {full['uss_kib'] - base['uss_kib']} KiB "
          f"(ratio {full['uss_kib'] / max(base['uss_kib'], 1):.2f}); bar <= 3072 KiB, goal <= 1536 KiB in all")
    print("- CPU bar: <= 0.05 % of a core")
    load = report["heartbeat_under_load"]
    print()
    print("## Heartbeats while wrk hammers /readyz (WATCHDOG=1 every 500 ms)")
    print(f"- {load['pings']} pings, largest lateness {load['largest_lateness_ms']:.1f} ms "
          f"(bar <= 50 ms, 1/10 of the interval); /readyz served {load['requests_per_second']:.0f} req/s")
    print()
    print("## Heartbeats under CPU starvation and memory pressure (kernel arrival stamps)")
    print("| | EXTEND_TIMEOUT_USEC sent | largest lateness ms (interval 2.5 s) | WATCHDOG=1 sent | "
          "largest lateness ms (interval 500 ms) |")
    print("|---|---|---|---|---|")
    for name, values in report["heartbeat_under_starvation"].items():
        print(f"| {name} | {values['extends']} | {values['extend_lateness_ms']:.1f} | {values['pings']} | "
              f"{values['watchdog_lateness_ms']:.1f} |")
    print("- bar: each < 1/10 of its interval (250 ms and 50 ms)")
    print()
    print(f"## --registry (etcd on loopback) after ready, over {seconds} s: WATCHDOG=1 every 500 ms")
    print("| registry | pings | largest lateness ms | punctual CPU % of a core | etcd CPU % of a core |")
    print("|---|---|---|---|---|")
    registry = report["registry"]
    for name, values in registry.items():
        print(f"| {name} | {values['pings']} | {values['largest_lateness_ms']:.1f} | {values['cpu_percent']:.3f} | "
              f"{values['etcd_cpu_percent']:.3f} |")
    off = registry["off"]
    for name in ("on", "on, etcd unreachable"):
        print(f"- {name} / off: CPU {registry[name]['cpu_percent'] / max(off['cpu_percent'], 1e-3):.1f}x, "
              f"lateness {registry[name]['largest_lateness_ms']:.1f} vs {off['largest_lateness_ms']:.1f} ms")
    print()
    print("## The program's output into a log file (awk writing lines; best of the runs)")
    print("| | seconds | MB/s | every line once, in order | throughput / the program to a file |")
    print("|---|---|---|---|---|")
    logs = report["log_file"]
    direct = logs["the program to a file"]["seconds"]
    for name, values in logs.items():
        print(f"| {name} | {values['seconds']:.3f} | {values['mb_per_s']:.0f} | {'yes' if values['whole'] else 'NO'} | "
              f"{direct / values['seconds']:.2f} |")
    print("- bar: punctual >= 0.8 of the program writing the file itself")


if __name__ == "__main__":
    main()
