;; The gradient of a 2×2, stride-2 max pool (max-pool-grad-simd.ts) along one row of windows,
;; four channels at a time. The windows tile the input exactly, so each input position gets
;; either its window's dy (when it is the window's first maximum in row order) or 0: the loop
;; writes all of dx and needs no zeroing. Comparisons are strict against a running maximum that
;; starts at −∞, lane by lane, as the JavaScript loop's (max-pool-grad.ts): NaN never wins and
;; ties go to the first position.
;; $x and $dx: the top-left of a pair of input rows; $dy: that row of outputs (byte offsets);
;; $windows in the row, $cBytes = channels·4, $pitch = the input row pitch in bytes. Writes $dx.
(module
  (import "env" "memory" (memory 0))
  (func (export "pool")
    (param $x i32) (param $dy i32) (param $dx i32) (param $windows i32) (param $cBytes i32)
    (param $pitch i32)
    (local $k i32) (local $j i32) (local $p i32) (local $delta i32) (local $xw i32) (local $yw i32)
    (local $NEG_INF v128) (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $best v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $g v128)
    (local.set $NEG_INF (f32x4.splat (f32.const -inf)))
    (local.set $delta (i32.sub (local.get $dx) (local.get $x)))
    (local.set $xw (local.get $x))
    (local.set $yw (local.get $dy))
    (block $done
      (loop $window
        (br_if $done (i32.ge_u (local.get $k) (local.get $windows)))
        (local.set $j (i32.const 0))
        (block $window_done
          (loop $channels
            (br_if $window_done (i32.ge_u (local.get $j) (local.get $cBytes)))
            ;; the window's four inputs a b / c d, and its dy
            (local.set $p (i32.add (local.get $xw) (local.get $j)))
            (local.set $a (v128.load align=1 (local.get $p)))
            (local.set $b (v128.load align=1 (i32.add (local.get $p) (local.get $cBytes))))
            (local.set $c (v128.load align=1 (i32.add (local.get $p) (local.get $pitch))))
            (local.set $d
              (v128.load align=1
                (i32.add (i32.add (local.get $p) (local.get $pitch)) (local.get $cBytes))))
            (local.set $g (v128.load align=1 (i32.add (local.get $yw) (local.get $j))))
            ;; w_n: input n beats the maximum so far (strict, so NaN never wins); best ← it there
            (local.set $best (local.get $NEG_INF))
            (local.set $w0 (f32x4.gt (local.get $a) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $a) (local.get $best) (local.get $w0)))
            (local.set $w1 (f32x4.gt (local.get $b) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $b) (local.get $best) (local.get $w1)))
            (local.set $w2 (f32x4.gt (local.get $c) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $c) (local.get $best) (local.get $w2)))
            (local.set $w3 (f32x4.gt (local.get $d) (local.get $best)))
            ;; input n is the window's maximum when it won and no later input beat it
            (v128.store align=1 (i32.add (local.get $p) (local.get $delta))
              (v128.and (local.get $g)
                (v128.andnot
                  (v128.andnot (v128.andnot (local.get $w0) (local.get $w1)) (local.get $w2))
                  (local.get $w3))))
            (v128.store align=1
              (i32.add (i32.add (local.get $p) (local.get $cBytes)) (local.get $delta))
              (v128.and (local.get $g)
                (v128.andnot (v128.andnot (local.get $w1) (local.get $w2)) (local.get $w3))))
            (v128.store align=1
              (i32.add (i32.add (local.get $p) (local.get $pitch)) (local.get $delta))
              (v128.and (local.get $g) (v128.andnot (local.get $w2) (local.get $w3))))
            (v128.store align=1
              (i32.add
                (i32.add (i32.add (local.get $p) (local.get $pitch)) (local.get $cBytes))
                (local.get $delta))
              (v128.and (local.get $g) (local.get $w3)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $channels)))
        ;; the next window: two inputs and one output along
        (local.set $xw (i32.add (local.get $xw) (local.get $cBytes)))
        (local.set $xw (i32.add (local.get $xw) (local.get $cBytes)))
        (local.set $yw (i32.add (local.get $yw) (local.get $cBytes)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $window)))))
