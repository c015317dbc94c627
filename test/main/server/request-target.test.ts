/** Reading a request's target and Host without trusting them. */
import { describe, expect, it } from 'vitest'
import { hostMatches, requestPath } from '../../../main/server/request-target'

describe('requestPath', () => {
  it('gives the path of origin-form and absolute-form targets', () => {
    expect(requestPath('/t/abc/?x=1')).toBe('/t/abc/')
    expect(requestPath('http://example/t/abc/ws')).toBe('/t/abc/ws')
  })

  it('gives null for targets that are no URL instead of throwing', () => {
    for (const target of ['http://[', 'http://a:99999/', 'http://[/ws', '', undefined]) {
      expect(requestPath(target)).toBeNull()
    }
  })
})

describe('hostMatches', () => {
  it('accepts the bound address and port, and the loopback names for a loopback server', () => {
    expect(hostMatches('127.0.0.1:5217', '127.0.0.1', 5217)).toBe(true)
    expect(hostMatches('localhost:5217', '127.0.0.1', 5217)).toBe(true)
    expect(hostMatches('[::1]:5217', '::1', 5217)).toBe(true)
    expect(hostMatches('192.168.1.5:80', '192.168.1.5', 80)).toBe(true)
    expect(hostMatches('192.168.1.5', '192.168.1.5', 80)).toBe(true)
  })

  it('refuses other names, other ports, a missing or malformed Host', () => {
    expect(hostMatches('evil.example:5217', '127.0.0.1', 5217)).toBe(false)
    expect(hostMatches('127.0.0.1:5218', '127.0.0.1', 5217)).toBe(false)
    expect(hostMatches('localhost:5217', '192.168.1.5', 5217)).toBe(false)
    expect(hostMatches(undefined, '127.0.0.1', 5217)).toBe(false)
    for (const bad of ['[', '[zz]:5217', '127.0.0.1:5217/x', 'a b:5217', '127.0.0.1:']) {
      expect(hostMatches(bad, '127.0.0.1', 5217)).toBe(false)
    }
  })

  it('accepts any name with the right port on a server bound to every address', () => {
    expect(hostMatches('gpubox.local:5217', '0.0.0.0', 5217)).toBe(true)
    expect(hostMatches('gpubox.local:5218', '0.0.0.0', 5217)).toBe(false)
  })
})
