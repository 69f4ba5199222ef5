// Starts short-lived processes at known rates and measures them as their
// parent: the exit tracker's test (test/scan/exit-tracker.soak.test.ts)
// checks the agent's count and cpu time against what this prints.
//
// Usage: short-lived fork|clone NAME SEED MIN_MS MAX_MS BUSY_MAX_US RATE:COUNT...
// Each child names itself NAME (prctl), spins for a random 0..BUSY_MAX_US
// µs of its own cpu, sleeps out a random lifetime of MIN_MS..MAX_MS ms
// from its start, and exits with code i % 4. "fork" copies the parent as
// fork() does; "clone" starts the child with clone(CLONE_VM) on a stack of
// its own (a process of its own to the kernel, as posix_spawn's child is
// before it execs), which costs a tenth of a fork on a small VM: that is
// how a loaded 2-core machine reaches 2,000 a second. The parent forks the children
// of each RATE:COUNT phase on a fixed schedule (absolute times: a late
// start is caught up, so the phase's rate holds on average), reaps them
// with wait4 as they end, and prints one JSON line: the count reaped, the
// sum of their rusage cpu time, getrusage(RUSAGE_CHILDREN)'s, the exit
// codes' counts and each phase's achieved rate. With PIDS_FILE set it also
// writes every child's pid there, one a line, as it reaps it: the list a
// tracker's drained pids can be told apart from (which ones were missed).
// With START_ON_STDIN set it starts its first child only once stdin gives
// a byte or ends: its watcher reads its cutime before any child is reaped.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t tv_ns(struct timeval tv) { return (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull; }

static uint64_t reaped, cpu_ns, codes[4];
static FILE *pids; // PIDS_FILE, or NULL

static void reap(int options) {
  for (;;) {
    int status;
    struct rusage ru;
    pid_t pid = wait4(-1, &status, options, &ru);
    if (pid <= 0) return;
    reaped++;
    cpu_ns += tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
    if (WIFEXITED(status)) codes[WEXITSTATUS(status) & 3]++;
    if (pids != NULL) fprintf(pids, "%d\n", (int)pid);
  }
}

struct job {
  const char *name;
  uint64_t end_ns; // CLOCK_MONOTONIC
  uint64_t busy_ns;
  int code;
};

// Raw system calls only: a clone(CLONE_VM) child shares the parent's
// memory, so it must not take libc's locks or touch its state.
static int child(void *arg) {
  struct job *j = arg;
  syscall(SYS_prctl, PR_SET_NAME, j->name, 0, 0, 0);
  uint64_t cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
  while (now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0 < j->busy_ns) {
  }
  struct timespec t = {(time_t)(j->end_ns / 1000000000ull), (long)(j->end_ns % 1000000000ull)};
  while (syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
  }
  syscall(SYS_exit, j->code);
  return 0;
}

#define STACK_BYTES (64 * 1024)
#define MAX_LIVE 8192

int main(int argc, char **argv) {
  if (argc < 8) {
    fprintf(stderr, "usage: short-lived fork|clone NAME SEED MIN_MS MAX_MS BUSY_MAX_US RATE:COUNT...\n");
    return 2;
  }
  int use_clone = argv[1][0] == 'c';
  const char *name = argv[2];
  srand((unsigned)atoi(argv[3]));
  int min_ms = atoi(argv[4]), max_ms = atoi(argv[5]), busy_max_us = atoi(argv[6]);
  // One stack and one job per child that may be alive at once, reused
  // round-robin: a slot comes round again only MAX_LIVE children later,
  // long after its child ended (each lives at most MAX_MS).
  char *stacks = use_clone ? mmap(NULL, (size_t)MAX_LIVE * STACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) : NULL;
  static struct job jobs[MAX_LIVE];
  if (stacks == MAP_FAILED) {
    perror("short-lived: mmap");
    return 1;
  }
  const char *pids_file = getenv("PIDS_FILE");
  if (pids_file != NULL && (pids = fopen(pids_file, "w")) == NULL) {
    perror(pids_file);
    return 1;
  }
  if (getenv("START_ON_STDIN") != NULL) {
    char go;
    while (read(0, &go, 1) < 0 && errno == EINTR) {
    }
  }
  printf("{\"phases\":[");
  uint64_t started = 0;
  for (int p = 7; p < argc; p++) {
    int rate = 0, count = 0;
    if (sscanf(argv[p], "%d:%d", &rate, &count) != 2 || rate <= 0 || count <= 0 || (uint64_t)rate * (uint64_t)max_ms / 1000 >= MAX_LIVE / 2) {
      fprintf(stderr, "short-lived: bad phase %s (RATE:COUNT, with RATE * MAX_MS / 1000 < %d)\n", argv[p], MAX_LIVE / 2);
      return 2;
    }
    uint64_t t0 = now_ns(CLOCK_MONOTONIC);
    for (int i = 0; i < count; i++) {
      uint64_t at = t0 + (uint64_t)i * 1000000000ull / (uint64_t)rate;
      struct timespec t = {(time_t)(at / 1000000000ull), (long)(at % 1000000000ull)};
      while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
      }
      struct job *j = &jobs[started % MAX_LIVE];
      j->name = name;
      j->busy_ns = (uint64_t)(rand() % (busy_max_us + 1)) * 1000;
      j->end_ns = now_ns(CLOCK_MONOTONIC) + ((uint64_t)min_ms + (uint64_t)(rand() % (max_ms - min_ms + 1))) * 1000000;
      j->code = (int)(started % 4);
      pid_t pid;
      if (use_clone) {
        pid = clone(child, stacks + (started % MAX_LIVE + 1) * STACK_BYTES, CLONE_VM | SIGCHLD, j);
      } else {
        pid = fork();
        if (pid == 0) child(j);
      }
      if (pid < 0) {
        perror("short-lived: fork");
        return 1;
      }
      started++;
      reap(WNOHANG);
    }
    double secs = (double)(now_ns(CLOCK_MONOTONIC) - t0) / 1e9;
    printf("%s{\"rate\":%d,\"count\":%d,\"seconds\":%.3f}", p > 7 ? "," : "", rate, count, secs);
  }
  reap(0);
  if (pids != NULL && fclose(pids) != 0) {
    perror(pids_file);
    return 1;
  }
  struct rusage all;
  getrusage(RUSAGE_CHILDREN, &all);
  printf("],\"started\":%llu,\"reaped\":%llu,\"cpu_ns\":%llu,\"rusage_children_ns\":%llu,\"codes\":[%llu,%llu,%llu,%llu]}\n", (unsigned long long)started,
         (unsigned long long)reaped, (unsigned long long)cpu_ns, (unsigned long long)(tv_ns(all.ru_utime) + tv_ns(all.ru_stime)), (unsigned long long)codes[0],
         (unsigned long long)codes[1], (unsigned long long)codes[2], (unsigned long long)codes[3]);
  // LINGER_MS: stay alive after the last reap, so that a scan reads the
  // parent's final cutime + cstime (the procfs fallback charges the rise).
  const char *linger = getenv("LINGER_MS");
  if (linger != NULL) {
    fflush(stdout);
    struct timespec l = {atoi(linger) / 1000, (atoi(linger) % 1000) * 1000000L};
    while (nanosleep(&l, &l) == -1 && errno == EINTR) {
    }
  }
  return 0;
}
