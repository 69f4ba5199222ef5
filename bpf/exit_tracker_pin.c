// Loads the short-lived process tracker (exit_tracker.bpf.o), attaches its
// two tracing programs and pins their links and the ring's drain (an iterator) in one
// bpffs folder, so the tracker keeps running after this exits and the
// agent reads it as a file (DIR/exits). A helper of its own, not bpftool:
// Debian's bpftool 7.1 can pin an iterator but cannot attach a tracing
// program and pin its link (`prog loadall … autoattach` came after 7.1).
//
// Usage: exit-tracker-pin OBJECT DIR. DIR must not exist (the caller
// removes an old tracker first; two trackers would each record every
// exit); it is built as DIR_new and renamed, so a reader never finds it
// half made. Exit 0, or 1 with the reason on stderr.

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what, int err) {
  fprintf(stderr, "exit-tracker-pin: %s: %s\n", what, strerror(err < 0 ? -err : err));
  return 1;
}

static int pin_link(struct bpf_link *link, const char *dir, const char *name) {
  char path[PATH_MAX];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  return bpf_link__pin(link, path);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: exit-tracker-pin OBJECT DIR\n");
    return 2;
  }
  const char *object = argv[1], *dir = argv[2];
  char fresh[PATH_MAX];
  snprintf(fresh, sizeof(fresh), "%s_new", dir); // bpffs refuses names with dots
  libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
  struct bpf_object *obj = bpf_object__open_file(object, NULL);
  if (!obj) return fail(object, errno);
  int err = bpf_object__load(obj);
  if (err) return fail("load (needs CAP_BPF and CAP_PERFMON, and a kernel with BTF)", err);
  if (mkdir(fresh, 0755) && errno != EEXIST) return fail(fresh, errno);

  struct bpf_program *stamp = bpf_object__find_program_by_name(obj, "stamp_exit");
  struct bpf_program *record = bpf_object__find_program_by_name(obj, "record_exit");
  struct bpf_program *drain = bpf_object__find_program_by_name(obj, "drain_exits");
  if (!stamp || !record || !drain) return fail("the object lacks a program", ENOENT);

  struct bpf_link *l = bpf_program__attach(stamp);
  if (!l) return fail("attach sched_process_exit", errno);
  if ((err = pin_link(l, fresh, "stamp_exit"))) return fail("pin stamp_exit", err);
  l = bpf_program__attach(record);
  if (!l) return fail("attach sched_switch", errno);
  if ((err = pin_link(l, fresh, "record_exit"))) return fail("pin record_exit", err);

  l = bpf_program__attach_iter(drain, NULL);
  if (!l) return fail("attach the ring's iterator", errno);
  if ((err = pin_link(l, fresh, "exits"))) return fail("pin exits", err);

  if (rename(fresh, dir)) return fail(dir, errno);
  return 0;
}
