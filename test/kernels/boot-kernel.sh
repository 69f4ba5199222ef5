#!/usr/bin/env bash
# Runs a check of the BPF objects (test/kernels/bpf-check.mjs by default)
# on another kernel than the host's: boots Debian's kernel package in qemu
# (TCG: no /dev/kvm needed) with an initramfs made here (a static init,
# test/kernels/guest-init.c, and the kernel's 9p modules from its package),
# the host's /usr and this repository shared read-only over 9p, so the
# guest runs this machine's node on this checkout's dist/ and the BPF
# objects built here (CO-RE: the same objects must load there).
# The guest's console is this script's output; its exit status is the
# check's (124 when the guest does not finish within IW_QEMU_TIMEOUT_S).
#
# Usage: boot-kernel.sh KERNEL [CHECK ARGS...]: KERNEL is a kernel
# package (linux-image-6.1.0-57-amd64) or a series (6.1: the newest
# linux-image-6.1.*-amd64 installed; Debian's generic flavour, as the cloud
# flavour has no 9p).
# Needs qemu-system-x86 and the kernel package installed (.ci/run installs
# them), cc with a static libc (libc6-dev), and `npm run build` first.
# A missing piece fails with a message naming it.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
kernel_arg=${1:?usage: boot-kernel.sh KERNEL [CHECK ARGS...]}
shift
timeout_s=${IW_QEMU_TIMEOUT_S:-300}

fail() { echo "boot-kernel: $*" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 is missing (Debian package qemu-system-x86)"
case $kernel_arg in
  linux-image-*) package=$kernel_arg ;;
  *)
    package=$(dpkg-query -W -f '${Status} ${Package}\n' "linux-image-$kernel_arg.*-amd64" 2>/dev/null | sed -n 's/^install ok installed //p' | grep -Ev -- '-(cloud|rt)-amd64$' | sort -V | tail -n1 || true)
    [ -n "$package" ] || fail "no linux-image-$kernel_arg.*-amd64 installed (.ci/run installs linux-image-amd64's dependency)"
    ;;
esac
dpkg -s "$package" >/dev/null 2>&1 || fail "kernel package $package is not installed (apt-get install $package)"
kernel=$(dpkg -L "$package" | grep -E '^/boot/vmlinuz-' | head -n1)
[ -n "$kernel" ] || fail "$package has no /boot/vmlinuz-*"
release=${kernel#/boot/vmlinuz-}
modules=/lib/modules/$release
for f in dist/bpf/task_iter.bpf.o dist/bpf/exit_tracker.bpf.o dist/bpf/exit-tracker-pin; do
  [ -f "$f" ] || fail "$f is missing: npm run build (with clang, bpftool, cc and libbpf-dev)"
done

run=$(mktemp -d /tmp/iw-kernel-XXXXXX)
trap 'rm -rf "$run"' EXIT
root=$run/initramfs
mkdir -p "$root"
cc -static -O2 -o "$root/init" test/kernels/guest-init.c || fail "cc -static failed (needs libc6-dev)"
# The 9p modules and what they depend on, dependencies first (modules.dep
# lists a module's dependencies nearest first).
order=()
want() {
  local name=$1 line dep path
  line=$(grep -E "(^|/)$name\.ko(\.[a-z]+)?:" "$modules/modules.dep") || { grep -qE "/$name\.ko" "$modules/modules.builtin" && return; fail "module $name not in $modules"; }
  path=${line%%:*}
  for dep in $(echo "${line#*:}" | tr ' ' '\n' | tac); do
    dep=$(basename "$dep"); want "${dep%%.ko*}"
  done
  case " ${order[*]-} " in *" $path "*) ;; *) order+=("$path") ;; esac
}
for m in virtio_pci 9pnet_virtio 9p; do want "$m"; done
for path in "${order[@]}"; do
  case $path in *.ko) ;; *) fail "$path is compressed: not handled" ;; esac
  mkdir -p "$root/$(dirname "$path")"
  cp "$modules/$path" "$root/$path"
  echo "/$path" >> "$root/modules.order"
done
ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"; ln -s usr/sbin "$root/sbin"
mkdir -p "$root/usr" "$root/repo" "$root/iw-run" "$root/etc"
# The check: node on the repository's copy, unless other args were given.
if [ $# -eq 0 ]; then set -- /usr/bin/node /repo/test/kernels/bpf-check.mjs /iw-run; fi
printf '%s\n' "$@" > "$root/check.args"
# The exit tracker's check forks with the same C workload as its soak test.
cc -O2 -o "$run/short-lived" test/scan/workloads/short-lived.c || fail "cc failed on test/scan/workloads/short-lived.c"
(cd "$root" && find . | cpio --quiet -o -H newc) > "$run/initramfs.cpio"

echo "boot-kernel: $release in qemu (TCG), timeout ${timeout_s} s"
share() { echo "local,path=$1,mount_tag=$2,security_model=none,multidevs=remap$3"; }
set +e
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 \
  -accel tcg,thread=multi -cpu max -smp 2 -m 2048 \
  -nodefaults -display none -serial stdio -no-reboot \
  -kernel "$kernel" -initrd "$run/initramfs.cpio" \
  -append "console=ttyS0 panic=-1 loglevel=4 mitigations=off" \
  -virtfs "$(share /usr usr ,readonly=on)" \
  -virtfs "$(share "$repo" repo ,readonly=on)" \
  -virtfs "$(share "$run" run '')" </dev/null | tee "$run/console.log"
qemu_status=${PIPESTATUS[0]}
set -e
[ "$qemu_status" -eq 124 ] && { echo "boot-kernel: the guest did not finish within ${timeout_s} s"; exit 124; }
code=$(sed -n 's/^iw-guest: exit \([0-9]*\).*/\1/p' "$run/console.log" | tail -n1)
[ -n "$code" ] || { echo "boot-kernel: the guest ended (qemu status $qemu_status) without reporting its check's exit"; exit 125; }
echo "boot-kernel: the check on $release exited $code after ${SECONDS} s"
exit "$code"
