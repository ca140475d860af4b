"""Punctual's chaos suite: the faults punctual is meant to survive, each repeated with random
timing, each a check that can fail. Run through scripts/chaos.sh; prints "N tries, N survived"
per fault and exits 1 if any try did not survive."""

import argparse
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import NotifyReceiver, free_port, without_manager  # noqa: E402

# A server that listens on PORT after DELAY seconds and prints a numbered line every 10 ms on stdout,
# flushed, until it is stopped; started by punctual.
SERVER = r"""
import signal, socket, sys, time
port, delay = int(sys.argv[1]), float(sys.argv[2])
time.sleep(delay)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(64)
n = 0
while True:
    n += 1
    sys.stdout.write(f"line {n}\n")
    sys.stdout.flush()
    time.sleep(0.01)
"""


# A program that writes numbered lines as fast as every 0.5 ms, flushed one by one, and on SIGTERM
# writes to the file in argv[1] how many it wrote and the longest a single write took (ms).
WRITER = r"""
import signal, sys, time
total, longest, done = 0, 0.0, False
def stop(*_):
    global done
    done = True
signal.signal(signal.SIGTERM, stop)
while not done:
    total += 1
    before = time.monotonic()
    sys.stdout.write(f"line {total} " + "x" * (total % 97) + "\n")
    sys.stdout.flush()
    longest = max(longest, time.monotonic() - before)
    time.sleep(0.0005)
with open(sys.argv[1], "w") as f:
    f.write(f"{total} {longest * 1000:.1f}\n")
"""


def numbered_lines(paths):
    """The numbers of the lines in paths, in order; None if a line is split, joined or malformed."""
    numbers = []
    for path in paths:
        with open(path) as f:
            for line in f.read().split("\n")[:-1]:
                parts = line.split(" ")
                if len(parts) != 3 or parts[0] != "line" or not parts[1].isdigit() \
                        or parts[2] != "x" * (int(parts[1]) % 97):
                    return None
                numbers.append(int(parts[1]))
    return numbers


def tagged(tag):
    """The live processes whose environment holds CHAOS_TAG=tag (zombies left out)."""
    found = []
    needle = f"CHAOS_TAG={tag}".encode()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{name}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        found.append(int(name))
    return found


