"""What the benchmark (scripts/bench) and the chaos suite (scripts/chaos) share: a free loopback port,
an environment without a service manager's variables, and systemd's side of NOTIFY_SOCKET."""

import os
import random
import socket
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def without_manager(**extra):
    """This process's environment without NOTIFY_SOCKET and the watchdog's variables, plus extra."""
    env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
    env.update(extra)
    return env


class NotifyReceiver:
    """systemd's side of NOTIFY_SOCKET, on an abstract socket; name is what NOTIFY_SOCKET takes."""

    def __init__(self):
        self.name = f"@punctual-harness-{os.getpid()}-{random.randrange(1 << 30)}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.name[1:])

    def wait_for(self, key, timeout=30.0):
        """The monotonic time the first message holding the line `key` arrived."""
        self.sock.settimeout(timeout)
        while True:
            data = self.sock.recv(4096).decode()
            stamp = time.monotonic()
            if key in data.split("\n"):
                return stamp

    def messages(self, until, timeout):
        """(time, message) pairs up to the first for which until(message) holds, or the timeout."""
        got = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.001, deadline - time.monotonic()))
            try:
                data = self.sock.recv(65536).decode()
            except socket.timeout:
                break
            got.append((time.monotonic(), data))
            if until(data):
                break
        return got

    def close(self):
        self.sock.close()
