/**
 * The dependency graph of main/, read from the real source files with TypeScript's own import
 * scanner and collapsed to folders: no folder-level cycle (at the level of each folder and of the
 * top-level folders under main/), and the contract layer (main/contract/) imports nothing from the
 * rest of the project and no Electron, tfjs, Svelte, sharp or file system.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve('.')
const MAIN = join(ROOT, 'main')
const CONTRACT = join(MAIN, 'contract')
/** The packages the contract layer may use: schemas and the chart scale, nothing with I/O. */
const CONTRACT_PACKAGES = new Set(['zod', 'd3-scale'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return info.importedFiles.map((f) => f.fileName)
}

/** The file a relative specifier names (.ts, a .js spelling of it, or a folder's index.ts). */
function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec)
  for (const candidate of [
    base,
    `${base}.ts`,
    base.replace(/\.js$/, '.ts'),
    join(base, 'index.ts')
  ]) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // not this spelling
    }
  }
  return base
}

interface Edge {
  from: string
  to: string
  spec: string
}

function importEdges(files: readonly string[]): Edge[] {
  return files.flatMap((from) =>
    specifiers(from)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from, to: resolveRelative(from, spec), spec }))
  )
}

/**
 * The node a file belongs to when main/ is collapsed to folders `depth` levels deep: its folder
 * cut to `depth` segments, or the file itself when it lies shallower (so a folder's own files and
 * its subfolders are told apart, and only cycles between folders count).
 */
function nodeOf(file: string, depth: number): string {
  const parts = relative(MAIN, dirname(file)).split(sep).filter(Boolean)
  return parts.length >= depth ? ['main', ...parts.slice(0, depth)].join('/') : relative(ROOT, file)
}

/** The cycles of a directed graph: each strongly connected component with more than one node. */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string): void => {
    index.set(node, index.size)
    low.set(node, index.get(node)!)
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== node)
    if (component.length > 1) found.push(component.sort())
  }
  for (const node of edges.keys()) if (!index.has(node)) visit(node)
  return found
}

/** The folder graph at `depth`, each cycle listed with the file imports that close it. */
function folderCycles(edges: readonly Edge[], depth: number): string[] {
  const graph = new Map<string, Set<string>>()
  for (const { from, to } of edges) {
    if (!to.startsWith(MAIN + sep)) continue
    const [a, b] = [nodeOf(from, depth), nodeOf(to, depth)]
    if (a === b) continue
    graph.set(a, (graph.get(a) ?? new Set()).add(b))
    if (!graph.has(b)) graph.set(b, new Set())
  }
  return cycles(graph).map((component) => {
    const inside = new Set(component)
    const witnesses = edges
      .filter(({ from, to }) => {
        const [a, b] = [nodeOf(from, depth), nodeOf(to, depth)]
        return a !== b && inside.has(a) && inside.has(b)
      })
      .map(({ from, to }) => `${relative(ROOT, from)} → ${relative(ROOT, to)}`)
    return `${component.join(' ⇄ ')}\n    ${witnesses.join('\n    ')}`
  })
}

const edges = importEdges(sourceFiles(MAIN))

describe('the import graph of main/', () => {
  it('finds the imports it checks (the scanner reads the real files)', () => {
    expect(edges.length).toBeGreaterThan(300)
    expect(edges.some(({ to }) => to.startsWith(CONTRACT + sep))).toBe(true)
  })

  const deepest = Math.max(
    ...edges.map(({ from }) => relative(MAIN, dirname(from)).split(sep).length)
  )
  it.each(Array.from({ length: deepest }, (_, i) => i + 1))(
    'has no cycle between folders collapsed %i level(s) deep',
    (depth) => {
      expect(folderCycles(edges, depth)).toEqual([])
    }
  )

  it('keeps the contract layer at the bottom: it imports only itself, zod and d3-scale', () => {
    const contractFiles = sourceFiles(CONTRACT)
    const upward = importEdges(contractFiles)
      .filter(({ to }) => !to.startsWith(CONTRACT + sep))
      .map(({ from, spec }) => `${relative(ROOT, from)} imports ${spec}`)
    const packages = contractFiles.flatMap((file) =>
      specifiers(file)
        .filter((spec) => !spec.startsWith('.') && !CONTRACT_PACKAGES.has(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`)
    )
    expect(contractFiles.length).toBeGreaterThan(20)
    expect(upward).toEqual([])
    expect(packages).toEqual([])
  })
})
