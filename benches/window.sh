#!/usr/bin/env bash
# The window's CPU cost per input, measured in the real app under a virtual display with
# Mesa's software drivers (no GPU), for each renderer. Needs ../shared/tools/gui (Xvfb,
# xdotool). Usage: benches/window.sh [PROJECT]   (default: a copy of projects/demo)
# Prints CPU milliseconds per input (user + system of the sayso process), averaged over
# N inputs, for: idle (per second), an unbound key, PageDown, a wheel notch, a double-click.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gui=${GUI:-$here/../shared/tools/gui}
bin=$here/target/release/sayso
export GUI_STATE=${GUI_STATE:-/tmp/sayso-bench-gui} GUI_DISPLAY=${GUI_DISPLAY:-:93}
N=${N:-6}
project=${1:-}
if [ -z "$project" ]; then
  project=$(mktemp -d)/demo
  cp -r "$here/projects/demo" "$project"
fi
tick=$(getconf CLK_TCK)
for renderer in wgpu glow; do
  SAYSO_RENDERER=$renderer "$gui" start --size 1500x900 -- "$bin" --annotator bench "$project" >/dev/null
  sleep 3
  pid=$(pgrep -n -f "$bin --annotator bench")
  cpu() { awk '{print $14+$15}' "/proc/$pid/stat"; }
  ms() { echo $(( ($2 - $1) * 1000 / tick / $3 )); }
  a=$(cpu); sleep 3; b=$(cpu); idle=$(ms "$a" "$b" 3)
  a=$(cpu); for _ in $(seq "$N"); do "$gui" key F12; sleep 0.5; done; b=$(cpu); key=$(ms "$a" "$b" "$N")
  a=$(cpu); for _ in $(seq "$N"); do "$gui" key Next; sleep 0.7; done; b=$(cpu); page=$(ms "$a" "$b" "$N")
  "$gui" key ctrl+Home; sleep 1
  a=$(cpu); for _ in $(seq "$N"); do "$gui" scroll 700 450 1; sleep 0.7; done; b=$(cpu); wheel=$(ms "$a" "$b" "$N")
  a=$(cpu); for _ in $(seq "$N"); do "$gui" dclick 700 300; sleep 0.5; "$gui" key Escape; sleep 0.5; done; b=$(cpu); dclick=$(ms "$a" "$b" "$N")
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  "$gui" stop >/dev/null 2>&1 || true
  sleep 1
  echo "$renderer: idle ${idle} ms/s, key ${key} ms, PageDown ${page} ms, wheel notch ${wheel} ms, double-click+Esc ${dclick} ms, RSS ${rss} MB"
done
