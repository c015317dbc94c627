/**
 * Matrix products on wasm without transpose flags. The stock wasm BatchMatMul and _FusedMatMul
 * send any product with transposeA or transposeB to a scalar blocked loop; only the plain product
 * reaches XNNPACK's SIMD GEMM. Every backward pass of a dense layer asks for Xᵀ·dY and dY·Wᵀ, so
 * training spent most of its time there. These wrappers transpose the flagged operand first (a
 * C++ copy) and run the plain product: [64×784]ᵀ·[64×256] went from 10.9 to 1.8 ms of CPU.
 * Wrapping the kernel, not the gradient, also covers tf.fused.matMul, whose gradient is a
 * customGrad that registerGradient cannot replace.
 */
import * as tf from '@tensorflow/tfjs'
import { input, transposeLastTwo } from './kernel-calls'
import { asWasmBackend } from '../tfjs-internals'

/** Wraps a stock (_Fused)BatchMatMul kernel. Inputs are not mutated; temporaries are freed. */
export function withoutTransposeFlags(stock: tf.KernelFunc): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const flags = attrs as unknown as tf.BatchMatMulAttrs
    if (!flags.transposeA && !flags.transposeB) return stock({ inputs, backend, attrs })
    const wasm = asWasmBackend(backend)
    const [a0, b0] = [input(inputs, 'a'), input(inputs, 'b')]
    const a = flags.transposeA ? transposeLastTwo(wasm, a0) : a0
    const b = flags.transposeB ? transposeLastTwo(wasm, b0) : b0
    try {
      const plain = { ...attrs, transposeA: false, transposeB: false }
      return stock({ inputs: { ...inputs, a, b }, backend, attrs: plain })
    } finally {
      if (a !== a0) wasm.disposeData(a.dataId)
      if (b !== b0) wasm.disposeData(b.dataId)
    }
  }
}
