#!/usr/bin/env bash
# Drive the assistant in tmux the way a new user would, and check that the loop closes:
#
#   demo → wizard → Apply every fix the wizard offers → the count reaches zero and a fresh scan
#   reports nothing else → undo them all → the demo's files are byte-identical to a fresh copy.
#
# Run it with a keyring (secret migration stores values there):
#
#   .ci/with-keyring.sh scripts/tmux_walkthrough.sh [--keep]
#
# Everything happens in a temporary data/config/cache folder; the user's own demo copy, wizard
# progress and keyring entries are not touched (entries it creates are removed by undo + rm).
# Package pins look the version up on a local registry server (127.0.0.1) that this script
# starts: recorded npm/PyPI answers (tests/recorded_registry.py), never the live registries.
# Prints a summary and exits 0 when the loop closed and the files are identical, 1 otherwise.
set -euo pipefail

cd "$(dirname "$0")/.."
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1

work=$(mktemp -d)
session="sgwalk$$"
export STEPGUARD_DATA_DIR="$work/data" STEPGUARD_CONFIG_DIR="$work/config"
export STEPGUARD_CACHE_DIR="$work/cache"
registry_pid=""
cleanup() {
    tmux kill-session -t "$session" 2>/dev/null || true
    [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null || true
    if [[ $keep -eq 0 ]]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT

# The local recorded registry; stepguard finds it through its registry environment variables.
python=$(uv run --locked python -c 'import sys; print(sys.executable)')
"$python" -m tests.recorded_registry --url-file "$work/registry-url" 2>"$work/registry.log" &
registry_pid=$!
for _ in $(seq 100); do [[ -s "$work/registry-url" ]] && break; sleep 0.1; done
[[ -s "$work/registry-url" ]] || { echo "the local registry did not start" >&2; exit 1; }
base=$(cat "$work/registry-url")
export STEPGUARD_NPM_REGISTRY="$base/npm" STEPGUARD_NPM_DOWNLOADS="$base/npmapi"
export STEPGUARD_OSV_API="$base/osv" STEPGUARD_PYPI_API="$base/pypi"
echo "recorded registry: $base"

uv run --locked python -c "from checks.demo import write_demo; write_demo(__import__('pathlib').Path('$work/fresh'))"
demo=$(uv run --locked python -c "from checks.demo import demo_copy_path; print(demo_copy_path())")

pane() { tmux capture-pane -p -t "$session"; }
footer() { pane | grep -v '^ *$' | tail -1; }
counter() { pane | grep -oE '[0-9]+/[0-9]+ · [0-9]+ fixed[^│]*' | head -1; }
wait_for() { # wait_for REGEX [SECONDS]
    local deadline=$((SECONDS + ${2:-30}))
    until pane | grep -qE "$1"; do
        if ((SECONDS > deadline)); then
            echo "timed out waiting for /$1/; the screen was:" >&2
            pane >&2
            exit 1
        fi
        sleep 0.3
    done
}
settle() { sleep "${1:-1.5}"; }

tmux new-session -d -s "$session" -x 120 -y 40 \
    "STEPGUARD_DATA_DIR='$STEPGUARD_DATA_DIR' STEPGUARD_CONFIG_DIR='$STEPGUARD_CONFIG_DIR' STEPGUARD_CACHE_DIR='$STEPGUARD_CACHE_DIR' STEPGUARD_NPM_REGISTRY='$STEPGUARD_NPM_REGISTRY' STEPGUARD_NPM_DOWNLOADS='$STEPGUARD_NPM_DOWNLOADS' STEPGUARD_OSV_API='$STEPGUARD_OSV_API' STEPGUARD_PYPI_API='$STEPGUARD_PYPI_API' uv run --locked stepguard demo"
wait_for 'workflows · [0-9]+ findings' 90
echo "project screen: $(pane | grep -oE '[0-9]+ workflows · [0-9]+ findings' | head -1)"

tmux send-keys -t "$session" w
wait_for '[0-9]+/[0-9]+ · [0-9]+ fixed' 30
start=$(counter)
total=$(echo "$start" | sed -E 's#^[0-9]+/([0-9]+).*#\1#')
echo "wizard: $start"

applied=0
skipped=0
idle=0 # items seen in a row without an Apply: a whole round of the list ends the phase
for ((i = 1; i <= 300; i++)); do # the list grows and re-sorts when a fix brings up findings
    settle 0.8
    if footer | grep -q '\^a Apply'; then
        tmux send-keys -t "$session" C-a
        settle 3
        applied=$((applied + 1))
        idle=0
    else
        skipped=$((skipped + 1))
        idle=$((idle + 1))
    fi
    # the counter is off screen while a dialog or a screen change is drawn: go on
    read -r _ of < <(counter | sed -E 's#^([0-9]+)/([0-9]+).*#\1 \2#') || of=999
    ((idle > of)) && break
    tmux send-keys -t "$session" PageDown # past the last item: back to the first open one
done
settle 2
after_fix=$(counter)
echo "applied $applied fixes, left $skipped; wizard now: $after_fix"
# A fresh scan of the files: nothing may be left.
left=$(uv run --locked stepguard scan "$demo" --format json 2>/dev/null |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["findings"]))')
echo "findings on the files now: $left"

# Undo, last item first (the reverse of the order they were applied in); the list changes as
# findings come and go, so walk it back and forth until a whole pass finds nothing to undo.
# The journal is the truth about what is still applied (the CLI reads the same journal).
journal_left() { uv run --locked stepguard fixes list "$demo" 2>/dev/null | grep -icv '^no fixes' || true; }
undone=0
refusals=0
offered=0
for pass in 1 2 3 4 5 6; do
    (($(journal_left) == 0)) && break
    n=$(counter | sed -E 's#^[0-9]+/([0-9]+).*#\1#')
    for ((i = 1; i <= n + 1; i++)); do
        settle 0.8
        if footer | grep -q '\^z Undo'; then
            tmux send-keys -t "$session" C-z
            settle 3
            if pane | grep -q 'first, then this fix?'; then # a later fix changed the same code
                offered=$((offered + 1))
                tmux send-keys -t "$session" y # "Undo … first": that one, then this one
                settle 4
            fi
            if footer | grep -q '\^z Undo'; then # still undoable: refused (for now)
                refusals=$((refusals + 1))
            else
                undone=$((undone + 1))
            fi
        fi
        if ((pass % 2)); then key=PageUp; else key=PageDown; fi
        tmux send-keys -t "$session" "$key"
    done
done
for _ in $(seq 20); do (($(journal_left) == 0)) && break; sleep 0.5; done # the last undo
settle 2
echo "undid $undone fixes ($refusals refusals, $offered undone first when offered); wizard now: $(counter); fixes left in the journal: $(journal_left)"
tmux send-keys -t "$session" C-q
settle 1

# File names only: the demo's (fake) secrets must not be printed, even here.
status=0
if ((left > 0)); then
    echo "RESULT: $left findings are left that no fix cleared"
    status=1
else
    echo "RESULT: after the fixes a fresh scan reports nothing"
fi
if (($(journal_left) > 0)); then
    echo "RESULT: $(journal_left) fixes are still in the journal after undo all"
    status=1
fi
if diff -rq --exclude=.stepguard "$work/fresh" "$demo" >"$work/diff.txt"; then
    echo "RESULT: the demo's files are byte-identical to a fresh demo copy"
else
    echo "RESULT: $(wc -l <"$work/diff.txt") files differ from a fresh demo copy:"
    sed -E "s#$work/(fresh|data/[^/]+)/##g" "$work/diff.txt"
    status=1
fi
exit $status
