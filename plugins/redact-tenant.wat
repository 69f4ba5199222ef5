;; redact-tenant: the example filter plugin of the ABI infrawatch-filter-v1
;; (README "Filter plugins"). It masks tenant names, "tenant-" followed by
;; [a-z0-9]+, as "tenant-****" in every field it is handed, and drops a row
;; whose command line holds "--iw-private". Built by scripts/build-plugins.sh
;; (wat2wasm, Debian's wabt) into dist/plugins/redact-tenant.wasm.
;;
;; Memory: the agent's field at 64 KiB, the replacement right after it
;; (room for 3× the field: each "tenant-x" grows by at most 3 bytes), grown
;; to fit; never past the declared maximum of 64 pages (4 MiB).
(module
  (memory (export "memory") 1 64)
  (global $out (mut i32) (i32.const 0))
  (data (i32.const 16) "tenant-")
  (data (i32.const 32) "--iw-private")

  (func (export "iw_filter_v1_input") (param $len i32) (result i32)
    (local $need i32) (local $have i32)
    (local.set $need (i32.add (i32.const 65536) (i32.mul (local.get $len) (i32.const 3))))
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $need) (local.get $have))
      (then (drop (memory.grow (i32.div_u (i32.add (i32.sub (local.get $need) (local.get $have)) (i32.const 65535)) (i32.const 65536))))))
    (i32.const 65536))

  ;; Whether the bytes at $at (before $end) start with the $n bytes at $lit.
  (func $starts (param $at i32) (param $end i32) (param $lit i32) (param $n i32) (result i32)
    (local $i i32)
    (if (i32.gt_u (i32.add (local.get $at) (local.get $n)) (local.get $end)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $i))) (i32.load8_u (i32.add (local.get $lit) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; [a-z0-9]
  (func $id_char (param $c i32) (result i32)
    (i32.or
      (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
      (i32.and (i32.ge_u (local.get $c) (i32.const 48)) (i32.le_u (local.get $c) (i32.const 57)))))

  (func (export "iw_filter_v1") (param $field i32) (param $len i32) (result i32)
    (local $in i32) (local $end i32) (local $o i32) (local $mark i32) (local $changed i32)
    (local.set $in (i32.const 65536))
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    ;; field 1, command_line: "--iw-private" anywhere drops the row (DROP, -2).
    (if (i32.eq (local.get $field) (i32.const 1))
      (then
        (block $scanned
          (loop $scan
            (br_if $scanned (i32.ge_u (local.get $in) (local.get $end)))
            (if (call $starts (local.get $in) (local.get $end) (i32.const 32) (i32.const 12)) (then (return (i32.const -2))))
            (local.set $in (i32.add (local.get $in) (i32.const 1)))
            (br $scan)))
        (local.set $in (i32.const 65536))))
    (global.set $out (local.get $end))
    (local.set $o (local.get $end))
    (block $copied
      (loop $copy
        (br_if $copied (i32.ge_u (local.get $in) (local.get $end)))
        (if (call $starts (local.get $in) (local.get $end) (i32.const 16) (i32.const 7))
          (then
            (memory.copy (local.get $o) (i32.const 16) (i32.const 7))
            (local.set $o (i32.add (local.get $o) (i32.const 7)))
            (local.set $in (i32.add (local.get $in) (i32.const 7)))
            (local.set $mark (local.get $in))
            (block $id_done
              (loop $id
                (br_if $id_done (i32.ge_u (local.get $in) (local.get $end)))
                (br_if $id_done (i32.eqz (call $id_char (i32.load8_u (local.get $in)))))
                (local.set $in (i32.add (local.get $in) (i32.const 1)))
                (br $id)))
            (if (i32.gt_u (local.get $in) (local.get $mark))
              (then
                (i32.store (local.get $o) (i32.const 0x2a2a2a2a))
                (local.set $o (i32.add (local.get $o) (i32.const 4)))
                (local.set $changed (i32.const 1)))))
          (else
            (i32.store8 (local.get $o) (i32.load8_u (local.get $in)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $in (i32.add (local.get $in) (i32.const 1)))))
        (br $copy)))
    ;; Nothing masked: KEEP (-1), the field ships as it is.
    (if (result i32) (local.get $changed)
      (then (i32.sub (local.get $o) (global.get $out)))
      (else (i32.const -1))))

  (func (export "iw_filter_v1_output") (result i32) (global.get $out)))
