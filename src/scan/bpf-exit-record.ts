// The binary record the exit tracker's drain (bpf/exit_tracker.bpf.c,
// struct exit_record) writes for every process that ended: offsets in
// bytes, little-endian. A read starts with the ring's header, a record
// whose seq is HEADER_SEQ. Change both together.

export const EXIT_RECORD_BYTES = 88;
/** The drain's program runs only while the kernel's buffer holds less than one read asks: read() in these (READ_BYTES there). */
export const EXIT_READ_BYTES = 4096;

export const X_SEQ = 0; // u64: the record's number + 1; all ones in the header
export const X_START_NS = 8; // u64, start_boottime; header: records written (slots taken)
export const X_EXIT_NS = 16; // u64, boottime at the group's exit; header: records dropped (ring full)
export const X_RUNTIME_NS = 24; // u64, the group's cpu time, dead threads included; header: groups seen ending
export const X_MAXRSS_PAGES = 32; // u64, signal->maxrss; header: recorded at their exit (the kernel made no mark)
export const X_PID = 40; // u32
export const X_PPID = 44; // u32, the parent at exit
export const X_EXIT_STATUS = 48; // u32, as wait4: code << 8 | signal
export const X_FLAGS = 52; // u32, PF_*
export const X_COMM = 56; // 16 bytes, NUL-padded
export const X_COMM_BYTES = 16;
export const X_PARENT_COMM = 72; // 16 bytes, NUL-padded: the parent's (its leader's) comm at the exit
