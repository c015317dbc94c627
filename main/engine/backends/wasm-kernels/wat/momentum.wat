;; SGD with momentum, four floats at a time, on the wasm backend's memory (momentum-update.ts):
;; a' = m·a + g, then x' = c·a' + x, with m and c = −lr in float32, each product and sum rounded
;; to float32 as tfjs's ops. Byte offsets $x $a $g $outX $outA, $bytes in all (a multiple of 16).
;; Writes $outA and $outX.
(module
  (import "env" "memory" (memory 0))
  (func (export "momentum")
    (param $x i32) (param $a i32) (param $g i32) (param $outX i32) (param $outA i32)
    (param $bytes i32) (param $m f32) (param $c f32)
    (local $i i32) (local $M v128) (local $C v128) (local $next_a v128)
    (local.set $M (f32x4.splat (local.get $m)))
    (local.set $C (f32x4.splat (local.get $c)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $next_a
          (f32x4.add
            (f32x4.mul (local.get $M) (v128.load align=1 (i32.add (local.get $a) (local.get $i))))
            (v128.load align=1 (i32.add (local.get $g) (local.get $i)))))
        (v128.store align=1 (i32.add (local.get $outA) (local.get $i)) (local.get $next_a))
        (v128.store align=1 (i32.add (local.get $outX) (local.get $i))
          (f32x4.add
            (f32x4.mul (local.get $C) (local.get $next_a))
            (v128.load align=1 (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))))
