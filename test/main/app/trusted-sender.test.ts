import { describe, expect, it } from 'vitest'
import { isAppUrl, isTrustedSender } from '../../../main/app/trusted-sender'

const APP = 'app://trainscape/index.html'

describe('isTrustedSender', () => {
  it('trusts the main frame showing the app', () => {
    expect(
      isTrustedSender({ isMainFrame: true, url: 'app://trainscape/index.html#/runs' }, APP)
    ).toBe(true)
  })

  it('refuses sub-frames, gone frames and foreign pages', () => {
    expect(isTrustedSender({ isMainFrame: false, url: APP }, APP)).toBe(false)
    expect(isTrustedSender({ isMainFrame: true, url: null }, APP)).toBe(false)
    expect(isTrustedSender({ isMainFrame: true, url: 'https://evil.example/' }, APP)).toBe(false)
    expect(isTrustedSender({ isMainFrame: true, url: 'app://evil/index.html' }, APP)).toBe(false)
    expect(isTrustedSender({ isMainFrame: true, url: 'file:///index.html' }, APP)).toBe(false)
    expect(isTrustedSender({ isMainFrame: true, url: 'not a url' }, APP)).toBe(false)
    expect(
      isTrustedSender({ isMainFrame: true, url: 'data:text/html,<script>1</script>' }, APP)
    ).toBe(false)
  })
})

describe('isAppUrl', () => {
  it('compares origins for the dev server and paths for file URLs', () => {
    expect(isAppUrl('http://localhost:5173/?x', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(
      isAppUrl('file:///app/out/renderer/index.html', 'file:///app/out/renderer/index.html')
    ).toBe(true)
    expect(isAppUrl('file:///tmp/evil.html', 'file:///app/out/renderer/index.html')).toBe(false)
  })
})
