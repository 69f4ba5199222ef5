#!/usr/bin/env bash
# Builds the BPF objects with clang, CO-RE, against a vmlinux.h generated
# from the running kernel's BTF: the scanner's task iterator
# (bpf/task_iter.bpf.c → dist/bpf/task_iter.bpf.o) and the short-lived
# process tracker (bpf/exit_tracker.bpf.c → dist/bpf/exit_tracker.bpf.o,
# with its libbpf loader dist/bpf/exit-tracker-pin). A machine without the
# toolchain (clang, bpftool, libbpf's headers) or without BTF skips them,
# and the agent runs on procfs without the tracker: the build never fails
# for it and nothing is downloaded.
set -u
cd "$(dirname "$0")/.."
out=dist/bpf
missing=()
command -v clang >/dev/null || missing+=(clang)
command -v bpftool >/dev/null || missing+=(bpftool)
command -v cc >/dev/null || missing+=(cc)
[ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
[ -r /sys/kernel/btf/vmlinux ] || missing+=(/sys/kernel/btf/vmlinux)
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-bpf: skipped, missing: ${missing[*]} (the agent's scanner will be procfs, without the exit tracker)" >&2
  exit 0
fi
mkdir -p "$out"
fresh() { [ "$1" -nt "$2" ] && [ "$1" -nt "$0" ]; } # the objects are CO-RE: a kernel update does not call for new ones
if fresh "$out/task_iter.bpf.o" bpf/task_iter.bpf.c && fresh "$out/exit_tracker.bpf.o" bpf/exit_tracker.bpf.c && fresh "$out/exit-tracker-pin" bpf/exit_tracker_pin.c; then
  exit 0
fi
# vmlinux.h: every kernel type, from BTF (generated, never committed).
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$out/vmlinux.h" || { echo "build-bpf: vmlinux.h failed" >&2; exit 1; }
arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
clang -g -O2 -target bpf -D__TARGET_ARCH_${arch} -I"$out" -c bpf/task_iter.bpf.c -o "$out/task_iter.bpf.o" || { echo "build-bpf: clang failed" >&2; exit 1; }
# -mcpu=v3: the tracker publishes and clears its slots with atomic exchanges.
clang -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_${arch} -I"$out" -c bpf/exit_tracker.bpf.c -o "$out/exit_tracker.bpf.o" || { echo "build-bpf: clang failed" >&2; exit 1; }
cc -O2 -Wall -o "$out/exit-tracker-pin" bpf/exit_tracker_pin.c -lbpf || { echo "build-bpf: cc failed" >&2; exit 1; }
echo "build-bpf: $out/task_iter.bpf.o $out/exit_tracker.bpf.o $out/exit-tracker-pin"
