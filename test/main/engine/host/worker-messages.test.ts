import { describe, expect, it } from 'vitest'
import { presetConfig } from '../../../../main/config/presets'
import { parseHostCommand, parseTrainEvent } from '../../../../main/engine/host/worker-messages'

const config = presetConfig('relu-he')

describe('parseHostCommand', () => {
  it('accepts pause, resume and stop', () => {
    for (const type of ['pause', 'resume', 'stop'] as const)
      expect(parseHostCommand({ type })).toEqual({ ok: true, value: { type } })
  })

  it('accepts a start whose request is complete, filling config defaults', () => {
    const request = {
      runId: 'r1',
      config,
      data: { kind: 'synthetic', examplesPerClass: 4 },
      backend: 'cpu'
    }
    const parsed = parseHostCommand({ type: 'start', request })
    expect(parsed.ok).toBe(true)
    if (parsed.ok && parsed.value.type === 'start')
      expect(parsed.value.request.config).toEqual(config)
  })

  it('accepts a prepare with its backend, threads and memo file, and passes threads on with a start', () => {
    expect(
      parseHostCommand({ type: 'prepare', backend: 'auto', threads: 2, memoFile: '/m.json' })
    ).toEqual({
      ok: true,
      value: { type: 'prepare', backend: 'auto', threads: 2, memoFile: '/m.json' }
    })
    expect(parseHostCommand({ type: 'prepare', backend: 'quantum' })).toEqual({
      ok: false,
      error: 'prepare.backend must be one of auto, node-gpu, webgpu, node, wasm, cpu'
    })
    const request = { runId: 'r1', config, data: { kind: 'sample' }, backend: 'wasm', threads: 2 }
    const parsed = parseHostCommand({ type: 'start', request })
    expect(parsed.ok && parsed.value.type === 'start' && parsed.value.request.threads).toBe(2)
  })

  it('refuses unknown commands and non-objects with a message naming what arrived', () => {
    expect(parseHostCommand({ type: 'explode' })).toEqual({
      ok: false,
      error: 'unknown command "explode"'
    })
    expect(parseHostCommand(null)).toMatchObject({
      ok: false,
      error: expect.stringContaining('null')
    })
    expect(parseHostCommand([1])).toMatchObject({
      ok: false,
      error: expect.stringContaining('list')
    })
  })

  it('refuses a start with a bad backend, data source or configuration, naming the field', () => {
    const base = { runId: 'r1', config, data: { kind: 'synthetic' }, backend: 'cpu' }
    const bad = (request: unknown) => parseHostCommand({ type: 'start', request })
    expect(bad({ ...base, backend: 'gpu' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('request.backend')
    })
    expect(bad({ ...base, data: { kind: 'folder' } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('request.data.path')
    })
    expect(bad({ ...base, runId: '' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('runId')
    })
    const broken = {
      ...base,
      config: { ...config, training: { ...config?.training, batchSize: -1 } }
    }
    expect(bad(broken)).toMatchObject({
      ok: false,
      error: expect.stringContaining('training.batchSize')
    })
  })
})

describe('parseTrainEvent', () => {
  it('accepts known events and rejects unknown tags or missing payloads', () => {
    const step = { type: 'step', record: { step: 0, epoch: 0, loss: 1, acc: 0, lr: 0.1, ms: 3 } }
    expect(parseTrainEvent(step)).toBe(step)
    expect(parseTrainEvent({ type: 'gossip' })).toBeNull()
    expect(parseTrainEvent({ type: 'step' })).toBeNull()
    expect(parseTrainEvent('step')).toBeNull()
  })
})
