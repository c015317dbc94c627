;; The Adam update, four floats at a time, on the wasm backend's own memory (adam-update.ts).
;; f32x4 arithmetic rounds every product and sum to float32, as tfjs's op chain does, and
;; WebAssembly's float ops are IEEE-exact, so the result equals tfjs's bit for bit.
;; Byte offsets $x $m $v $g $out, $bytes in all (a multiple of 16); the scalars come rounded to
;; float32 the way tfjs rounds them. Writes $m, $v and $out.
(module
  (import "env" "memory" (memory 0))
  (func (export "adam")
    (param $x i32) (param $m i32) (param $v i32) (param $g i32) (param $out i32) (param $bytes i32)
    (param $beta1 f32) (param $beta2 f32) (param $keep1 f32) (param $keep2 f32)
    (param $correction1 f32) (param $correction2 f32) (param $epsilon f32) (param $negLr f32)
    (local $i i32)
    (local $B1 v128) (local $B2 v128) (local $K1 v128) (local $K2 v128)
    (local $C1 v128) (local $C2 v128) (local $EPS v128) (local $NLR v128)
    (local $gi v128) (local $mi v128) (local $vi v128)
    (local.set $B1 (f32x4.splat (local.get $beta1)))
    (local.set $B2 (f32x4.splat (local.get $beta2)))
    (local.set $K1 (f32x4.splat (local.get $keep1)))
    (local.set $K2 (f32x4.splat (local.get $keep2)))
    (local.set $C1 (f32x4.splat (local.get $correction1)))
    (local.set $C2 (f32x4.splat (local.get $correction2)))
    (local.set $EPS (f32x4.splat (local.get $epsilon)))
    (local.set $NLR (f32x4.splat (local.get $negLr)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $gi (v128.load align=1 (i32.add (local.get $g) (local.get $i))))
        ;; m' = m·β₁ + g·(1−β₁)
        (local.set $mi
          (f32x4.add
            (f32x4.mul (v128.load align=1 (i32.add (local.get $m) (local.get $i))) (local.get $B1))
            (f32x4.mul (local.get $gi) (local.get $K1))))
        ;; v' = v·β₂ + (g·g)·(1−β₂)
        (local.set $vi
          (f32x4.add
            (f32x4.mul (v128.load align=1 (i32.add (local.get $v) (local.get $i))) (local.get $B2))
            (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $K2))))
        (v128.store align=1 (i32.add (local.get $m) (local.get $i)) (local.get $mi))
        (v128.store align=1 (i32.add (local.get $v) (local.get $i)) (local.get $vi))
        ;; x' = ((m'/c₁) / (√(v'/c₂) + ε))·(−lr) + x
        (v128.store align=1 (i32.add (local.get $out) (local.get $i))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mi) (local.get $C1))
                (f32x4.add
                  (f32x4.sqrt (f32x4.div (local.get $vi) (local.get $C2)))
                  (local.get $EPS)))
              (local.get $NLR))
            (v128.load align=1 (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))))