def none_left(tag, timeout=3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not tagged(tag):
            return True
        time.sleep(0.02)
    left = tagged(tag)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return not left


def environment(tag, **extra):
    return without_manager(CHAOS_TAG=tag, **extra)


def kill_at_random(punctual, tries):
    """kill -9 of punctual at a random instant of the start, after ready, or in the stop: nothing of
    the tree it supervised may survive."""
    survived = 0
    for attempt in range(tries):
        tag = f"k{os.getpid()}x{attempt}"
        port = free_port()
        moment = random.choice(["start", "ready", "stop"])
        delay = random.uniform(0.0, 0.4)
        process = subprocess.Popen(
            [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--stop-timeout", "5s", "--", "sh", "-c",
             f"sleep 1000 & sleep 1000 & exec python3 -c '{SERVER}' {port} {delay}"],
            env=environment(tag), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if moment == "start":
            time.sleep(random.uniform(0.0, delay + 0.05))
        else:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.01)
            time.sleep(random.uniform(0.0, 0.2))
            if moment == "stop":
                process.send_signal(signal.SIGTERM)
                time.sleep(random.uniform(0.0, 0.05))
        process.kill()
        process.wait()
        if none_left(tag):
            survived += 1
        else:
            print(f"  try {attempt}: processes of the tree outlived punctual killed during {moment}")
    return survived


def thousand_children(punctual, tries):
    """A program that forks 1,000 children and exits: every one killed and reaped, punctual exits."""
    survived = 0
    for attempt in range(tries):
        tag = f"f{os.getpid()}x{attempt}"
        result = subprocess.run(
            [punctual, "run", "--", "sh", "-c", "i=0; while [ $i -lt 1000 ]; do sleep 1000 & i=$((i+1)); done; exit 0"],
            env=environment(tag), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
        ok = result.returncode == 0 and none_left(tag)
        survived += ok
        if not ok:
            print(f"  try {attempt}: exit {result.returncode}, {len(tagged(tag))} left")
    return survived


def stop_and_continue(punctual, tries):
    """SIGSTOP of punctual for a random 0.3-1.5 s, then SIGCONT: the manager's watchdog sees the
    silence (no WATCHDOG=1 while stopped), pings resume after, and no line the program wrote through
    punctual's relay to --log-file meanwhile is lost or repeated."""
    survived = 0
    for attempt in range(tries):
        tag = f"s{os.getpid()}x{attempt}"
        port = free_port()
        receiver = NotifyReceiver()
        folder = tempfile.mkdtemp(prefix="punctual-chaos-")
        log = os.path.join(folder, "output.log")
        process = subprocess.Popen(
            [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--log-file", log, "--", "python3", "-c", SERVER,
             str(port), "0"],
            env=environment(tag, NOTIFY_SOCKET=receiver.name, WATCHDOG_USEC="400000"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ok = False
        try:
            receiver.messages(lambda m: "READY=1" in m.split("\n"), 10)
            pings = []
            reader = threading.Thread(
                target=lambda: pings.extend(
                    at for at, m in receiver.messages(lambda m: False, 4.0) if "WATCHDOG=1" in m.split("\n")))
            reader.start()
            time.sleep(random.uniform(0.2, 0.6))
            paused = random.uniform(0.3, 1.5)
            process.send_signal(signal.SIGSTOP)
            stopped_at = time.monotonic()
            time.sleep(paused)
            process.send_signal(signal.SIGCONT)
            reader.join()
            after = [at for at in pings if at >= stopped_at + paused]
            silent = not [at for at in pings if stopped_at + 0.25 < at < stopped_at + paused - 0.05]
            process.send_signal(signal.SIGTERM)
            process.wait(15)
            with open(log) as f:
                numbers = [int(line.split()[1]) for line in f.read().splitlines() if line.startswith("line ")]
            for name in os.listdir(folder):
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)
            whole = numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 10
            ok = silent and len(after) >= 2 and whole and process.returncode == 0
            if not ok:
                print(f"  try {attempt}: silent while stopped {silent}, pings after {len(after)}, "
                      f"lines whole {whole} ({len(numbers)}), exit {process.returncode}")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            receiver.close()
        survived += ok and none_left(tag)
    return survived


def manager_gone_or_full(punctual, tries):
    """The notify socket removed during the start, or systemd's queue full (a receiver that reads
    nothing for seconds): punctual neither blocks nor dies; the program becomes ready, the stop is on
    time, exit 0."""
    survived = 0
    for attempt in range(tries):
        tag = f"n{os.getpid()}x{attempt}"
        port = free_port()
        folder = tempfile.mkdtemp(prefix="punctual-chaos-")
        path = os.path.join(folder, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        removed = attempt % 2 == 0
        process = subprocess.Popen(
            [punctual, "run", "--ready", f"tcp:127.0.0.1:{port}", "--stop-timeout", "3s", "--", "python3", "-c",
             SERVER, str(port), str(random.uniform(0.5, 2.0))],
            env=environment(tag, NOTIFY_SOCKET=path, WATCHDOG_USEC="200000"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.0, 0.4))
        if removed:
            os.unlink(path)
        ready = False
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                ready = True
                break
            except OSError:
                time.sleep(0.02)
        time.sleep(random.uniform(0.5, 2.0))
        asked = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(6)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        took = time.monotonic() - asked
        sock.close()
        if not removed:
            os.unlink(path)
        os.rmdir(folder)
        ok = ready and process.returncode == 0 and took < 4 and none_left(tag)
        survived += ok
        if not ok:
            print(f"  try {attempt} ({'removed' if removed else 'full'}): ready {ready}, exit {process.returncode}, "
                  f"stop took {took:.1f} s")
    return survived


def descriptor_limit(punctual, tries):
    """punctual at a descriptor limit so low that its probes cannot open a socket (EMFILE): it keeps
    going, says why the probe fails, and the budget ends the start with 124, nothing left behind."""
    survived = 0
    for attempt in range(tries):
        tag = f"e{os.getpid()}x{attempt}"
        limit = random.randint(8, 14)

        def low_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        result = subprocess.run(
            [punctual, "run", "--ready", "http://127.0.0.1:1/", "--startup-budget", "2s", "--", "sleep", "1000"],
            env=environment(tag), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30,
            preexec_fn=low_limit)
        said = result.stderr.decode(errors="replace")
        crashed = "Fatal error" in said or "backtrace" in said.lower() or result.returncode >= 128
        ok = result.returncode in (124, 70) and not crashed and none_left(tag)
        survived += ok
        if not ok:
            print(f"  try {attempt} (limit {limit}): exit {result.returncode}: {said.strip()[-300:]}")
    return survived


def log_file_full(punctual, tries):
    """--log-file on a filesystem that fills up for a random 0.3-1.5 s: the program is never held up,
    the loss is said once and counted exactly, writing resumes when space returns, no line is split."""
    survived = 0
    for attempt in range(tries):
        tag = f"d{os.getpid()}x{attempt}"
        mount = tempfile.mkdtemp(prefix="punctual-chaos-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], check=True)
        side = tempfile.mktemp(prefix="punctual-chaos-writer-")
        log = os.path.join(mount, "output.log")
        ok = False
        try:
            process = subprocess.Popen(
                [punctual, "run", "--log-file", log, "--", "python3", "-c", WRITER, side],
                env=environment(tag), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(random.uniform(0.2, 0.8))
            filler = os.path.join(mount, "filler")
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                while True:
                    os.write(fd, b"\0" * 65536)
            except OSError:
                pass
            finally:
                os.close(fd)
            time.sleep(random.uniform(0.3, 1.5))
            os.unlink(filler)
            time.sleep(0.5)
            process.send_signal(signal.SIGTERM)
            said = process.communicate(timeout=15)[1].decode(errors="replace")
            with open(side) as f:
                total, longest = f.read().split()
            numbers = numbered_lines([log]) or []
            cannot = [line for line in said.splitlines() if "cannot write" in line]
            again = [line for line in said.splitlines() if "writing again" in line]
            reported = int(again[0].split("; ")[1].split()[0]) if len(again) == 1 else -1
            missing = int(total) - len(numbers)
            resumed = bool(numbers) and numbers[-1] > int(total) - 100
            ascending = numbers == sorted(set(numbers))
            ok = (len(cannot) == 1 and len(again) == 1 and reported == missing and missing > 0 and resumed
                  and ascending and float(longest) < 200 and process.returncode == 0)
            if not ok:
                print(f"  try {attempt}: said 'cannot write' {len(cannot)}x, 'writing again' {len(again)}x, "
                      f"reported lost {reported}, missing {missing} of {total}, resumed {resumed}, "
                      f"in order {ascending}, longest write {longest} ms, exit {process.returncode}")
        finally:
            subprocess.run(["umount", "-l", mount], check=False)
            os.rmdir(mount)
            if os.path.exists(side):
                os.unlink(side)
        survived += ok and none_left(tag)
    return survived


def log_file_moved(punctual, tries):
    """--log-file moved away (as logrotate does without copytruncate) or deleted, at random instants,
    three times a run: each time said once and a new file started at the path; moved files and the new
    ones hold every line once, in order, none split."""
    survived = 0
    for attempt in range(tries):
        tag = f"m{os.getpid()}x{attempt}"
        folder = tempfile.mkdtemp(prefix="punctual-chaos-")
        log = os.path.join(folder, "output.log")
        side = os.path.join(folder, "writer")
        deleting = attempt % 2 == 1
        process = subprocess.Popen(
            [punctual, "run", "--log-file", log, "--", "python3", "-c", WRITER, side],
            env=environment(tag), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        kept = []
        for event in range(3):
            time.sleep(random.uniform(0.15, 0.5))
            if deleting:
                os.unlink(log)
            else:
                kept.append(f"{log}.moved.{event}")
                os.rename(log, kept[-1])
        time.sleep(random.uniform(0.15, 0.5))
        process.send_signal(signal.SIGTERM)
        said = process.communicate(timeout=15)[1].decode(errors="replace")
        with open(side) as f:
            total = int(f.read().split()[0])
        notices = [line for line in said.splitlines() if "was moved or deleted" in line]
        numbers = numbered_lines(kept + [log])
        if deleting:
            whole = numbers is not None and bool(numbers) and numbers[-1] == total \
                and numbers == list(range(numbers[0], total + 1))
        else:
            whole = numbers == list(range(1, total + 1))
        ok = len(notices) == 3 and whole and process.returncode == 0
        if not ok:
            print(f"  try {attempt} ({'deleted' if deleting else 'moved'}): said {len(notices)}x, "
                  f"lines whole and in order {whole}, exit {process.returncode}")
        shutil.rmtree(folder, ignore_errors=True)
        survived += ok and none_left(tag)
    return survived


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--punctual", required=True)
    parser.add_argument("--quick", action="store_true", help="fewer tries, for a smoke run")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("scripts/chaos.sh runs as root: it mounts a small tmpfs to fill; for example: sudo scripts/chaos.sh")
    seed = int(os.environ.get("CHAOS_SEED", time.time()))
    print(f"CHAOS_SEED={seed}", flush=True)
    random.seed(seed)
    scale = 0.1 if args.quick else 1.0
    faults = [
        ("kill -9 of punctual at a random instant of start, ready or stop: 0 processes of the tree left",
         kill_at_random, 200),
        ("a program that forks 1,000 children and exits: all killed and reaped", thousand_children, 10),
        ("SIGSTOP/SIGCONT of punctual: the watchdog hears silence, pings resume, no line lost",
         stop_and_continue, 30),
        ("the notify socket removed, or the manager's queue full: ready, stopped on time, exit 0",
         manager_gone_or_full, 20),
        ("EMFILE: a descriptor limit of 8 to 14: no crash, the budget ends it, nothing left",
         descriptor_limit, 20),
        ("--log-file on a full filesystem: never held up, the loss said once and counted exactly, resumed",
         log_file_full, 20),
        ("--log-file moved or deleted under punctual: a new file at the path, every line once, none split",
         log_file_moved, 20),
    ]
    failed = False
    for title, run, tries in faults:
        tries = max(2, int(tries * scale))
        started = time.monotonic()
        survived = run(args.punctual, tries)
        print(f"{title}: {tries} tries, {survived} survived ({time.monotonic() - started:.0f} s)", flush=True)
        failed |= survived != tries
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
