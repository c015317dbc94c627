import { webgpuSkipReason } from './webgpu-env'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import {
  describeBackend,
  importFailure,
  resolveBackend
} from '../../../../main/engine/backends/resolve'
import { describeAdapter } from '../../../../main/engine/backends/webgpu'

describe('describeAdapter', () => {
  it.each([
    [
      {
        vendor: 'google',
        architecture: 'swiftshader',
        device: '',
        description: 'SwiftShader driver 5.0.0'
      },
      true
    ],
    [
      {
        vendor: 'mesa',
        architecture: '',
        device: 'llvmpipe (LLVM 15.0.6, 256 bits)',
        description: ''
      },
      true
    ],
    [
      {
        vendor: 'intel',
        architecture: 'gen-12lp',
        device: '',
        description: 'x',
        isFallbackAdapter: true
      },
      true
    ],
    [{ vendor: 'apple', architecture: 'metal-3', device: '', description: 'Apple M2' }, false],
    [
      {
        vendor: 'nvidia',
        architecture: 'ampere',
        device: '',
        description: 'NVIDIA GeForce RTX 3060'
      },
      false
    ]
  ])('calls %o software: %s', (info, software) => {
    expect(describeAdapter(info).software).toBe(software)
  })

  it('names the device when the driver gives no description', () => {
    const info = { vendor: 'mesa', architecture: '', device: 'llvmpipe', description: '' }
    expect(describeAdapter(info).description).toBe('llvmpipe')
  })
})

describe('importFailure', () => {
  it('names the missing CUDA library and the versions tfjs-node-gpu 4.22 needs', () => {
    const error = new Error(
      'libcudart.so.11.0: cannot open shared object file: No such file or directory'
    )
    expect(importFailure('@tensorflow/tfjs-node-gpu', 'optional', error)).toBe(
      'libcudart.so.11.0 not found: tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1'
    )
  })
})

describe.skipIf(webgpuSkipReason != null)('resolveBackend with WebGPU', () => {
  it('skips a software adapter on auto, saying which and why', async () => {
    const { backend, notes, adapter } = await resolveBackend('auto')
    expect(backend).not.toBe('webgpu')
    expect(adapter).toBeUndefined()
    const note = notes.find((n) => n.backend === 'webgpu')
    expect(note?.reason).toMatch(
      /^only a software adapter \(google swiftshader \(SwiftShader driver [\d.]+\)\): it runs on the CPU, not a GPU; force --backend webgpu/
    )
  })

  it('uses the software adapter when forced, naming it and labelling it not a GPU', async () => {
    const { backend, notes, adapter } = await resolveBackend('webgpu')
    expect({ backend, notes }).toEqual({ backend: 'webgpu', notes: [] })
    expect(adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', software: true })
    expect(tf.getBackend()).toBe('webgpu')
    expect(await describeBackend('webgpu')).toMatch(
      /^webgpu \(google swiftshader \(SwiftShader driver [\d.]+\); software adapter — not a GPU\)$/
    )
    const sum = tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30]))
    expect(Array.from(await sum.data())).toEqual([11, 22, 33])
    sum.dispose()
  })

  it('says what to use instead when code reads a GPU tensor synchronously', async () => {
    await resolveBackend('webgpu')
    // Big enough that tfjs computes it on the GPU rather than forwarding it to the CPU.
    const product = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]))
    expect(() => product.dataSync()).toThrow(
      'Synchronous readback (dataSync, arraySync) is not available on WebGPU in Node: use await tensor.data() or tensor.array().'
    )
    expect((await product.data())[0]).toBe(64)
    product.dispose()
  })
})
