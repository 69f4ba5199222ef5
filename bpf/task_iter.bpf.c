// SPDX-License-Identifier: GPL-2.0
// The BPF task iterator of the agent's BPF scanner (issue 18).
//
// Reading the pinned iterator's file runs this program once for every task
// (every thread) the kernel has, and it writes one fixed binary record per
// task: no text to format, no file per process. A thread-group leader's
// record carries the whole process (rss, vsize, threads, state, comm, and
// what the group keeps of its dead threads); every other thread's record
// carries only its own cpu time and faults, which user space adds to its
// leader's, because /proc/<pid>/stat reports the sum over the live threads
// (fs/proc/array.c do_task_stat, kernel/sched/cputime.c thread_group_cputime)
// and a BPF program of kernel 5.8 cannot walk a thread list.
//
// Raw fields only: user space applies cputime_adjust (the scaling that
// makes user + system = the exact runtime) with the group's prev_cputime,
// as /proc does, so that its cpu% equals procfs's.
//
// The record layout is mirrored in src/scan/bpf-task-record.ts: change both.

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define RECORD_LEADER 1
#define RECORD_THREAD 0

struct task_record {
  __u32 tgid;
  __u32 tid;
  __u32 ppid;
  __u32 flags;
  __u64 start_boottime_ns;
  __u64 utime_ns; // this task's
  __u64 stime_ns;
  __u64 runtime_ns; // this task's se.sum_exec_runtime
  __u64 min_flt;
  __u64 maj_flt;
  // Leader records only (zero in a thread's):
  __u64 dead_utime_ns; // signal->utime: the group's dead threads
  __u64 dead_stime_ns;
  __u64 dead_runtime_ns; // signal->sum_sched_runtime
  __u64 prev_utime_ns; // signal->prev_cputime: cputime_adjust's state
  __u64 prev_stime_ns;
  __u64 dead_min_flt; // signal->min_flt
  __u64 dead_maj_flt;
  __u64 rss_pages; // file + anon + shmem, as get_mm_rss
  __u64 total_vm_pages;
  __u32 nr_threads;
  __u8 state; // the letter /proc prints
  __u8 kind; // RECORD_LEADER or RECORD_THREAD
  __u16 pad;
  char comm[64]; // as /proc/<pid>/stat prints it (proc_task_name), NUL-padded
};

// Kernels before 6.2 kept rss_stat as a struct mm_rss_stat of atomic
// counters (mm_types.h); the type exists only there, so CO-RE picks the
// layout the running kernel has (clang 14 has no type-match check).
struct mm_rss_stat___old {
  atomic_long_t count[4];
} __attribute__((preserve_access_index));

