#!/usr/bin/env bash
# The scale benchmark of issue 15: wall time and peak memory (max RSS, from
# /usr/bin/time) of opening a big project as the window does and of the whole-project
# commands, on a generated project (examples/gen_project.rs).
#
#   benches/scale.sh [DOCS] [DIR]      # default: 10000 documents in /tmp/sayso-scale-DOCS
#
# The project is generated once (DIR/project; delete DIR to regenerate) and each command
# runs twice, the second run (warm page cache) reported. `add` adds every article of the
# project to a new project (DIR/add); `import` imports the exported gold layer (DIR/export,
# one annotation layer of the whole project) into that new project, and `suggest` fills a
# layer of every document of it.
# Needs a release build; the command-line one is enough (no window):
#   cargo build --release --no-default-features --bin sayso --example gen_project --example open_session
set -euo pipefail
DOCS=${1:-10000}
DIR=${2:-/tmp/sayso-scale-$DOCS}
cd "$(dirname "$0")/.."
if [ -z "${NO_BUILD:-}" ]; then
    cargo build --release --no-default-features --bin sayso \
        --example gen_project --example open_session
fi
BIN=$PWD/target/release/sayso
EX=$PWD/target/release/examples
P=$DIR/project
if [ ! -f "$P/project.ron" ]; then
    rm -rf "$P"
    mkdir -p "$DIR"
    "$EX/gen_project" "$P" "$DOCS"
fi
echo "project: $DOCS documents, layer files $(du -s --apparent-size --block-size=1M "$P/annotations" | cut -f1) MB, articles $(du -s --apparent-size --block-size=1M "$P/articles" | cut -f1) MB"

TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT
# measure NAME COMMAND...: runs COMMAND (its output thrown away) and prints its wall time,
# processor time (user + system: what a busy machine changes least) and peak memory.
measure() {
    local name=$1
    shift
    if ! /usr/bin/time -f "%e %U %S %M" -o "$TIMES" "$@" >/dev/null 2>"$DIR/$name.err"; then
        # validate exits 1 when it finds problems; anything else is shown.
        [ "$name" = validate ] || { echo "$name failed:"; tail -5 "$DIR/$name.err"; }
    fi
    local secs user sys kb
    read -r secs user sys kb < <(tail -1 "$TIMES")
    printf "%-10s %7.2f s wall %7.2f s cpu %6d MB\n" "$name" "$secs" \
        "$(echo "$user + $sys" | bc)" $((kb / 1024))
}
twice() {
    local name=$1
    shift
    measure "$name" "$@" >/dev/null
    measure "$name" "$@"
}

twice open "$EX/open_session" "$P" gold
twice stats "$BIN" stats "$P"
twice validate "$BIN" validate "$P"
twice eval "$BIN" eval "$P" --gold gold --pred model
twice export "$BIN" export "$P" --layer gold --format jsonl --out "$DIR/export" --force
twice agree "$BIN" agree "$P" --layers gold,model
# add and import change a project: a new one for each run.
rm -rf "$DIR/add" && "$BIN" new "$DIR/add" >/dev/null
measure add "$BIN" add "$DIR/add" "$P"/articles/*.txt
measure import "$BIN" --max-size 1G import "$DIR/add" "$DIR/export/gold.jsonl" --layer imported
# suggest replaces a layer of every document of the new project, part by part.
"$BIN" stats "$DIR/add" >/dev/null
measure suggest "$BIN" suggest "$DIR/add" --layer suggested
