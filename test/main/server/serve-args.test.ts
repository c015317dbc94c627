import { describe, expect, it } from 'vitest'
import { SERVE_DEFAULTS, parseServeArgs } from '../../../main/server/serve-args'

describe('parseServeArgs', () => {
  it('defaults to 127.0.0.1 and no data roots', () => {
    expect(parseServeArgs([])).toEqual({ ok: true, value: SERVE_DEFAULTS })
    expect(SERVE_DEFAULTS.host).toBe('127.0.0.1')
  })

  it('takes repeated --data-root, --port and --host in both spellings', () => {
    const parsed = parseServeArgs([
      '--port',
      '0',
      '--host=0.0.0.0',
      '--data-root',
      '/a',
      '--data-root=/b'
    ])
    expect(parsed).toEqual({
      ok: true,
      value: { ...SERVE_DEFAULTS, port: 0, host: '0.0.0.0', dataRoots: ['/a', '/b'] }
    })
  })

  it('names the bad flag and what it takes', () => {
    expect(parseServeArgs(['--port', '70000'])).toEqual({
      ok: false,
      error: expect.stringMatching(/--port must be a whole number from 0 to 65535; got "70000"/)
    })
    expect(parseServeArgs(['--port'])).toEqual({
      ok: false,
      error: expect.stringMatching(/--port <value>' argument missing/)
    })
    expect(parseServeArgs(['--data-root', '--port'])).toEqual({
      ok: false,
      error: expect.stringMatching(/'--data-root' argument is ambiguous/)
    })
    expect(parseServeArgs(['--token', 'x'])).toEqual({
      ok: false,
      error: expect.stringMatching(/Unknown option '--token'/)
    })
    expect(parseServeArgs(['folder'])).toEqual({
      ok: false,
      error: expect.stringMatching(/Unexpected argument 'folder'/)
    })
  })

  it('answers null for --help', () => {
    expect(parseServeArgs(['--port', '1', '--help'])).toEqual({ ok: true, value: null })
  })
})
