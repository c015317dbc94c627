/**
 * The resolver where the optional native packages are installed, on any machine: tfjs-node is
 * stood in for by a module that registers a 'tensorflow' backend (as the real package does),
 * tfjs-node-gpu by one that fails to load, and webgpu (Dawn) by one that fails too. resolve.test.ts covers the packages as they
 * really are here; this file holds whether or not they are.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it, vi } from 'vitest'
import {
  BACKEND_ORDER,
  importFailure,
  resolveBackend
} from '../../../../main/engine/backends/resolve'

vi.mock('@tensorflow/tfjs-node', async () => {
  const tfjs = await import('@tensorflow/tfjs')
  const cpu = tfjs.engine().registryFactory.cpu
  if (!cpu) throw new Error('The cpu backend is not registered.')
  tfjs.registerBackend('tensorflow', cpu.factory)
  return {}
})
// Present but broken, as where CUDA is missing (vitest wraps the factory's error).
vi.mock('@tensorflow/tfjs-node-gpu', () => {
  throw new Error('libcudart.so.11.0: cannot open shared object file')
})

// No WebGPU adapter, whatever GPU the machine has, so 'auto' passes webgpu by as it does here.
vi.mock('webgpu', () => {
  throw new Error('no WebGPU in this test')
})

describe('resolveBackend with tfjs-node installed', () => {
  it("'auto' uses it and notes why every backend before it was skipped", async () => {
    const { backend, notes } = await resolveBackend('auto')
    expect(backend).toBe('node')
    const before = BACKEND_ORDER.map((c) => c.name)
    expect(notes.map((n) => n.backend)).toEqual(before.slice(0, before.indexOf('node')))
    expect(notes[0]?.backend).toBe('node-gpu')
    expect(notes[0]?.reason).toMatch(/^@tensorflow\/tfjs-node-gpu failed to load: /)
    expect(tf.getBackend()).toBe('tensorflow')
  })

  it("a forced 'node' uses it with no notes", async () => {
    await expect(resolveBackend('node')).resolves.toEqual({ backend: 'node', notes: [] })
    expect(tf.getBackend()).toBe('tensorflow')
  })

  it("a forced 'node-gpu' that fails to load names the error and the way out", async () => {
    await expect(resolveBackend('node-gpu')).rejects.toThrow(
      /Backend 'node-gpu' is not available: @tensorflow\/tfjs-node-gpu failed to load: .*install @tensorflow\/tfjs-node-gpu; or choose 'auto'/
    )
  })
})

describe('importFailure', () => {
  const needs = 'optional; needs libtensorflow'
  const notFound = (specifier: string, code: string) =>
    Object.assign(new Error(`Cannot find package '${specifier}' imported from resolve.ts`), {
      code
    })

  it('says a package is not installed when the import cannot find it (ESM or CommonJS)', () => {
    for (const code of ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])
      expect(
        importFailure('@tensorflow/tfjs-node', needs, notFound('@tensorflow/tfjs-node', code))
      ).toBe('@tensorflow/tfjs-node is not installed (optional; needs libtensorflow)')
  })

  it('says it failed to load, with the message, when something else is missing or broken', () => {
    expect(
      importFailure('@tensorflow/tfjs-node', needs, notFound('sharp', 'ERR_MODULE_NOT_FOUND'))
    ).toBe(
      "@tensorflow/tfjs-node failed to load: Cannot find package 'sharp' imported from resolve.ts"
    )
    expect(importFailure('@tensorflow/tfjs-node', needs, new Error('invalid ELF header'))).toBe(
      '@tensorflow/tfjs-node failed to load: invalid ELF header'
    )
  })

  it('keeps the first line of a multi-line load error (tfjs-node adds rebuild advice and a link)', () => {
    const missingAddon = new Error(
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/tfjs_binding.node. \n' +
        "Please run command 'npm rebuild @tensorflow/tfjs-node --build-addon-from-source' to rebuild.\n" +
        'If you have problem with building the addon module, please check https://example.invalid'
    )
    expect(importFailure('@tensorflow/tfjs-node', needs, missingAddon)).toBe(
      '@tensorflow/tfjs-node failed to load: The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/tfjs_binding.node.'
    )
  })
})
