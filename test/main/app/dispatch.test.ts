import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../../main/contract/ipc/contract'
import { appFixture, errorOf, valueOf, type AppFixture } from './app-fixture'

let app: AppFixture
beforeAll(async () => {
  app = await appFixture()
})
afterAll(() => app.cleanup())

describe('dispatch', () => {
  it('refuses channels that are not in the contract, without echoing huge names back', async () => {
    expect(errorOf(await app.call('fs:read', { path: '/etc/passwd' }))).toMatch(
      /Unknown request channel "fs:read"/
    )
    expect(errorOf(await app.call(42))).toMatch(/Unknown request channel "number"/)
    const long = errorOf(await app.call('x'.repeat(100_000)))
    expect(long.length).toBeLessThan(200)
    expect(errorOf(await app.call('__proto__'))).toMatch(/Unknown request channel/)
    expect(errorOf(await app.call('constructor'))).toMatch(/Unknown request channel/)
  })

  it('answers every contract channel with a Result, never a throw, for a hostile request', async () => {
    const hostile = [null, 7, 'x', [], { evil: true }, { path: 12 }, { runId: '../../etc' }]
    for (const channel of INVOKE_CHANNELS) {
      for (const request of hostile) {
        const result = await app.call(channel, request)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok)
          expect(result.error).toMatch(new RegExp(`"${channel}"|no folder dialog|not training`))
      }
    }
  })

  it('rejects wrong types and unknown fields naming the field, and runs nothing', async () => {
    const before = valueOf(await app.call('settings:get'))
    expect(errorOf(await app.call('settings:set', { backend: 'gpu-please' }))).toMatch(/backend/)
    expect(errorOf(await app.call('settings:set', { theme: 'dark', rootPath: '/' }))).toMatch(
      /rootPath|Unrecognized/
    )
    expect(errorOf(await app.call('settings:set', { reducedMotion: 'yes' }))).toMatch(
      /reducedMotion/
    )
    expect(valueOf(await app.call('settings:get'))).toEqual(before)
  })

  it('refuses path strings that are huge or carry NUL bytes before touching the disk', async () => {
    const huge = `/${'a'.repeat(10_000)}`
    expect(
      errorOf(await app.call('data:scan', { source: { kind: 'folder', path: huge } }))
    ).toMatch(/4096/)
    expect(
      errorOf(await app.call('data:scan', { source: { kind: 'folder', path: '/tmp\0/x' } }))
    ).toMatch(/NUL/)
    expect(errorOf(await app.call('data:scan', { source: { kind: 'folder', path: '' } }))).toMatch(
      /empty/
    )
  })

  it('refuses run ids that are paths', async () => {
    for (const runId of ['../x', '/etc', 'a/b', '..', '.hidden', 'a\\b', '']) {
      expect(errorOf(await app.call('runs:open', { runId }))).toMatch(/runId/)
    }
  })
})
