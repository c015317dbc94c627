;; Plain SGD, four floats at a time, on the wasm backend's memory (momentum-update.ts):
;; out = c·g + x with c = −lr in float32, each product and sum rounded to float32 as tfjs's ops.
;; Byte offsets $x $g $out, $bytes in all (a multiple of 16). Writes $out.
(module
  (import "env" "memory" (memory 0))
  (func (export "sgd")
    (param $x i32) (param $g i32) (param $out i32) (param $bytes i32) (param $c f32)
    (local $i i32) (local $C v128)
    (local.set $C (f32x4.splat (local.get $c)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store align=1 (i32.add (local.get $out) (local.get $i))
          (f32x4.add
            (f32x4.mul (local.get $C) (v128.load align=1 (i32.add (local.get $g) (local.get $i))))
            (v128.load align=1 (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))))
