/**
 * The dependency graph of the whole product (main/, bench/, scripts/, renderer/, preload/), read
 * from the real source files with TypeScript's own import scanner: every import between areas is
 * an edge the layer table (layers.json, explained in docs/architecture.md) allows, the table
 * itself has no cycle, main/'s folders have no cycle at any depth, and the contract layer
 * (main/contract/) imports nothing from the rest of the project and no Electron, tfjs, Svelte,
 * sharp or file system.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { Linter } from 'eslint'
import ts from 'typescript'
import tseslint from 'typescript-eslint'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import layers from '../layers.json'

const ROOT = resolve('.')
const MAIN = join(ROOT, 'main')
/** The folders the layer table covers. */
const CHECKED = ['main', 'bench', 'scripts', 'renderer', 'preload']
/** Areas outside CHECKED an area may name in the table: test helpers, data files. */
const OUTSIDE = new Set(['test', 'resources'])
const CONTRACT = join(MAIN, 'contract')
/** The packages the contract layer may use: schemas and the chart scale, nothing with I/O. */
const CONTRACT_PACKAGES = new Set(['zod', 'd3-scale'])

/** Source files under `dir`: .ts (and, with `all`, .mts, .mjs, .js, .svelte), no declarations. */
function sourceFiles(dir: string, all = false): string[] {
  const source = all ? /\.(ts|mts|mjs|js|svelte)$/ : /\.ts$/
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules') return []
    if (statSync(path).isDirectory()) return sourceFiles(path, all)
    return source.test(name) && !/\.d\.m?ts$/.test(name) ? [path] : []
  })
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  // A component's imports are in its <script> blocks; the markup is not TypeScript.
  const code = file.endsWith('.svelte')
    ? [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
    : text
  const info = ts.preProcessFile(code, true, true)
  return info.importedFiles.map((f) => f.fileName)
}

/** The file a relative specifier names (.ts, a .js spelling of it, or a folder's index.ts). */
function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec)
  for (const candidate of [
    base,
    `${base}.ts`,
    base.replace(/\.js$/, '.ts'),
    `${base}.mjs`,
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

/**
 * The area of a path under the repository: main/<folder> for main/'s folders, `main` for the
 * files directly in main/, else its top folder (bench, scripts, renderer, preload, test, …).
 */
function areaOf(path: string): string {
  const parts = relative(ROOT, path).split(sep)
  if (parts[0] === 'main') return parts.length > 2 ? `main/${parts[1]}` : 'main'
  return parts[0]!
}

interface Area {
  area: string
  mayImport: string[]
}

/** The imports `edges` make that the table does not allow, one line each. */
function violations(edges: readonly Edge[], table: readonly Area[]): string[] {
  const allowed = new Map(table.map((a) => [a.area, new Set(a.mayImport)]))
  return edges.flatMap(({ from, to, spec }) => {
    const [a, b] = [areaOf(from), areaOf(to)]
    if (a === b || allowed.get(a)?.has(b) === true) return []
    const may = [...(allowed.get(a) ?? [])].join(', ') || 'nothing outside itself'
    return [`${relative(ROOT, from)} imports ${spec} (${a} → ${b}; ${a} may import ${may})`]
  })
}

const table: readonly Area[] = layers.areas
const productFiles = CHECKED.flatMap((root) => sourceFiles(join(ROOT, root), true))
const productEdges = importEdges(productFiles)

describe('the layer table (layers.json)', () => {
  it('reads every area of the product, the components’ imports included', () => {
    expect(productEdges.length).toBeGreaterThan(500)
    const renderer = productEdges.filter(({ from }) => from.endsWith('.svelte'))
    expect(renderer.some(({ to }) => areaOf(to) === 'main/contract')).toBe(true)
  })

  it('lists every folder that holds source, and names only areas it lists', () => {
    const listed = new Set(table.map((a) => a.area))
    const unlisted = [...new Set(productFiles.map(areaOf))].filter((a) => !listed.has(a))
    expect(unlisted).toEqual([])
    const unknown = table.flatMap((a) =>
      a.mayImport.filter((b) => !listed.has(b) && !OUTSIDE.has(b)).map((b) => `${a.area} → ${b}`)
    )
    expect(unknown).toEqual([])
  })

  it('points one way: its edges have no cycle, and contract is at the bottom', () => {
    const graph = new Map(table.map((a) => [a.area, new Set(a.mayImport)]))
    expect(cycles(graph)).toEqual([])
    expect(table.find((a) => a.area === 'main/contract')?.mayImport).toEqual([])
    for (const side of ['renderer', 'preload']) {
      expect(table.find((a) => a.area === side)?.mayImport).toEqual(['main/contract'])
    }
  })

  it('allows every import between areas in main/, bench/, scripts/, renderer/ and preload/', () => {
    expect(violations(productEdges, table)).toEqual([])
  })

  it('is what ESLint enforces: from each area, an import of each other area fails exactly where the table forbids it', async () => {
    const config = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as {
      layerConfigs: Linter.Config[]
    }
    const linter = new Linter({ cwd: ROOT })
    const configs: Linter.Config[] = [
      { plugins: { '@typescript-eslint': tseslint.plugin as never } },
      { files: ['**/*.svelte'], languageOptions: { parser: tseslint.parser } },
      ...config.layerConfigs
    ]
    const lintErrors = (from: string, spec: string): number =>
      linter.verify(`import x from '${spec}'\nexport default x\n`, configs, from).length
    // One real file of each area, the deepest, and one real target in each.
    const deepest = new Map<string, string>()
    for (const file of productFiles) {
      const known = deepest.get(areaOf(file))
      if (known === undefined || file.split(sep).length > known.split(sep).length) {
        deepest.set(areaOf(file), file)
      }
    }
    const disagreements: string[] = []
    for (const { area, mayImport } of table) {
      const from = deepest.get(area)!
      for (const [target, file] of deepest) {
        if (target === area) continue
        let spec = relative(dirname(from), file).replace(/\.(ts|svelte|mjs)$/, '')
        if (!spec.startsWith('.')) spec = `./${spec}`
        const forbidden = lintErrors(relative(ROOT, from), spec) > 0
        if (forbidden === mayImport.includes(target)) {
          disagreements.push(
            `${relative(ROOT, from)} → ${spec}: ESLint ${forbidden ? 'forbids' : 'allows'} it`
          )
        }
      }
    }
    expect(deepest.size).toBe(table.length)
    expect(disagreements).toEqual([])
    // And no import in the tree is one ESLint would refuse.
    const refused = productEdges
      .filter(({ from }) => lintErrors(relative(ROOT, from), '') === 0)
      .filter(({ from, spec }) => lintErrors(relative(ROOT, from), spec) > 0)
      .map(({ from, spec }) => `${relative(ROOT, from)} imports ${spec}`)
    expect(refused).toEqual([])
  })

  it('reports an import the table does not allow, naming the file and the rule', () => {
    const from = join(ROOT, 'main/data/folder/image-cache.ts')
    const edge = { from, to: join(ROOT, 'main/runs/run-writer.ts'), spec: '../../runs/run-writer' }
    expect(violations([edge], table)).toEqual([
      'main/data/folder/image-cache.ts imports ../../runs/run-writer (main/data → main/runs; ' +
        'main/data may import main/contract, main/random, main/files)'
    ])
  })
})

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
