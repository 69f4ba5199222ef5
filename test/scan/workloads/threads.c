// One process of five threads for the process_threads test
// (test/scan/process-threads.test.ts): the main thread and three others
// sleep, one named "spinner" burns cpu. Each thread names itself
// (pthread_setname_np, the comm /proc/<pid>/task/<tid>/stat prints) and the
// program prints one line when all are running: the spinner's tid. It runs
// until killed.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile pid_t spinner_tid;

static void *idle(void *arg) {
  char name[16];
  snprintf(name, sizeof(name), "idle-%ld", (long)arg);
  pthread_setname_np(pthread_self(), name);
  for (;;) pause();
  return NULL;
}

static void *spin(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "spinner");
  spinner_tid = (pid_t)syscall(SYS_gettid);
  for (volatile unsigned long n = 0;; n++) {
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  for (long i = 0; i < 3; i++) pthread_create(&t, NULL, idle, (void *)i);
  pthread_create(&t, NULL, spin, NULL);
  while (spinner_tid == 0) usleep(1000);
  printf("%d\n", (int)spinner_tid);
  fflush(stdout);
  for (;;) pause();
}
