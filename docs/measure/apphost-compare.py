#!/usr/bin/env python3
"""Start-up time, resident memory and search latency of a whole AppHost run, for comparing two builds side by side.

For each checkout given (already built in Release), this starts its AppHost on a fresh state directory, times the
first 200 answer of a search through the gateway, sums the resident memory of every process of the run once it has
settled, then times sequential searches through the gateway: uncached (a new query each time) and cached (one query
repeated). Runs are sequential, one system at a time, so they share the machine fairly; run it on a quiet machine.

    python3 docs/measure/apphost-compare.py --run before=/tmp/old-checkout --run after=. [--requests 200]
"""
import argparse, json, os, signal, statistics, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

GATEWAY_PORT = 18180


def descendants(pids):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError):
                pass
    seen, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo.extend(children.get(pid, []))
    return seen


def run_processes(apphost_pid):
    """The AppHost's process tree plus Aspire's orchestrator (started detached, with --monitor <AppHost pid>)."""
    roots = {apphost_pid}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    args = f.read().split(b"\0")
                if b"--monitor" in args and args[args.index(b"--monitor") + 1] == str(apphost_pid).encode():
                    roots.add(int(entry))
            except (OSError, IndexError):
                pass
    return descendants(roots)


def rss_mib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def search(key, query, timeout=10):
    request = urllib.request.Request(
        f"http://127.0.0.1:{GATEWAY_PORT}/api/v1/search?q={urllib.parse.quote(query)}&limit=10", headers={"X-Api-Key": key})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read())
            return response.status, (time.perf_counter() - started) * 1000, body
    except urllib.error.HTTPError as error:
        return error.code, (time.perf_counter() - started) * 1000, None
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0, (time.perf_counter() - started) * 1000, None


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(label, checkout, requests):
    state = tempfile.mkdtemp(prefix=f"fa-compare-{label}-")
    os.chmod(state, 0o755)  # PostgreSQL runs as its own user and must reach its data directory below this one
    env = dict(os.environ, FA_STATE_DIR=state, FA_GATEWAY_PORT=str(GATEWAY_PORT), DOTNET_ENVIRONMENT="Development")
    log = open(os.path.join(state, "apphost.log"), "w")
    started = time.monotonic()
    apphost = subprocess.Popen(["dotnet", "run", "--project", os.path.join(checkout, "AppHost"), "-c", "Release", "--no-build"],
                               cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        credentials = os.path.join(state, "credentials", "gateway.json")
        while not os.path.exists(credentials):
            time.sleep(0.2)
        time.sleep(0.5)
        key = json.load(open(credentials))["ApiKey"]
        first = None
        while time.monotonic() - started < 600:
            status, _, body = search(key, "push up")
            if status == 200:
                first = time.monotonic() - started
                break
            time.sleep(0.5)
        if first is None:
            raise RuntimeError(f"{label}: no 200 search within 10 minutes (log: {log.name})")
        time.sleep(20)  # settle: warm-up searches, index bootstrap, JIT
        dotnet_run = apphost.pid
        apphost_pid = max(descendants([dotnet_run]) - {dotnet_run}, default=dotnet_run, key=lambda p: p)
        memory = rss_mib(run_processes(dotnet_run) | run_processes(apphost_pid))
        uncached = [search(key, f"exercise for the back number {i} {label}")[1] for i in range(requests)]
        search(key, "dumbbell shoulder press")
        cached = [search(key, "dumbbell shoulder press")[1] for _ in range(requests)]
        return {
            "label": label, "first_200_s": round(first, 1), "rss_mib": round(memory),
            "uncached_p50_ms": round(statistics.median(uncached), 1), "uncached_p95_ms": round(percentile(uncached, 95), 1),
            "cached_p50_ms": round(statistics.median(cached), 1), "cached_p95_ms": round(percentile(cached, 95), 1),
        }
    finally:
        os.killpg(apphost.pid, signal.SIGTERM)
        try:
            apphost.wait(120)
        except subprocess.TimeoutExpired:
            os.killpg(apphost.pid, signal.SIGKILL)
        time.sleep(15)  # let the orchestrator finish stopping everything before the next run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", action="append", required=True, help="label=checkout (built in Release)")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    results = [measure(*run.split("=", 1), args.requests) for run in args.run]
    columns = list(results[0].keys())
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")


if __name__ == "__main__":
    sys.exit(main())
