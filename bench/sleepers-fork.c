// The bench's sleepers by the thousand, fast: one tiny process forks
// `count` children that pause until killed, printing each child's pid and
// then "ready". A bash loop of `sleep 3600 &` forks and execs a shell's
// worth of process each time: on this project's loaded VMs it started ~12
// a second, and 20,000 took half an hour. Killed as a process group by
// bench/sleepers.ts; a failed fork ends the loop (said on stderr), and the
// caller counts what it got.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sleepers-fork COUNT\n");
    return 2;
  }
  long count = atol(argv[1]);
  for (long i = 0; i < count; i++) {
    pid_t pid = fork();
    if (pid < 0) {
      perror("sleepers-fork: fork");
      break;
    }
    if (pid == 0) {
      for (;;) pause();
    }
    printf("%d\n", pid);
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}
