/*
 * The floors our scan is measured against: the cost of reading every
 * /proc/<pid>/stat from C, per pid, with no parsing at all.
 *
 *   openclose: list the root, then open, read and close each stat file.
 *   pread:     list the root, keep each stat fd open across iterations and
 *              read it with pread at offset 0 (procfs regenerates the text).
 *              Beyond the open-file limit (less a margin) it falls back to
 *              open/read/close, as the agent does.
 *
 * usage: stat-floor ROOT ITERATIONS
 * prints one JSON object: median wall and cpu nanoseconds per pid of each mode.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_PID (1 << 23)
#define FD_MARGIN 64

static int *fds;
static long fd_budget;
static long fds_kept;
static char buf[4096];
static volatile long sink;

static double now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long pid_of(const char *name) {
  long pid = 0;
  if (*name < '1' || *name > '9') return 0;
  for (; *name; name++) {
    if (*name < '0' || *name > '9') return 0;
    pid = pid * 10 + (*name - '0');
    if (pid >= MAX_PID) return 0;
  }
  return pid;
}

static long read_once(int dirfd, long pid, const char *name, int keep) {
  char path[300];
  snprintf(path, sizeof path, "%s/stat", name);
  if (keep && fds[pid] >= 0) {
    ssize_t n = pread(fds[pid], buf, sizeof buf, 0);
    if (n >= 0) return n;
    close(fds[pid]);
    fds[pid] = -1;
    fds_kept--;
  }
  int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = pread(fd, buf, sizeof buf, 0);
  if (keep && fds_kept < fd_budget) {
    fds[pid] = fd;
    fds_kept++;
  } else {
    close(fd);
  }
  return n;
}

/* One pass over the root; returns the number of pids read. */
static long pass(const char *root, int keep) {
  DIR *dir = opendir(root);
  if (!dir) { perror(root); exit(1); }
  long count = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    long pid = pid_of(e->d_name);
    if (pid == 0) continue;
    long n = read_once(dirfd(dir), pid, e->d_name, keep);
    if (n > 0) { sink += buf[0]; count++; }
  }
  closedir(dir);
  return count;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void measure(const char *root, int iterations, int keep, double *wall, double *cpu) {
  double *w = calloc(iterations, sizeof *w), *c = calloc(iterations, sizeof *c);
  pass(root, keep); /* warm-up; for pread this opens the fds */
  for (int i = 0; i < iterations; i++) {
    double w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    long n = pass(root, keep);
    w[i] = (now_ns(CLOCK_MONOTONIC) - w0) / (n ? n : 1);
    c[i] = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / (n ? n : 1);
  }
  qsort(w, iterations, sizeof *w, cmp);
  qsort(c, iterations, sizeof *c, cmp);
  *wall = w[iterations / 2];
  *cpu = c[iterations / 2];
  free(w);
  free(c);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s ROOT ITERATIONS\n", argv[0]); return 2; }
  const char *root = argv[1];
  int iterations = atoi(argv[2]);
  if (iterations < 1) iterations = 1;
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < rl.rlim_max) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }
  fd_budget = (long)rl.rlim_cur - FD_MARGIN;
  fds = malloc(sizeof(int) * MAX_PID);
  memset(fds, 0xff, sizeof(int) * MAX_PID);

  double oc_wall, oc_cpu, pr_wall, pr_cpu;
  measure(root, iterations, 0, &oc_wall, &oc_cpu);
  measure(root, iterations, 1, &pr_wall, &pr_cpu);
  printf("{\"pids\":%ld,\"openclose\":{\"wallNs\":%.1f,\"cpuNs\":%.1f},\"pread\":{\"wallNs\":%.1f,\"cpuNs\":%.1f,\"keptFds\":%ld}}\n",
         pass(root, 1), oc_wall, oc_cpu, pr_wall, pr_cpu, fds_kept);
  return 0;
}
