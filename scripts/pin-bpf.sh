#!/bin/sh
# Pins the agent's BPF task iterator, and its exit tracker when it was
# built, for an agent that runs without the capabilities to load them
# (config/infrawatch.service runs this as root in ExecStartPre, then the
# agent as its own user): mounts bpffs when it is not mounted, pins a fresh
# iterator beside the old one, renames it over (an agent reading the old
# one never finds it missing), and gives the file to the agent's user.
# The exit tracker (exit_tracker/ beside the iterator's pin) is replaced
# whole: the old one is removed first, as two would each record every exit.
# Usage: pin-bpf.sh OBJECT PIN_PATH USER
set -eu
object=$1 pin=$2 user=$3
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mkdir -p "$(dirname "$pin")"
bpftool iter pin "$object" "${pin}_new" # bpffs refuses names with dots
mv -f "${pin}_new" "$pin"
chown "$user" "$pin"
chmod 0400 "$pin"
bpf=$(dirname "$object")
tracker=$(dirname "$pin")/exit_tracker
if [ -f "$bpf/exit_tracker.bpf.o" ] && [ -x "$bpf/exit-tracker-pin" ]; then
  rm -rf "$tracker" "${tracker}_new"
  "$bpf/exit-tracker-pin" "$bpf/exit_tracker.bpf.o" "$tracker"
  chown "$user" "$tracker/exits"
  chmod 0400 "$tracker/exits"
fi
