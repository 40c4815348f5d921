#!/usr/bin/env python3
"""How long `gwlint server` takes to re-check a large annex after a change.

Usage: cargo build --release && python3 benches/lsp_recheck.py [SIZE_KB]

Generates a varied annex of about SIZE_KB (default 300) with
benches/gen_corpus.py, opens it, then sends 20 one-character changes and times each
didChange → publishDiagnostics. The server waits 150 ms (debounce) before
checking; the re-check time printed is the latency minus that pause.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("GWLINT_BIN") or os.path.join(ROOT, "target", "release", "gwlint")
DEBOUNCE = 0.150


def frame(v):
    b = json.dumps(v).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


def read(p):
    n = 0
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("server closed")
        line = line.strip()
        if not line:
            break
        if line.startswith(b"Content-Length:"):
            n = int(line.split(b":")[1])
    return json.loads(p.stdout.read(n))


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    # A varied annex from the benchmark corpus generator (not copies of one
    # task: repeated clauses would be answered from the parser's memo).
    gen = tempfile.mkdtemp()
    subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen_corpus.py"), gen, "annex", f"{size}K"],
                   check=True, stdout=subprocess.DEVNULL)
    text = open(os.path.join(gen, "annex.md"), encoding="utf-8").read()
    n = len(re.findall(r"(?m)^\d+\.", text))
    d = tempfile.mkdtemp()
    path = os.path.join(d, "annex.md")
    open(path, "w", encoding="utf-8").write(text)
    uri = "file://" + path
    p = subprocess.Popen([BIN, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(v):
        p.stdin.write(frame(v))
        p.stdin.flush()

    def wait_publish(version):
        while True:
            m = read(p)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                return m

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": "file://" + d, "capabilities": {}}})
    read(p)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    t0 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    m = wait_publish(1)
    print(f"annex: {len(text.encode()) // 1024} KB, {n} tasks; open → diagnostics {1000 * (time.perf_counter() - t0):.0f} ms ({len(m['params']['diagnostics'])} findings)")
    def cpu():
        # utime + stime of the server, in seconds (Linux /proc; 0 elsewhere).
        try:
            f = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0

    times = []
    cpu0 = cpu()
    for v in range(2, 22):
        text = text.replace("推进", "推动", 1) if v % 2 else text.replace("推动", "推进", 1)
        t0 = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}})
        wait_publish(v)
        times.append(time.perf_counter() - t0 - DEBOUNCE)
    cpu_per_check = (cpu() - cpu0) / len(times)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    read(p)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    p.wait()
    ms = sorted(1000 * t for t in times)
    print(f"re-check after a change (latency minus the {int(DEBOUNCE * 1000)} ms debounce): median {statistics.median(ms):.0f} ms, max {ms[-1]:.0f} ms over {len(ms)} changes")
    print(f"server CPU per re-check (user + sys, independent of other load): {1000 * cpu_per_check:.0f} ms")


if __name__ == "__main__":
    main()
