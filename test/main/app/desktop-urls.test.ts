import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, isAllowedExternalLink, rendererUrl } from '../../../main/app/desktop-urls'

describe('rendererUrl', () => {
  it('loads the dev server only in a development build', () => {
    expect(rendererUrl(false, 'http://localhost:5173')).toBe('http://localhost:5173')
    expect(rendererUrl(false, undefined)).toBe(`${APP_ORIGIN}/index.html`)
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app, whose trusted origin stays app://', () => {
    expect(rendererUrl(true, 'https://evil.example/')).toBe('app://trainscape/index.html')
  })
})

describe('isAllowedExternalLink', () => {
  it('opens documentation links on the allow-list', () => {
    expect(
      isAllowedExternalLink('https://www.tensorflow.org/js/guide/layers_for_keras_users')
    ).toBe(true)
    expect(isAllowedExternalLink('https://js.tensorflow.org/api/latest/#layers.dense')).toBe(true)
  })

  it('refuses any other https site, look-alikes, credentials and other schemes', () => {
    for (const url of [
      'https://evil.example/',
      'https://www.tensorflow.org.evil.example/js/',
      'https://www.tensorflow.org/jsx',
      'https://user:pw@www.tensorflow.org/js/',
      'http://www.tensorflow.org/js/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url'
    ])
      expect(isAllowedExternalLink(url)).toBe(false)
  })
})
