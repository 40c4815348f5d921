#!/usr/bin/env bash
# Whole-process benchmark: gwlint against the floor (rg -F, cat) and its peers
# (textlint + prh, autocorrect --lint) on the same generated files.
#
#   bash benches/compare.sh [SIZES...]        # default: 1M 10M
#   REPEAT=5 PEERS_MAX=10M bash benches/compare.sh 1M 10M 100M
#
# Installs what it needs: ripgrep and GNU time (apt), textlint,
# textlint-rule-prh and autocorrect-node (npm, in a temporary folder). The
# prh dictionary and rg's pattern list are generated from the same built-in
# registry (every variant and alias → its canonical name). Runs are
# interleaved and repeated; the median CPU time (user + sys) is reported with
# MB/s, peak RSS and the ratio to `rg -j1 -F -f`. Peers run only up to
# PEERS_MAX (they are slow). Results go to stdout as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=("${@:-1M 10M}")
read -r -a SIZES <<<"${SIZES[*]}"
REPEAT=${REPEAT:-3}
PEERS_MAX=${PEERS_MAX:-10M}
WORK=${WORK:-$(mktemp -d /tmp/gwlint-bench.XXXXXX)}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends ripgrep time >/dev/null
fi
cargo build --release -q
GW=${CARGO_TARGET_DIR:-$ROOT/target}/release/gwlint

# Peers, in a temporary npm folder.
PEERS=$WORK/peers
if [ ! -d "$PEERS/node_modules/textlint" ]; then
  mkdir -p "$PEERS"
  (cd "$PEERS" && npm init -y >/dev/null && npm install -s textlint textlint-rule-prh autocorrect-node >/dev/null 2>&1) ||
    echo "note: npm peers unavailable; their rows are skipped" >&2
fi

# Dictionaries from the registry.
python3 - "$WORK" <<'PY'
import sys, tomllib, glob, os
work = sys.argv[1]
rules, pats = [], []
for f in sorted(glob.glob("rules/registries/*.toml")):
    reg = tomllib.load(open(f, "rb"))
    for u in reg.get("unit", []):
        wrong = [w for w in u.get("variants", []) + u.get("aliases", []) if w and w != u["name"]]
        if wrong:
            rules.append((u["name"], wrong))
            pats += wrong
with open(os.path.join(work, "prh.yml"), "w") as f:
    f.write("version: 1\nrules:\n")
    for exp, ws in rules:
        f.write(f"  - expected: {exp}\n    patterns:\n")
        for w in ws:
            f.write(f"      - {w}\n")
open(os.path.join(work, "patterns.txt"), "w").write("\n".join(pats) + "\n")
print(f"registry: {len(rules)} units, {len(pats)} variants", file=sys.stderr)
PY
cat >"$PEERS/.textlintrc.json" <<EOF
{ "rules": { "prh": { "rulePaths": ["$WORK/prh.yml"] } } }
EOF

bytes_of() { du -sb "$1" | cut -f1; }
to_bytes() { python3 -c "import re,sys; m=re.fullmatch(r'(\d+)([KMG]?)',sys.argv[1].upper()); print(int(m[1])*{'':1,'K':1<<10,'M':1<<20,'G':1<<30}[m[2]])" "$1"; }

# measure NAME CMD... → appends "name cpu_seconds wall max_rss_kb" to $WORK/times
measure() {
  local name=$1
  shift
  /usr/bin/time -f "$name %U %S %e %M" -a -o "$WORK/times" "$@" >/dev/null 2>&1 || true
}

echo "| shape | size | tool | CPU s (median) | MB/s per core | wall s (median) | peak RSS MB | × rg floor |"
echo "|---|---|---|---|---|---|---|---|"
for size in "${SIZES[@]}"; do
  for shape in pairs reports annex; do
    dir=$WORK/$shape-$size
    [ -d "$dir" ] || python3 benches/gen_corpus.py "$dir" "$shape" "$size" >/dev/null
    mb=$(python3 -c "print($(bytes_of "$dir")/1048576)")
    : >"$WORK/times"
    peers=0
    [ "$(to_bytes "$size")" -le "$(to_bytes "$PEERS_MAX")" ] && [ -d "$PEERS/node_modules/textlint" ] && peers=1
    for _ in $(seq "$REPEAT"); do
      measure "gwlint-1t" env RAYON_NUM_THREADS=1 "$GW" check --format json "$dir"
      measure "gwlint-2t" env RAYON_NUM_THREADS=2 "$GW" check --format json "$dir"
      measure "rg-F" rg -j1 -F -f "$WORK/patterns.txt" "$dir"
      measure "cat" sh -c "cat $dir/* >/dev/null"
      if [ $peers = 1 ]; then
        measure "textlint+prh" sh -c "cd $PEERS && npx --no-install textlint --format compact '$dir/**/*.{txt,md}'"
        measure "autocorrect" sh -c "cd $PEERS && npx --no-install autocorrect --lint $dir"
      fi
    done
    python3 - "$WORK/times" "$mb" "$shape" "$size" <<'PY'
import sys, statistics, collections
path, mb, shape, size = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = collections.defaultdict(list)
for line in open(path):
    p = line.split()
    if len(p) == 5 and not p[0].startswith("Command"):
        runs[p[0]].append((float(p[1]) + float(p[2]), float(p[3]), int(p[4])))
med = {k: statistics.median(c for c, _, _ in v) for k, v in runs.items()}
wall = {k: statistics.median(w for _, w, _ in v) for k, v in runs.items()}
rss = {k: max(r for _, _, r in v) for k, v in runs.items()}
floor = med.get("rg-F") or 0.0
for k in ["gwlint-1t", "gwlint-2t", "rg-F", "cat", "textlint+prh", "autocorrect"]:
    if k not in med:
        continue
    c = max(med[k], 1e-3)
    # GNU time counts CPU in 10 ms steps: below that the floor reads 0.
    ratio = f"{med[k] / floor:.1f}" if floor >= 0.01 else "floor < 10 ms"
    print(f"| {shape} | {size} ({mb:.1f} MB) | {k} | {med[k]:.2f} | {mb / c:.1f} | {wall[k]:.2f} | {rss[k] / 1024:.0f} | {ratio} |")
if "gwlint-1t" in wall and "gwlint-2t" in wall and wall["gwlint-2t"] > 0:
    print(f"| {shape} | {size} | 2 threads vs 1 (wall) | | | {wall['gwlint-1t'] / wall['gwlint-2t']:.2f}× | | |")
PY
  done
done
# One pair end to end (process start included), wall time.
pair=(fixtures/seeds/changqing-2025-report-news.txt fixtures/seeds/changqing-2025-annex.md)
python3 - "$GW" "${pair[@]}" <<'PY'
import subprocess, sys, time, statistics
gw, files = sys.argv[1], sys.argv[2:]
ts = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run([gw, "check", "--format", "json", *files], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append(time.perf_counter() - t)
print(f"\none report + annex pair, wall, process start included: median {1000 * statistics.median(ts):.1f} ms")
ts = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run([gw, "rules"], stdout=subprocess.DEVNULL)
    ts.append(time.perf_counter() - t)
print(f"start-up (gwlint rules): median {1000 * statistics.median(ts):.1f} ms")
PY
echo "work folder: $WORK" >&2
