#!/usr/bin/env python3
"""Two AppHosts side by side in one run: start-up time to the first 200 search, resident memory of the whole
system, and end-to-end search latency through the gateway (cached and uncached, p50/p95).

Usage: python3 benchmarks/compare-apphosts.py <before-tree> <after-tree> [--rounds N] [--requests N]
           [--before-env NAME=VALUE ...] [--after-env NAME=VALUE ...]

Each tree is a checkout whose AppHost is built (`dotnet build AppHost -c Release`) and whose embedding model is
prepared in $FA_HOME. Every round starts each side on a fresh state directory (the sides alternate within rounds so
drift on a shared machine hits both alike): the time from launching the AppHost to the first search the gateway
answers 200 is the cold start-up; then free-exercise-db is imported through the gateway's admin API, and once it is
indexed, a second start on the same state directory gives the warm start-up. Memory is the summed RSS of the
AppHost and every process under it, idle after the import. Latency: `--requests` searches at concurrency 4, each
query asked once before (cached), then as many never-asked queries (uncached). Prints medians over rounds and
after/before ratios.
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

# The shared folder beside the repository, or one level up from a git worktree (as tests/AppHostRuns/RepositoryLayout.cs).
ROOT = os.path.join(os.path.dirname(os.path.realpath(__file__)), "..")
SHARED = next((p for p in (os.path.realpath(os.path.join(ROOT, *up, "shared")) for up in ([".."], ["..", ".."]))
               if os.path.isdir(p)), os.path.realpath(os.path.join(ROOT, "..", "shared")))
CATALOG = os.path.join(SHARED, "data", "free-exercise-db", "exercises.json")
TOKEN = re.compile(r"admin bearer token \(12 h\): (\S+)")


def log(message):
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, api_key=None, token=None, method="GET", body=None, timeout=30):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if api_key:
        headers["X-Api-Key"] = api_key
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return 0, b""


def tree_rss_kib(root_pid):
    """Summed VmRSS of root_pid and all its descendants, and of the processes that watch it (Aspire's DCP API server
    runs detached, `dcp start-apiserver --monitor <AppHost pid>`, and starts every resource below it)."""
    children, roots = {}, [root_pid]
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                arguments = f.read().split(b"\0")
            if b"--monitor" in arguments and arguments[arguments.index(b"--monitor") + 1] == str(root_pid).encode():
                roots.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    total, stack = 0, roots
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total


class AppHost:
    """One AppHost run of a tree on a state directory, its output scanned for the admin token."""

    def __init__(self, tree, state, gateway_port, extra_env):
        self.tree, self.state, self.gateway = tree, state, f"http://127.0.0.1:{gateway_port}"
        # The development profile of `dotnet run` (AppHost/Properties/launchSettings.json), on free ports so that a
        # developer's AppHost may run beside it; the hand-made AppHost before Aspire reads FA_DASHBOARD_PORT instead.
        env = dict(os.environ, FA_STATE_DIR=state, FA_GATEWAY_PORT=str(gateway_port), FA_DASHBOARD_PORT=str(free_port()),
                   FA_PROMETHEUS="false", DOTNET_ENVIRONMENT="Development",
                   ASPNETCORE_URLS=f"http://127.0.0.1:{free_port()}",
                   ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}",
                   ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}",
                   ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}",
                   ASPIRE_ALLOW_UNSECURED_TRANSPORT="true", **extra_env)
        dll = os.path.join(tree, "AppHost", "bin", "Release", "net10.0", "AppHost.dll")
        self.started = time.monotonic()
        self.process = subprocess.Popen(["dotnet", dll], cwd=os.path.dirname(dll), env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True)
        self.token = None
        self.output = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        # Kept beside the state directory (which is deleted) for a look after a failed run.
        with open(f"{self.state}.log", "a") as log_file:
            for line in self.process.stdout:
                log_file.write(line)
                log_file.flush()
                self.output.append(line)
                if self.token is None and (match := TOKEN.search(line)):
                    self.token = match.group(1)

    def api_key(self):
        with open(os.path.join(self.state, "credentials", "gateway.json")) as f:
            return json.load(f)["ApiKey"]

    def wait_first_search(self, timeout=600):
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("AppHost exited:\n" + "".join(self.output[-40:]))
            try:
                key = self.api_key()
            except (OSError, ValueError, KeyError):
                key = None
            if key and request(f"{self.gateway}/api/v1/search?q=squat", api_key=key, timeout=5)[0] == 200:
                return time.monotonic() - self.started
            time.sleep(0.2)
        raise TimeoutError("no 200 search within the time limit:\n" + "".join(self.output[-40:]))

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def import_catalog(host):
    deadline = time.monotonic() + 300
    while host.token is None and time.monotonic() < deadline:
        time.sleep(0.2)
    # After the first index of the starter catalog: an import while that runs makes it fail its verification.
    while time.monotonic() < deadline:
        status, body = request(f"{host.gateway}/api/v1/admin/index/", token=host.token)
        state = json.loads(body) if status == 200 else {}
        if state.get("activeVersion") and not state.get("runningReindex"):
            break
        time.sleep(1)
    with open(CATALOG, "rb") as f:
        status, body = request(f"{host.gateway}/api/v1/admin/imports/free-exercise-db", token=host.token, method="POST",
                               body=f.read(), timeout=300)
    if status >= 300:
        raise RuntimeError(f"import answered {status}: {body[:300]!r}")


def wait_indexed(host, exercises, timeout=600):
    """Until the active index version holds at least `exercises` vectors and no change is pending."""
    deadline, state = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        status, body = request(f"{host.gateway}/api/v1/admin/index/", token=host.token)
        state = json.loads(body) if status == 200 else {}
        active = [v for v in state.get("versions", []) if v.get("active")]
        if active and active[0]["count"] >= exercises and not state.get("pendingChanges"):
            return
        time.sleep(1)
    raise TimeoutError(f"not indexed after {timeout} s: {state}")


def latencies(host, queries, concurrency=4):
    key = host.api_key()

    def one(query):
        started = time.perf_counter()
        status, _ = request(f"{host.gateway}/api/v1/search?q={urllib.parse.quote(query)}", api_key=key)
        return (time.perf_counter() - started) * 1000, status

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, queries))
    failed = sum(1 for _, status in results if status != 200)
    values = sorted(ms for ms, _ in results)
    return statistics.median(values), values[int(0.95 * (len(values) - 1))], failed


def run_side(tree, extra_env, requests, rng):
    state = tempfile.mkdtemp(prefix="fa-compare-")
    # The servers run as their own system users (postgres refuses root), which must reach their directories.
    os.chmod(state, 0o755)
    figures = {}
    try:
        port = free_port()
        host = AppHost(tree, state, port, extra_env)
        try:
            figures["cold start to first 200 search (s)"] = host.wait_first_search()
            log(f"  cold start {figures['cold start to first 200 search (s)']:.1f} s; importing")
            import_catalog(host)
            with open(CATALOG) as f:
                exercises = len(json.load(f))
            wait_indexed(host, exercises)
        finally:
            host.stop()
        host = AppHost(tree, state, port, extra_env)
        try:
            figures["warm start to first 200 search (s)"] = host.wait_first_search()
            while host.token is None and time.monotonic() - host.started < 300:
                time.sleep(0.2)
            wait_indexed(host, exercises)
            time.sleep(10)
            figures["resident memory, whole system (MiB)"] = tree_rss_kib(host.process.pid) / 1024
            words = ["squat", "press", "curl", "row", "stretch", "plank", "lunge", "deadlift", "raise", "fly"]
            qualifiers = ["dumbbell", "barbell", "bodyweight", "cable", "kettlebell", "for beginners", "at home",
                          "for the lower back", "shoulders", "hamstrings", "no equipment", "machine"]
            cached = [f"{w} {q}" for w in words for q in qualifiers]
            latencies(host, cached)
            for label, queries in [("cached", (cached * (requests // len(cached) + 1))[:requests]),
                                   ("uncached", [f"{rng.choice(words)} {rng.choice(qualifiers)} {rng.randrange(10**9)}"
                                                 for _ in range(requests)])]:
                p50, p95, failed = latencies(host, queries)
                figures[f"search {label} p50 (ms)"], figures[f"search {label} p95 (ms)"] = p50, p95
                if failed:
                    log(f"  {failed} of {requests} {label} searches did not answer 200")
            figures["resident memory after load (MiB)"] = tree_rss_kib(host.process.pid) / 1024
        finally:
            host.stop()
    finally:
        shutil.rmtree(state, ignore_errors=True)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--requests", type=int, default=400)
    # e.g. --before-env FA_HOME=/tmp/fa-home-old when an older tree prepares its model in a layout of its own.
    parser.add_argument("--before-env", action="append", default=[])
    parser.add_argument("--after-env", action="append", default=[])
    args = parser.parse_args()
    trees = {"before": os.path.realpath(args.before), "after": os.path.realpath(args.after)}
    envs = {side: dict(item.split("=", 1) for item in items) for side, items in
            [("before", args.before_env), ("after", args.after_env)]}
    rng = random.Random(7)
    results = {"before": [], "after": []}
    for round_ in range(1, args.rounds + 1):
        for side in (["before", "after"] if round_ % 2 else ["after", "before"]):
            commit = subprocess.run(["git", "-C", trees[side], "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True).stdout.strip()
            log(f"round {round_}/{args.rounds}: {side} ({commit}), load average {os.getloadavg()[0]:.1f}")
            results[side].append(run_side(trees[side], envs[side], args.requests, rng))
    print(f"| figure (median of {args.rounds} rounds, {os.cpu_count()} cores) | before | after | after/before |")
    print("|---|---|---|---|")
    for name in results["before"][0]:
        before = statistics.median(r[name] for r in results["before"])
        after = statistics.median(r[name] for r in results["after"])
        print(f"| {name} | {before:.1f} | {after:.1f} | {after / before:.2f} |")


if __name__ == "__main__":
    main()
