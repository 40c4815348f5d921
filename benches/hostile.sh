#!/bin/sh
# Hostile-input benchmark (issue 12): wall time and peak memory of
# `gwlint check` on
#   - a 50 MB file that is one single line with ~1.35 million P001 findings,
#   - a 128 KB run of unterminated `（`,
#   - 200,000 half-width `(` then 200,000 `)` on one line, with 甲 inside
#     (200,000 nested pairs, each a P001 finding),
# for human (full) and JSON output. Not part of `cargo test`: speed numbers
# go here and into README (安全 → 长行), never into timed tests.
#
#   sh benches/hostile.sh [path/to/gwlint]      # default target/release/gwlint
#
# Needs GNU time (/usr/bin/time, `apt-get install time`).
set -eu
BIN=${1:-target/release/gwlint}
[ -x "$BIN" ] || cargo build --release
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$DIR" <<'PY'
import sys
d = sys.argv[1]
unit = "我们要推进工作,加强管理。"          # 37 bytes, one half-width comma
n = 50 * 1000 * 1000 // len(unit.encode()) + 1
open(f"{d}/line50.txt", "w").write(unit * n)
open(f"{d}/open128k.txt", "w").write("1.做好工作" + "（" * (128 * 1024 // 3) + "\n")
open(f"{d}/nested.txt", "w").write("(" * 200000 + "甲" + ")" * 200000 + "\n")
PY
run() {
    label=$1; shift
    /usr/bin/time -f "%e %M %U" -o "$DIR/t" "$BIN" check --color never "$@" >"$DIR/out" 2>/dev/null || true
    set -- $(tail -n 1 "$DIR/t")
    printf '%-34s %8s s %8s MB  user %6s s  output %s MB\n' "$label" "$1" "$(($2 / 1024))" \
        "$3" "$(($(wc -c <"$DIR/out") / 1000000))"
}
ls -l "$DIR"
run "50 MB line, full"            "$DIR/line50.txt"
run "50 MB line, json"            --output-format json "$DIR/line50.txt"
run "50 MB line, json-lines"      --output-format json-lines "$DIR/line50.txt"
run "128 KB （ run, full"          "$DIR/open128k.txt"
run "128 KB （ run, json"          --output-format json "$DIR/open128k.txt"
run "200k nested ( ), full"        "$DIR/nested.txt"
run "200k nested ( ), json"        --output-format json "$DIR/nested.txt"
