// The bench's sleepers by the thousand, fast: one tiny process starts
// `count` processes that pause until killed, printing each one's pid and
// then "ready". Each is a process of its own (its own pid and thread
// group, listed in /proc) sharing this one's memory (CLONE_VM), so that
// starting one copies no address space: with fork, each start cloned the
// anon_vma chains of every sibling before it (anon_vma_clone in the
// parent's stack), and on this project's loaded VMs both fork and the
// bash loop of `sleep 3600 &` started ~12 a second (20,000: half an hour).
// Killed as a process group by bench/sleepers.ts; a failed start ends the
// loop (said on stderr), and the caller counts what it got.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define STACK_BYTES 16384

static int sleeper(void *arg) {
  (void)arg;
  for (;;) pause();
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sleepers-fork COUNT\n");
    return 2;
  }
  long count = atol(argv[1]);
  // One mapping for every stack; a sleeper touches a page or two of its own.
  char *stacks = mmap(NULL, (size_t)count * STACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (stacks == MAP_FAILED) {
    perror("sleepers-fork: mmap");
    return 1;
  }
  for (long i = 0; i < count; i++) {
    int pid = clone(sleeper, stacks + (i + 1) * STACK_BYTES, CLONE_VM | SIGCHLD, NULL);
    if (pid < 0) {
      perror("sleepers-fork: clone");
      break;
    }
    printf("%d\n", pid);
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}
