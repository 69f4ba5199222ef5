#!/usr/bin/env bash
# Builds the BPF scanner's object (bpf/task_iter.bpf.c → dist/bpf/task_iter.bpf.o)
# with clang, CO-RE, against a vmlinux.h generated from the running
# kernel's BTF. A machine without the toolchain (clang, bpftool, libbpf's
# headers) or without BTF skips the object, and the agent runs on procfs:
# the build never fails for it and nothing is downloaded.
set -u
cd "$(dirname "$0")/.."
out=dist/bpf
missing=()
command -v clang >/dev/null || missing+=(clang)
command -v bpftool >/dev/null || missing+=(bpftool)
[ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
[ -r /sys/kernel/btf/vmlinux ] || missing+=(/sys/kernel/btf/vmlinux)
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-bpf: skipped, missing: ${missing[*]} (the agent's scanner will be procfs)" >&2
  exit 0
fi
mkdir -p "$out"
if [ "$out/task_iter.bpf.o" -nt bpf/task_iter.bpf.c ] && [ "$out/task_iter.bpf.o" -nt "$0" ]; then
  exit 0 # up to date (the object is CO-RE: a kernel update does not call for a new one)
fi
# vmlinux.h: every kernel type, from BTF (generated, never committed).
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$out/vmlinux.h" || { echo "build-bpf: vmlinux.h failed" >&2; exit 1; }
arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
clang -g -O2 -target bpf -D__TARGET_ARCH_${arch} -I"$out" -c bpf/task_iter.bpf.c -o "$out/task_iter.bpf.o" || { echo "build-bpf: clang failed" >&2; exit 1; }
echo "build-bpf: $out/task_iter.bpf.o"
