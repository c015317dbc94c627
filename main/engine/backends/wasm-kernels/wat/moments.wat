;; Batch norm's forward sums (batch-norm-passes.ts), four channels at a time. The data is rows of
;; $row bytes in which every lane always sees the same channel; for each block of four lanes j of
;; a row, with d = v − m[j] over all rows: sumA[j] = Σ d and sumB[j] = Σ d·d (float32).
;; Lane blocks outer (two accumulators in registers), rows inner. Byte offsets; $u is unused (the
;; signature is gradient-sums.wat's). Writes $sumA and $sumB.
(module
  (import "env" "memory" (memory 0))
  (func (export "moments")
    (param $u i32) (param $v i32) (param $m i32) (param $sumA i32) (param $sumB i32)
    (param $row i32) (param $bytes i32)
    (local $j i32) (local $i i32) (local $end i32)
    (local $A v128) (local $B v128) (local $mj v128) (local $d v128)
    (local $w v128) ;; unused: gradient-sums.wat's u, kept so both declare the same locals
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $j) (local.get $row)))
        (local.set $mj (v128.load align=1 (i32.add (local.get $m) (local.get $j))))
        (local.set $A (f32x4.splat (f32.const 0)))
        (local.set $B (local.get $A))
        (local.set $i (local.get $j))
        (local.set $end (i32.add (local.get $j) (local.get $bytes)))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $d
              (f32x4.sub
                (v128.load align=1 (i32.add (local.get $v) (local.get $i)))
                (local.get $mj)))
            (local.set $A (f32x4.add (local.get $A) (local.get $d)))
            (local.set $B (f32x4.add (local.get $B) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $i (i32.add (local.get $i) (local.get $row)))
            (br $rows)))
        (v128.store align=1 (i32.add (local.get $sumA) (local.get $j)) (local.get $A))
        (v128.store align=1 (i32.add (local.get $sumB) (local.get $j)) (local.get $B))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $block)))))
