// The first process of the qemu guest that test/kernels/boot-kernel.sh
// boots: a static program, because the initramfs holds no shell. It
// mounts what the BPF checks need (proc, sys, bpffs, a tmpfs /tmp), loads
// the 9p modules listed in /modules.order (copied from the kernel's
// package), mounts the host's /usr, the repository and the run's folder (/iw-run)
// over 9p, runs the check (argv of /check.args, one word a line) and
// prints its exit status as "iw-guest: exit N" for the script, then
// powers the guest off.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void off(int code) {
  printf("iw-guest: exit %d\n", code);
  fflush(stdout);
  sync();
  reboot(RB_POWER_OFF);
  for (;;) pause();
}

static void must_mount(const char *src, const char *dir, const char *type, unsigned long flags, const char *opts) {
  mkdir(dir, 0755);
  if (mount(src, dir, type, flags, opts) != 0) {
    printf("iw-guest: mount %s on %s (%s): %s\n", src, dir, type, strerror(errno));
    off(120);
  }
}

// Loads every module of /modules.order, passing over the list again while
// any loaded: a module whose dependency is not in yet fails and is retried.
static void load_modules(void) {
  char names[64][256];
  int n = 0, done[64] = {0};
  FILE *f = fopen("/modules.order", "r");
  if (!f) return;
  while (n < 64 && fgets(names[n], sizeof(names[n]), f)) {
    names[n][strcspn(names[n], "\n")] = 0;
    if (names[n][0]) n++;
  }
  fclose(f);
  for (int progress = 1; progress;) {
    progress = 0;
    for (int i = 0; i < n; i++) {
      if (done[i]) continue;
      int fd = open(names[i], O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      if (syscall(SYS_finit_module, fd, "", 0) == 0 || errno == EEXIST) done[i] = progress = 1;
      close(fd);
    }
  }
  for (int i = 0; i < n; i++)
    if (!done[i]) printf("iw-guest: module %s did not load\n", names[i]);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  must_mount("proc", "/proc", "proc", 0, NULL);
  must_mount("sysfs", "/sys", "sysfs", 0, NULL);
  must_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
  must_mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL);
  must_mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
  load_modules();
  // cache=loose: the shares do not change while the guest runs, and node
  // reads its 100 MB binary faster through the page cache.
  must_mount("usr", "/usr", "9p", MS_RDONLY, "trans=virtio,version=9p2000.L,msize=524288,cache=loose");
  must_mount("repo", "/repo", "9p", MS_RDONLY, "trans=virtio,version=9p2000.L,msize=524288,cache=loose");
  must_mount("run", "/iw-run", "9p", 0, "trans=virtio,version=9p2000.L,msize=524288");

  char *args[32];
  int argc = 0;
  static char lines[32][1024];
  FILE *f = fopen("/check.args", "r");
  if (!f) off(121);
  while (argc < 31 && fgets(lines[argc], sizeof(lines[argc]), f)) {
    lines[argc][strcspn(lines[argc], "\n")] = 0;
    args[argc] = lines[argc];
    argc++;
  }
  fclose(f);
  args[argc] = NULL;
  if (argc == 0) off(121);
  pid_t pid = fork();
  if (pid == 0) {
    char *env[] = {"PATH=/usr/local/bin:/usr/bin:/usr/sbin", "HOME=/tmp", "LANG=C.UTF-8", NULL};
    if (chdir("/repo") != 0) _exit(122);
    execve(args[0], args, env);
    printf("iw-guest: exec %s: %s\n", args[0], strerror(errno));
    _exit(123);
  }
  // As pid 1, also reap the orphans the check leaves; stop at the check's own status.
  for (;;) {
    int status;
    pid_t got = wait(&status);
    if (got < 0 && errno == ECHILD) off(124);
    if (got == pid) off(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
}
