// SPDX-License-Identifier: GPL-2.0
// The agent's short-lived process tracker (issue 18): one record for every
// process that ends, into a ring the agent drains once a tick by reading a
// pinned iterator file (Node cannot mmap a BPF ring buffer; a file read is
// what it has).
//
// Where a process is recorded: at the last context switch of the thread
// that ended its thread group (the one whose exit took signal->live to 0,
// marked at sched_process_exit in its task storage): tp_btf/sched_switch
// with prev in TASK_DEAD. Only then is its cpu time final — at
// sched_process_exit the runtime since the last scheduler tick (a
// short-lived process's mm teardown, tens of µs) is not counted yet — and
// the switch comes at once, where sched_process_free (after an RCU grace
// period) was seen on this project's VMs to come late or, for ~1 % of
// 10,000 short-lived processes, not within a minute. The group's cpu time
// is signal->sum_sched_runtime (every released thread's) plus the threads
// not yet released, which can only be this one and the leader: released
// is told by signal->nr_threads (see group_runtime). The cost is one
// program run per context switch that returns at its first test.
//
// When the mark cannot be made (the kernel's task storage refuses to
// create one: it is busy on this cpu, or out of memory), the process is
// recorded at sched_process_exit instead, its cpu time short by the
// teardown's µs, and counted: no process is lost for want of a mark.
//
// The record names the parent as it was at the exit: its pid and its
// leader's comm, so the agent names the parent of a process whose parent
// has ended since (the last children of a parent that exits at once are
// drained after its slot in the process table is gone).
//
// The ring: an array map whose slot 0 is the header (records written,
// dropped because the slot they got was still full, groups seen ending,
// and recorded at their exit for want of a mark). A producer takes the
// next slot with an atomic add, fills it and publishes it by writing its
// seq last (an atomic exchange: a full barrier); the drain (a task
// iterator, below) writes the header and every published slot, and clears
// a slot only once its bytes are in the read's buffer. A slot still full when its turn comes again counts a drop.
//
// The record layout is mirrored in src/scan/bpf-exit-record.ts: change both.

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define RING_SLOTS 16384 // slot 0 is the header
#define HEADER_SEQ 0xffffffffffffffffULL

struct exit_record {
  __u64 seq; // 0: empty; HEADER_SEQ: the header; else the record's number + 1
  __u64 start_boottime_ns; // header: records written (slots taken)
  __u64 exit_boottime_ns; // header: records dropped (ring full)
  __u64 runtime_ns; // the group's, dead threads included; header: groups seen ending
  __u64 maxrss_pages; // signal->maxrss: the hiwater rss getrusage reports; header: recorded at exit (no mark)
  __u32 pid;
  __u32 ppid;
  __u32 exit_status; // as wait4 reports it: code << 8 | signal
  __u32 flags; // PF_* of the leader
  char comm[16];
  char parent_comm[16]; // the parent's leader's, at the exit
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, RING_SLOTS);
  __type(key, __u32);
  __type(value, struct exit_record);
} ring SEC(".maps");

// What sched_process_exit leaves on the group's last thread for its last
// switch.
struct exit_stamp {
  __u64 exit_boottime_ns;
  __u32 ppid; // the parent when it exited (it may be reparented before the reap)
  __u32 pad;
  char parent_comm[16];
};

struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct exit_stamp);
} exit_stamps SEC(".maps");

#define SIGNAL_GROUP_EXIT_ 0x00000004
#define TASK_DEAD_ 0x00000080

// Before 5.14 the state field was `long state`.
struct task_struct___old {
  long state;
} __attribute__((preserve_access_index));

static __always_inline unsigned int state_of(struct task_struct *t) {
  if (bpf_core_field_exists(t->__state)) return BPF_CORE_READ(t, __state);
  return (unsigned int)BPF_CORE_READ((struct task_struct___old *)t, state);
}

// The group's cpu time as `t` leaves: what the released threads left in
// the signal, plus the unreleased among t and its leader. At t's last
// switch a non-leader t has been released in its own exit_notify; at
// sched_process_exit (`t_running`) it has not. The leader is released
// when it is reaped, maybe before its last switch (its parent was quick),
// maybe after. signal->nr_threads counts the unreleased, and
// __exit_signal moves a thread's runtime into the signal as it decrements
// it.
static __always_inline __u64 group_runtime(struct task_struct *t, bool t_running) {
  struct signal_struct *sig = BPF_CORE_READ(t, signal);
  struct task_struct *leader = BPF_CORE_READ(t, group_leader);
  __u64 sum = BPF_CORE_READ(sig, sum_sched_runtime);
  int unreleased = BPF_CORE_READ(sig, nr_threads);
  if (leader == t) {
    if (unreleased > 0) sum += BPF_CORE_READ(t, se.sum_exec_runtime);
    return sum;
  }
  if (t_running) {
    sum += BPF_CORE_READ(t, se.sum_exec_runtime);
    unreleased--;
  }
  if (unreleased > 0) sum += BPF_CORE_READ(leader, se.sum_exec_runtime);
  return sum;
}

static __always_inline struct exit_record *ring_header(void) {
  __u32 zero = 0;
  return bpf_map_lookup_elem(&ring, &zero);
}

