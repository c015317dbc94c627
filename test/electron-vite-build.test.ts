/**
 * What electron.vite.config.ts must produce (`npx electron-vite build`, run by `npm test` before
 * vitest): a sandbox-compatible preload, a trainer-worker bundle that really trains (tfjs finds
 * its wasm binaries in its own package), a claims-worker bundle that checks a claim, and a
 * renderer page with its CSP. Skipped when nothing has been built.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createClaimsCheck } from '../main/app/claims-check/claims-check'
import type { ClaimsCommand } from '../main/app/claims-check/claims-messages'
import { runConfigSchema } from '../main/contract/config/schema'
import { startTrainer } from '../main/engine/host/trainer-host'
import { workerThreadTransport } from '../main/engine/host/worker-thread-transport'
import type { TrainEvent } from '../main/contract/trainer-protocol'
import { removeTempDirs, tempDir } from './helpers/temp-dirs'

const out = resolve('out')
afterAll(removeTempDirs)

describe.runIf(existsSync(join(out, 'main', 'index.js')))('the electron-vite build', () => {
  it('bundles the preload as one CommonJS file that requires nothing but electron', async () => {
    const preload = await readFile(join(out, 'preload', 'index.cjs'), 'utf8')
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(preload).not.toMatch(/^import /m)
    expect(preload).toMatch(/exposeInMainWorld\("api"/)
  })

  it('builds a trainer-worker bundle that trains a tiny run on the wasm backend', async () => {
    const config = runConfigSchema.parse({
      model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4 }] },
      training: {
        optimizer: { type: 'sgd', learningRate: 0.05 },
        batchSize: 16,
        epochs: 1,
        maxSteps: 3
      },
      probe: { statsEvery: 2, probeSize: 16 }
    })
    const entry = join(out, 'main', 'trainer-worker.js')
    const handle = startTrainer(
      {
        runId: 'built',
        config,
        data: { kind: 'synthetic', examplesPerClass: 10 },
        backend: 'wasm'
      },
      { transport: workerThreadTransport({ entry }) }
    )
    const events: TrainEvent[] = []
    handle.on((e) => events.push(e))
    const end = await handle.done
    expect(end.status).toBe('completed')
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ backend: 'wasm' })
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3)
  })

  it('builds a claims-worker bundle that checks a claim on the wasm backend', async () => {
    const entry = join(out, 'main', 'claims-worker.js')
    const check = createClaimsCheck({
      transport: () => workerThreadTransport<ClaimsCommand>({ entry })
    })
    const request = {
      data: { kind: 'synthetic' as const, examplesPerClass: 10 },
      seeds: [1],
      preset: 'relu-he',
      cacheDir: await tempDir('claims-built')
    }
    check.start(request, 'synthetic data')
    await check.idle()
    const job = check.status()!
    expect(job.error).toBeNull()
    expect(job.phase).toBe('done')
    expect(job.rows.filter((r) => r.kind === 'check').length).toBeGreaterThan(0)
    expect(job.markdown).toContain('| `relu-he` |')
  }, 60_000)

  it("keeps playwright-core out of the desktop main process's static imports", async () => {
    // Every module index.js loads at start, following static imports between the bundle's files.
    const seen = new Set<string>()
    const statics: string[] = []
    const visit = async (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      const code = await readFile(file, 'utf8')
      for (const m of code.matchAll(/^\s*import\s[^;(]*?["']([^"']+)["']/gm)) {
        statics.push(m[1]!)
        if (m[1]!.startsWith('.')) await visit(resolve(dirname(file), m[1]!))
      }
    }
    await visit(join(out, 'main', 'index.js'))
    expect(statics).toContain('electron')
    expect(statics).not.toContain('playwright-core')
  })

  it('writes the renderer page with its Content-Security-Policy', async () => {
    const html = await readFile(join(out, 'renderer', 'index.html'), 'utf8')
    expect(html).toMatch(/http-equiv="Content-Security-Policy"[^>]*script-src 'self'/)
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[^"]+\.js">/)
  })
})
