import { MAX_WASM_THREADS } from '../../../../main/engine/backends/thread-count'
import { describe, expect, it } from 'vitest'
import { runConfigSchema } from '../../../../main/contract/config/schema'
import { RUN_ID_MAX_LENGTH } from '../../../../main/contract/runs/run-files'
import {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  isInvokeChannel,
  requestSchemas,
  settingsSchema
} from '../../../../main/contract/ipc/contract'

describe('the IPC contract', () => {
  it('has a request schema for exactly the invoke channels, all namespaced', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...INVOKE_CHANNELS].sort())
    for (const channel of [...INVOKE_CHANNELS, ...PUSH_CHANNELS])
      expect(channel).toMatch(/^[a-z]+:[a-z-]+$/)
  })

  it('knows its channels and nothing else', () => {
    expect(isInvokeChannel('train:start')).toBe(true)
    for (const v of ['train:event', 'toString', '__proto__', 'TRAIN:START', 3, null, undefined]) {
      expect(isInvokeChannel(v)).toBe(false)
    }
  })

  it('takes no argument on the channels that need none, and refuses one', () => {
    for (const channel of [
      'app:info',
      'settings:get',
      'data:open-dialog',
      'data:recent',
      'presets:list',
      'train:status',
      'runs:list'
    ] as const) {
      expect(requestSchemas[channel].safeParse(undefined).success).toBe(true)
      expect(requestSchemas[channel].safeParse({}).success).toBe(false)
    }
  })

  it('refuses unknown fields, folder paths that are not strings, and run ids that are paths', () => {
    expect(
      requestSchemas['data:scan'].safeParse({ source: { kind: 'folder', path: '/x' }, extra: 1 })
        .success
    ).toBe(false)
    expect(
      requestSchemas['data:scan'].safeParse({ source: { kind: 'folder', path: ['/x'] } }).success
    ).toBe(false)
    expect(
      requestSchemas['data:scan'].safeParse({ source: { kind: 'disk', path: '/x' } }).success
    ).toBe(false)
    for (const runId of [
      '../a',
      'a/b',
      '/abs',
      '.',
      '..',
      'a b',
      'x'.repeat(RUN_ID_MAX_LENGTH + 1)
    ]) {
      expect(requestSchemas['runs:open'].safeParse({ runId }).success).toBe(false)
    }
    expect(
      requestSchemas['runs:open'].safeParse({ runId: '20261127-043512-relu-he-3f9a' }).success
    ).toBe(true)
  })

  it('refuses path-like run ids and extra fields on every channel that names a run', () => {
    const id = '20261127-043512-relu-he-3f9a'
    const valid = {
      'runs:open': { runId: id },
      'runs:findings': { runId: id },
      'runs:rename': { runId: id, displayName: 'Baseline' },
      'runs:tag': { runId: id, tags: ['relu'] },
      'runs:delete': { runId: id },
      'runs:rerun': { runId: id },
      'runs:fork': {
        runId: id,
        changes: [{ path: 'training.optimizer.learningRate', value: 1e-4 }]
      },
      'runs:export': { runId: id, format: 'html' }
    } as const
    for (const [channel, request] of Object.entries(valid) as [keyof typeof valid, object][]) {
      expect(requestSchemas[channel].safeParse(request).success).toBe(true)
      expect(requestSchemas[channel].safeParse({ ...request, dir: '/' }).success).toBe(false)
      for (const runId of ['../a', 'a/b', '/abs', '..', 'a\\b', ''])
        expect(requestSchemas[channel].safeParse({ ...request, runId }).success).toBe(false)
    }
    expect(
      requestSchemas['runs:rename'].safeParse({ runId: id, displayName: 'x'.repeat(101) }).success
    ).toBe(false)
    expect(requestSchemas['runs:tag'].safeParse({ runId: id, tags: [3] }).success).toBe(false)
    expect(requestSchemas['runs:export'].safeParse({ runId: id, format: 'exe' }).success).toBe(
      false
    )
  })

  it('fills request defaults so handlers always get complete values', () => {
    const parsed = requestSchemas['data:thumbnails'].parse({ source: { kind: 'sample' } })
    expect(parsed).toEqual({ source: { kind: 'sample' }, perClass: 6, size: 64 })
    expect(settingsSchema.parse({})).toEqual({
      backend: 'auto',
      threads: null,
      theme: 'system',
      reducedMotion: false,
      lastPreset: null,
      lastSource: null
    })
  })

  it('takes a wasm thread count from 1 to MAX_WASM_THREADS in the settings, or null for one per core', () => {
    expect(MAX_WASM_THREADS).toBe(8)
    for (const threads of [1, MAX_WASM_THREADS, null]) {
      expect(requestSchemas['settings:set'].safeParse({ threads }).success).toBe(true)
      expect(settingsSchema.parse({ threads }).threads).toBe(threads)
    }
    for (const threads of [0, MAX_WASM_THREADS + 1, 1.5, '2']) {
      expect(requestSchemas['settings:set'].safeParse({ threads }).success).toBe(false)
      expect(settingsSchema.safeParse({ threads }).success).toBe(false)
    }
  })

  it('leaves the configuration to the field-naming validator (any value passes the envelope)', () => {
    expect(requestSchemas['config:validate'].safeParse({ config: 'anything' }).success).toBe(true)
    expect(runConfigSchema.safeParse('anything').success).toBe(false)
  })
})
