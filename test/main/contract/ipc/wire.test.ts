import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire, refusedFrame } from '../../../../main/contract/ipc/wire'

describe('wire codec', () => {
  it('carries NaN and infinities as numbers, like Electron IPC does', () => {
    const text = encodeWire({
      kind: 'push',
      channel: 'train:event',
      payload: {
        runId: 'r',
        droppedSteps: 0,
        events: [
          {
            type: 'step',
            record: { step: 3, epoch: 0, loss: Number.NaN, acc: 0, lr: Infinity, ms: -Infinity }
          }
        ]
      }
    })
    const back = decodeWire(text) as { payload: { events: { record: Record<string, number> }[] } }
    const record = back.payload.events[0]!.record
    expect(record.loss).toBeNaN()
    expect(record.lr).toBe(Infinity)
    expect(record.ms).toBe(-Infinity)
  })

  it('returns null for frames that are not JSON objects', () => {
    for (const text of ['', 'nope', '[1,2]', '3', 'null', '"x"', '{"a":'])
      expect(decodeWire(text)).toBeNull()
    expect(decodeWire('{"id":1,"channel":"app:info"}')).toEqual({ id: 1, channel: 'app:info' })
  })

  it('refuses a frame nested 100,000 levels deep without parsing it, naming its id', () => {
    const deep = `{"id":7,"channel":"app:info","request":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(decodeWire(deep)).toBeNull()
    const refused = refusedFrame(deep)
    expect(refused.id).toBe(7)
    expect(refused.error).toMatch(/nested more than 64 levels deep/)
    expect(refusedFrame('nope')).toEqual({ id: null, error: expect.stringMatching(/not a JSON/) })
  })
})
