/**
 * The README and docs/ link to each other and to files in the tree: every relative link must
 * name a file that exists, and every #anchor a heading of the page it points to.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const pages = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name))
]

/** Markdown links and images outside code spans and fences: [text](target) → target. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? '')
}

/** GitHub's heading slugs: lower case, punctuation dropped, spaces to hyphens. */
function headingSlugs(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, '')
  const slugs = [...prose.matchAll(/^#+\s+(.+)$/gm)].map((match) =>
    (match[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
  )
  return new Set(slugs)
}

describe('documentation links', () => {
  it('finds the README and several docs pages', () => {
    expect(pages.length).toBeGreaterThan(5)
  })

  for (const page of pages) {
    it(`resolves every relative link in ${relative(root, page)}`, () => {
      const markdown = readFileSync(page, 'utf8')
      const broken: string[] = []
      for (const target of linkTargets(markdown)) {
        if (/^[a-z]+:/i.test(target)) continue
        const [path = '', anchor] = target.split('#')
        const file = path === '' ? page : resolve(dirname(page), decodeURI(path))
        if (!existsSync(file)) {
          broken.push(`${target}: no such file`)
          continue
        }
        if (anchor !== undefined && file.endsWith('.md')) {
          if (!headingSlugs(readFileSync(file, 'utf8')).has(anchor))
            broken.push(`${target}: no such heading`)
        }
      }
      expect(broken).toEqual([])
    })
  }
})
