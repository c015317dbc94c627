/**
 * The UI's Content-Security-Policy is written twice by necessity: as a header (content-policy.ts)
 * and as a meta tag in renderer/index.html (for pages opened without the header). They must say
 * the same, except `frame-ancestors`, which browsers ignore in a meta tag.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../main/app/content-policy'

function directives(policy: string): string[] {
  return policy
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter((d) => d !== '')
}

function metaPolicy(html: string): string {
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)
  if (!tag?.[1]) throw new Error('renderer/index.html has no Content-Security-Policy meta tag')
  return tag[1]
}

describe('content policy', () => {
  it('renderer/index.html carries the same policy as the header, minus frame-ancestors', () => {
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8')
    const header = directives(CONTENT_SECURITY_POLICY)
    expect(header).toContain("frame-ancestors 'none'")
    expect(directives(metaPolicy(html))).toEqual(
      header.filter((d) => !d.startsWith('frame-ancestors'))
    )
  })
})