// Writes the group of `t`, which ended at `exit_ns`, into the next slot
// (or counts a drop).
static __always_inline void write_record(struct task_struct *t, bool t_running, __u64 exit_ns, __u32 ppid, const char *parent_comm) {
  struct exit_record *header = ring_header();
  if (!header) return;
  __u64 n = __sync_fetch_and_add(&header->start_boottime_ns, 1);
  __u32 key = 1 + (__u32)(n % (RING_SLOTS - 1));
  struct exit_record *r = bpf_map_lookup_elem(&ring, &key);
  if (!r) return;
  if (r->seq != 0) {
    __sync_fetch_and_add(&header->exit_boottime_ns, 1);
    return;
  }
  struct task_struct *leader = BPF_CORE_READ(t, group_leader);
  struct signal_struct *sig = BPF_CORE_READ(t, signal);
  r->start_boottime_ns = BPF_CORE_READ(leader, start_boottime);
  r->exit_boottime_ns = exit_ns;
  r->runtime_ns = group_runtime(t, t_running);
  r->maxrss_pages = BPF_CORE_READ(sig, maxrss);
  r->pid = BPF_CORE_READ(t, tgid);
  r->ppid = ppid;
  // wait_task_zombie()'s status: the group's exit code when the group exited together.
  r->exit_status = (BPF_CORE_READ(sig, flags) & SIGNAL_GROUP_EXIT_) ? BPF_CORE_READ(sig, group_exit_code) : BPF_CORE_READ(t, exit_code);
  r->flags = BPF_CORE_READ(leader, flags);
  bpf_probe_read_kernel_str(r->comm, sizeof(r->comm), &leader->comm);
  __builtin_memcpy(r->parent_comm, parent_comm, sizeof(r->parent_comm));
  __sync_lock_test_and_set(&r->seq, n + 1); // publish: the fields above are written first
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(stamp_exit, struct task_struct *task) {
  if (BPF_CORE_READ(task, signal, live.counter) != 0) return 0; // not the group's last thread
  struct exit_record *header = ring_header();
  if (!header) return 0;
  __sync_fetch_and_add(&header->runtime_ns, 1);
  struct task_struct *parent = BPF_CORE_READ(task, real_parent);
  struct exit_stamp at = {};
  at.exit_boottime_ns = bpf_ktime_get_boot_ns();
  at.ppid = BPF_CORE_READ(parent, tgid);
  struct task_struct *parent_leader = BPF_CORE_READ(parent, group_leader);
  bpf_probe_read_kernel_str(at.parent_comm, sizeof(at.parent_comm), &parent_leader->comm);
  if (bpf_task_storage_get(&exit_stamps, task, &at, BPF_LOCAL_STORAGE_GET_F_CREATE)) return 0;
  // No mark: record it now.
  __sync_fetch_and_add(&header->maxrss_pages, 1);
  write_record(task, true, at.exit_boottime_ns, at.ppid, at.parent_comm);
  return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(record_exit, bool preempt, struct task_struct *prev) {
  if (state_of(prev) != TASK_DEAD_) return 0;
  struct exit_stamp *stamp = bpf_task_storage_get(&exit_stamps, prev, 0, 0);
  if (!stamp) return 0; // not the thread that ended its group
  struct exit_stamp at = *stamp;
  bpf_task_storage_delete(&exit_stamps, prev);
  write_record(prev, false, at.exit_boottime_ns, at.ppid, at.parent_comm);
  return 0;
}

// The drain rides a task iterator, which every kernel since 5.8 lets a
// program attach to (this project's VMs refuse iter/bpf_map_elem): the
// walk's n-th task drains chunk n of the ring, so a read visits every
// chunk when the host has at least CHUNKS tasks (threads count; a host
// with the agent running has far more). Why CHUNK_SLOTS: a read()
// asks the kernel for at most READ_BYTES, and the iterator runs a task's
// program only while its 32 KiB buffer (PAGE_SIZE << 3) holds fewer than
// the bytes asked, so one program's output always fits and is never rolled
// back (a rolled-back output would lose the slots it cleared). The reader
// (src/scan/bpf-exit-reader.ts) reads READ_BYTES at a time: change both.
#define READ_BYTES 4096
#define CHUNK_SLOTS 324 // (32768 - READ_BYTES) / sizeof(struct exit_record), less the header
#define CHUNKS ((RING_SLOTS + CHUNK_SLOTS - 1) / CHUNK_SLOTS)

SEC("iter/task")
int drain_exits(struct bpf_iter__task *ctx) {
  struct seq_file *seq = ctx->meta->seq;
  if (!ctx->task) return 0; // the walk's end
  // The first CHUNKS tasks drain the ring, and the next one ends the walk:
  // a program that returns 1 makes the read fail with EAGAIN once the
  // bytes before it are read (bpf_seq_read), which the reader takes as the
  // drain's end. Each task draining chunk n % CHUNKS had the walk look the
  // whole ring up once per CHUNKS tasks (3,000 processes: 1.1 M lookups, 3.2
  // of the BPF tick's 12.4 ms cpu), and a walk of every task that drains
  // nothing still cost 9.6 ms of kernel cpu at 20,000 processes
  // (bench/bpf-tick-phases.ts).
  if (ctx->meta->seq_num >= CHUNKS) return 1;
  __u32 chunk = (__u32)ctx->meta->seq_num;
  __u32 first = chunk * CHUNK_SLOTS;
  if (chunk == 0) {
    __u32 zero = 0;
    struct exit_record *h = bpf_map_lookup_elem(&ring, &zero);
    if (!h) return 0;
    struct exit_record header = *h;
    header.seq = HEADER_SEQ;
    bpf_seq_write(seq, &header, sizeof(header));
    first = 1;
  }
  for (__u32 i = 0; i < CHUNK_SLOTS; i++) {
    __u32 key = chunk * CHUNK_SLOTS + i;
    if (key < first) continue;
    struct exit_record *r = bpf_map_lookup_elem(&ring, &key);
    if (!r) break; // past the ring's end
    if (r->seq == 0) continue;
    if (bpf_seq_write(seq, r, sizeof(*r)) != 0) break; // cannot happen (see CHUNK_SLOTS); kept for the next read
    __sync_lock_test_and_set(&r->seq, 0);
  }
  return 0;
}
