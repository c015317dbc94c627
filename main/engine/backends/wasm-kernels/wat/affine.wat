;; Batch norm's backward map (batch-norm-passes.ts), four channels at a time, over rows of $row
;; bytes in which every lane always sees the same channel: out = a[j]·u + b[j]·(v − m[j]) + k[j]
;; for lane block j of each row (dx from dy = u and x = v), coefficients read from memory. Rows
;; outer, lane blocks inner. Byte offsets. Writes $out.
(module
  (import "env" "memory" (memory 0))
  (func (export "affine")
    (param $u i32) (param $v i32) (param $m i32) (param $a i32) (param $b i32) (param $k i32)
    (param $out i32) (param $row i32) (param $bytes i32)
    (local $r i32) (local $j i32) (local $p i32)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $bytes)))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $block
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $p (i32.add (local.get $r) (local.get $j)))
            (v128.store align=1 (i32.add (local.get $out) (local.get $p))
              (f32x4.add
                (f32x4.add
                  (f32x4.mul
                    (v128.load align=1 (i32.add (local.get $a) (local.get $j)))
                    (v128.load align=1 (i32.add (local.get $u) (local.get $p))))
                  (f32x4.mul
                    (v128.load align=1 (i32.add (local.get $b) (local.get $j)))
                    (f32x4.sub
                      (v128.load align=1 (i32.add (local.get $v) (local.get $p)))
                      (v128.load align=1 (i32.add (local.get $m) (local.get $j))))))
                (v128.load align=1 (i32.add (local.get $k) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $block)))
        (local.set $r (i32.add (local.get $r) (local.get $row)))
        (br $rows)))))
