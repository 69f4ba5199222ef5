// The binary record the BPF task iterator (bpf/task_iter.bpf.c, struct
// task_record) writes for every task: offsets in bytes, little-endian.
// Change both together; test/scan/bpf-vs-procfs.soak.test.ts reads a real
// iterator against /proc.

export const RECORD_BYTES = 208;

export const R_TGID = 0; // u32
export const R_TID = 4; // u32
export const R_PPID = 8; // u32
export const R_FLAGS = 12; // u32, PF_*
export const R_START_NS = 16; // u64, start_boottime
export const R_UTIME_NS = 24; // u64, this task's
export const R_STIME_NS = 32; // u64
export const R_RUNTIME_NS = 40; // u64, se.sum_exec_runtime
export const R_MIN_FLT = 48; // u64
export const R_MAJ_FLT = 56; // u64
// Leader records only:
export const R_DEAD_UTIME_NS = 64; // u64, signal->utime
export const R_DEAD_STIME_NS = 72; // u64
export const R_DEAD_RUNTIME_NS = 80; // u64, signal->sum_sched_runtime
export const R_PREV_UTIME_NS = 88; // u64, signal->prev_cputime
export const R_PREV_STIME_NS = 96; // u64
export const R_DEAD_MIN_FLT = 104; // u64
export const R_DEAD_MAJ_FLT = 112; // u64
export const R_RSS_PAGES = 120; // u64, file + anon + shmem
export const R_TOTAL_VM_PAGES = 128; // u64
export const R_NR_THREADS = 136; // u32
export const R_STATE = 140; // u8, the letter /proc prints
export const R_KIND = 141; // u8
export const R_COMM = 144; // 64 bytes, NUL-padded
export const R_COMM_BYTES = 64;

export const KIND_THREAD = 0;
export const KIND_LEADER = 1;