struct mm_struct___old {
  struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

// Before 5.14 the state field was `long state`.
struct task_struct___old {
  long state;
} __attribute__((preserve_access_index));

enum {
  MM_FILEPAGES_ = 0,
  MM_ANONPAGES_ = 1,
  MM_SHMEMPAGES_ = 3,
};

static __always_inline long counter_of(struct mm_struct *mm, int member) {
  long v;
  if (bpf_core_type_exists(struct mm_rss_stat___old)) {
    struct mm_struct___old *old = (void *)mm;
    v = BPF_CORE_READ(old, rss_stat.count[member].counter);
  } else {
    // 6.2+: percpu_counter_read_positive(), the value /proc prints.
    v = BPF_CORE_READ(mm, rss_stat[member].count);
  }
  return v < 0 ? 0 : v;
}

static __always_inline unsigned int fls_(unsigned int x) {
  unsigned int r = 0;
#pragma unroll
  for (int i = 0; i < 32; i++)
    if (x & (1u << i)) r = i + 1;
  return r;
}

// fs/proc/array.c task_state_index() and its letters "RSDTtXZPI".
static __always_inline char state_letter(struct task_struct *task) {
  unsigned int raw;
  if (bpf_core_field_exists(task->__state)) {
    raw = BPF_CORE_READ(task, __state);
  } else {
    struct task_struct___old *old = (void *)task;
    raw = (unsigned int)BPF_CORE_READ(old, state);
  }
  unsigned int exit_state = (unsigned int)BPF_CORE_READ(task, exit_state);
  unsigned int report = (raw | exit_state) & 0x7f; // TASK_REPORT
  if ((raw & 0x402) == 0x402) report = 0x80; // TASK_IDLE → TASK_REPORT_IDLE
  if ((raw & 0x1000) || (raw & 0x8000)) report = 0x2; // TASK_RTLOCK_WAIT, TASK_FROZEN: shown as D
  // A switch, not a string table: a table would need a .rodata map.
  switch (fls_(report)) {
  case 0: return 'R';
  case 1: return 'S';
  case 2: return 'D';
  case 3: return 'T';
  case 4: return 't';
  case 5: return 'X';
  case 6: return 'Z';
  case 7: return 'P';
  case 8: return 'I';
  default: return '?';
  }
}

#define PF_WQ_WORKER_ 0x00000020
#define PF_KTHREAD_ 0x00200000

// The kthread that task->worker_private points to (5.17+); older kernels
// kept it elsewhere and get the 15-byte comm only.
struct task_struct___kthread {
  void *worker_private;
} __attribute__((preserve_access_index));

static __always_inline bool is_rescuer_comm(const char *comm) {
  const char prefix[] = "kworker/R-";
#pragma unroll
  for (int i = 0; i < 10; i++)
    if (comm[i] != prefix[i]) return false;
  return true;
}

// fs/proc/array.c proc_task_name(): a workqueue worker is its comm plus
// "+desc" (running a work item) or "-desc" (idle) of its last work
// (wq_worker_comm); another kernel thread its full name when it has one
// longer than the comm (get_kthread_comm); any other task its comm. A
// rescuer worker is "kworker/R-" and its workqueue's name.
static __always_inline void task_name(struct task_struct *task, __u32 flags, char *out) {
  long n = bpf_probe_read_kernel_str(out, 16, task->comm);
  if (!(flags & (PF_WQ_WORKER_ | PF_KTHREAD_))) return;
  if (!bpf_core_field_exists(((struct task_struct___kthread *)task)->worker_private)) return;
  struct kthread *kthread = BPF_CORE_READ((struct task_struct___kthread *)task, worker_private);
  if (!kthread) return;
  if (flags & PF_WQ_WORKER_) {
    struct worker *worker = BPF_CORE_READ(kthread, data);
    if (!worker) return;
    // format_worker_id() (6.10+): a rescuer is "kworker/R-" and its
    // workqueue's whole name. Told by its comm, which 6.10+ starts with
    // that prefix: before 6.10 (seen on 6.1 in qemu) /proc prints the comm
    // alone, the workqueue's name cut at 15 bytes.
    struct workqueue_struct *rescue_wq = BPF_CORE_READ(worker, rescue_wq);
    if (rescue_wq && is_rescuer_comm(out)) {
      long len = bpf_probe_read_kernel_str(out + 10, 32, &rescue_wq->name);
      n = len > 0 ? 10 + len : n;
    }
    if (!BPF_CORE_READ(worker, pool) || n < 1) return;
    char desc[32];
    if (bpf_probe_read_kernel_str(desc, sizeof(desc), &worker->desc) <= 1) return;
    // /proc's name is cut at 63 bytes, so is this one.
    unsigned long off = n - 1;
    if (off > 61) return;
    out[off] = BPF_CORE_READ(worker, current_work) ? '+' : '-';
    unsigned long room = 63 - (off + 1);
    if (room > sizeof(desc)) room = sizeof(desc);
    bpf_probe_read_kernel_str(out + off + 1, room, &worker->desc);
    return;
  }
  const char *full_name = BPF_CORE_READ(kthread, full_name);
  if (full_name) bpf_probe_read_kernel_str(out, 64, full_name);
}

SEC("iter/task")
int dump_tasks(struct bpf_iter__task *ctx) {
  struct seq_file *seq = ctx->meta->seq;
  struct task_struct *task = ctx->task;
  if (!task) return 0;

  // Plain loads where Linux 6.1's verifier takes them: the iterator's task
  // is a BTF pointer, so its fields (and signal's, mm's) load directly,
  // guarded and CO-RE relocated, instead of a helper call each (the pinned
  // read at 12,600 tasks: 20.2 → 12.9 ms of cpu). real_parent (__rcu), the
  // state words and rss_stat stay BPF_CORE_READ: with them as plain loads
  // 6.1 refused the object (test/scan/bpf-kernel-6.1.soak.test.ts).
  struct task_record r = {};
  r.tgid = task->tgid;
  r.tid = task->pid;
  r.utime_ns = task->utime;
  r.stime_ns = task->stime;
  r.runtime_ns = task->se.sum_exec_runtime;
  r.min_flt = task->min_flt;
  r.maj_flt = task->maj_flt;
  r.flags = task->flags;
  r.start_boottime_ns = task->start_boottime;
  r.ppid = BPF_CORE_READ(task, real_parent, tgid);
  r.state = state_letter(task);
  task_name(task, r.flags, r.comm);

  if (r.tgid == r.tid) {
    r.kind = RECORD_LEADER;
    struct signal_struct *sig = task->signal;
    r.dead_utime_ns = sig->utime;
    r.dead_stime_ns = sig->stime;
    r.dead_runtime_ns = sig->sum_sched_runtime;
    r.prev_utime_ns = sig->prev_cputime.utime;
    r.prev_stime_ns = sig->prev_cputime.stime;
    r.dead_min_flt = sig->min_flt;
    r.dead_maj_flt = sig->maj_flt;
    r.nr_threads = sig->nr_threads;
    struct mm_struct *mm = task->mm;
    if (mm) {
      r.rss_pages = counter_of(mm, MM_FILEPAGES_) + counter_of(mm, MM_ANONPAGES_) + counter_of(mm, MM_SHMEMPAGES_);
      r.total_vm_pages = mm->total_vm;
    }
  } else {
    r.kind = RECORD_THREAD;
  }
  bpf_seq_write(seq, &r, sizeof(r));
  return 0;
}
