#!/usr/bin/env bash
# Run a command with a working, unlocked Secret Service (gnome-keyring) on the D-Bus session bus.
#
#   .ci/with-keyring.sh CMD [ARG...]
#
# Outside a (live) D-Bus session this re-executes itself under `dbus-run-session`. Inside a
# session that already has a Secret Service (a desktop login) it just runs CMD. Otherwise it starts
# `gnome-keyring-daemon` with its keyrings in a fresh temporary folder (so a stale `login`
# keyring with another password can never block it), unlocks it with a throwaway password
# (which also creates the `login` collection and makes it the default), waits until
# org.freedesktop.secrets answers on the bus, runs CMD, stops the daemon and exits with CMD's
# status. It installs nothing: the `gnome-keyring` and `dbus` (+ `dbus-x11`) packages must be
# present (.ci/run installs them).
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring: '$tool' not found (install the gnome-keyring and dbus packages)" >&2
        exit 2
    fi
done

bus_alive() {
    [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] &&
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.GetId >/dev/null 2>&1
}

secrets_owned() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'
}

# Not inside a (live) D-Bus session: start a private one and run this script again inside it.
if ! bus_alive; then
    if [[ -n "${STEPGUARD_KEYRING_SESSION:-}" ]]; then
        echo "with-keyring: dbus-run-session did not provide a session bus" >&2
        exit 2
    fi
    unset DBUS_SESSION_BUS_ADDRESS
    export STEPGUARD_KEYRING_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi

# A Secret Service already answers in this session (a desktop login): just use it.
if secrets_owned; then
    exec "$@"
fi

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/stepguard-keyring.XXXXXX")"
mkdir -p "$keyring_home/data" "$keyring_home/runtime"
chmod 700 "$keyring_home" "$keyring_home/runtime"
daemon_pid=""

cleanup() {
    if [[ -n "$daemon_pid" ]]; then
        kill "$daemon_pid" 2>/dev/null || true
    fi
    rm -rf "$keyring_home"
}
trap cleanup EXIT

# --unlock reads the password from stdin; on a fresh data dir it creates the `login` keyring
# with it and makes it the default collection. It prints GNOME_KEYRING_CONTROL=… lines to export.
# --foreground keeps it our own child, so we stop it by its pid.
printf '%s' "stepguard-ci" |
    XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/runtime" \
        gnome-keyring-daemon --foreground --unlock --components=secrets \
        >"$keyring_home/env" 2>"$keyring_home/log" &
daemon_pid=$!

# Wait (up to ~10 s) until our daemon owns org.freedesktop.secrets. Ask the bus (NameHasOwner)
# rather than the name itself: a call to the name would D-Bus-activate a second, locked daemon.
ready=""
for _ in $(seq 1 100); do
    if ! kill -0 "$daemon_pid" 2>/dev/null; then
        break
    fi
    if secrets_owned; then
        ready=1
        break
    fi
    sleep 0.1
done
if [[ -z "$ready" ]]; then
    echo "with-keyring: the Secret Service did not come up on the session bus" >&2
    cat "$keyring_home/log" >&2 || true
    exit 2
fi
while IFS= read -r line; do
    if [[ "$line" == [A-Z]*=* ]]; then
        export "${line?}"
    fi
done <"$keyring_home/env"

set +e
"$@"
status=$?
set -e
exit "$status"
