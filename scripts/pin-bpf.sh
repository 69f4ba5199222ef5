#!/bin/sh
# Pins the agent's BPF task iterator for an agent that runs without the
# capabilities to load it (config/infrawatch.service runs this as root in
# ExecStartPre, then the agent as its own user): mounts bpffs when it is
# not mounted, pins a fresh iterator beside the old one, renames it over
# (an agent reading the old one never finds it missing), and gives the file
# to the agent's user. Usage: pin-bpf.sh OBJECT PIN_PATH USER
set -eu
object=$1 pin=$2 user=$3
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mkdir -p "$(dirname "$pin")"
bpftool iter pin "$object" "${pin}_new" # bpffs refuses names with dots
mv -f "${pin}_new" "$pin"
chown "$user" "$pin"
chmod 0400 "$pin"
