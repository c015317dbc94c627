import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUN_FILES } from '../../../../main/contract/runs/run-files'
import { readRun } from '../../../../main/runs/run-reader'
import { listRuns, recoverInterrupted } from '../../../../main/runs/store/run-store'
import { finished, spawnTrain, removeTempDirs, tempDir, tinyConfig } from '../train-cli'

afterAll(removeTempDirs)

/** Total time the kill loop may use (the brief bounds it at 60 s). */
const BUDGET_MS = 50_000

interface Kill {
  dir: string
  /** steps.jsonl exactly as the killed trainer left it. */
  stepsText: string
  delayMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function newRunDir(runsRoot: string, known: Set<string>): Promise<string | null> {
  const found = (await readdir(runsRoot).catch(() => [])).filter(
    (d) => !known.has(d) && !d.startsWith('.')
  )
  return found.length > 0 ? join(runsRoot, found[0]!) : null
}

/**
 * Starts a long run, waits for its config.json (delay 0: kill as soon as the run exists) or its
 * first step (delay > 0), sleeps `delayMs`, then SIGKILLs it.
 */
async function trainAndKill(
  root: string,
  delayMs: number,
  known: Set<string>
): Promise<Kill | null> {
  const config = tinyConfig({
    data: { trainPerClass: 20 },
    training: {
      optimizer: { type: 'sgd', learningRate: 0.05 },
      batchSize: 20,
      epochs: 200,
      seed: 5
    },
    probe: { statsEvery: 3, probeSize: 32 }
  })
  const child = await spawnTrain(root, config)
  const done = finished(child)
  const runsRoot = join(root, 'runs')
  const until = Date.now() + 30_000
  let dir: string | null = null
  while (Date.now() < until && child.exitCode === null) {
    dir ??= await newRunDir(runsRoot, known)
    const file = delayMs === 0 ? RUN_FILES.config : RUN_FILES.steps
    const ready = dir && (await readFile(join(dir, file), 'utf8').catch(() => '')).length > 0
    if (ready) break
    await sleep(15)
  }
  await sleep(delayMs)
  child.kill('SIGKILL')
  const end = await done
  if (!dir || end.signal !== 'SIGKILL') return null
  known.add(dir.split('/').pop()!)
  return {
    dir,
    stepsText: await readFile(join(dir, RUN_FILES.steps), 'utf8').catch(() => ''),
    delayMs
  }
}

let root: string
const kills: Kill[] = []

beforeAll(async () => {
  root = await tempDir('kill')
  const known = new Set<string>()
  const started = Date.now()
  const delays = [0, 700, 150, 1500, 400, 1000]
  for (const base of delays) {
    if (Date.now() - started > BUDGET_MS - 12_000) break
    const kill = await trainAndKill(
      root,
      base === 0 ? 0 : Math.round(base * (0.5 + Math.random())),
      known
    )
    if (kill) kills.push(kill)
  }
}, 70_000)

describe('a trainer killed with SIGKILL at random points', () => {
  it('was killed several times within the time budget', () => {
    expect(kills.length).toBeGreaterThanOrEqual(3)
    const lines = kills.map((k) => k.stepsText.split('\n').length - 1)
    console.info(
      `killed after ${lines.join(', ')} complete step records (delays ${kills.map((k) => k.delayMs).join(', ')} ms)`
    )
    expect(lines.some((n) => n > 0)).toBe(true)
  })

  it('reopens with every step recorded before the kill, in order, and no torn record', async () => {
    for (const kill of kills) {
      const run = await readRun(kill.dir)
      const complete = kill.stepsText
        .split('\n')
        .slice(0, -1)
        .filter((l) => l !== '')
      expect(run.steps).toHaveLength(complete.length)
      expect(run.steps.map((s) => s.step)).toEqual(complete.map((_, i) => run.steps[0]!.step + i))
      expect(run.steps.every((s) => Number.isFinite(s.loss) && Number.isFinite(s.acc))).toBe(true)
      expect(run.integrity.tornTail.steps).toBe(
        kill.stepsText.length > 0 && !kill.stepsText.endsWith('\n')
      )
      for (const probe of run.probes) expect(probe.layers).toHaveLength(run.layers.length)
    }
  })

  it('reads as interrupted, with the recorded step count and a reason', async () => {
    for (const kill of kills) {
      const run = await readRun(kill.dir)
      expect(run.summary.status).toBe('interrupted')
      expect(run.summary.steps).toBe(run.steps.length)
      expect(run.summary.reason).toMatch(/stopped without finishing/)
    }
  })

  it('drops a torn last line, even one that parses, and flags it', async () => {
    const kill = kills[kills.length - 1]
    const before = await readRun(kill!.dir)
    const last = before.steps.at(-1) ?? { step: 0, epoch: 0, loss: 1, acc: 0, lr: 0.1, ms: 1 }
    const stepsPath = join(kill!.dir, RUN_FILES.steps)
    const original = await readFile(stepsPath, 'utf8')
    const repaired =
      original.endsWith('\n') || original === ''
        ? original
        : original.slice(0, original.lastIndexOf('\n') + 1)
    await writeFile(stepsPath, `${repaired}{"step":${last.step + 1},"epoch":0,"lo`)
    const torn = await readRun(kill!.dir)
    expect(torn.integrity.tornTail.steps).toBe(true)
    expect(torn.steps.map((s) => s.step)).not.toContain(last.step + 1)
    await writeFile(stepsPath, `${repaired}${JSON.stringify({ ...last, step: last.step + 1 })}`)
    expect((await readRun(kill!.dir)).steps.map((s) => s.step)).not.toContain(last.step + 1)
    await appendFile(stepsPath, '\n')
    expect((await readRun(kill!.dir)).steps.at(-1)?.step).toBe(last.step + 1)
    await writeFile(stepsPath, original)
  })

  it('reads as running while its writer process is alive', async () => {
    const kill = kills[0]
    await writeFile(join(kill!.dir, RUN_FILES.writerPid), String(process.pid))
    const summary = JSON.parse(
      await readFile(join(kill!.dir, RUN_FILES.summary), 'utf8').catch(() => '{"status":"running"}')
    )
    if (summary.status === 'running')
      expect((await readRun(kill!.dir)).summary.status).toBe('running')
    expect((await readRun(kill!.dir, { liveRunIds: new Set() })).integrity.writerAlive).toBe(true)
    await writeFile(join(kill!.dir, RUN_FILES.writerPid), '999999999')
    expect((await readRun(kill!.dir)).integrity.writerAlive).toBe(false)
  })

  it('is marked interrupted on disk by recovery, once', async () => {
    const runsRoot = join(root, 'runs')
    const recovered = await recoverInterrupted(runsRoot)
    expect(recovered.sort()).toEqual(kills.map((k) => k.dir.split('/').pop()).sort())
    for (const kill of kills) {
      const stored = JSON.parse(await readFile(join(kill.dir, RUN_FILES.summary), 'utf8')) as {
        status: string
        steps: number
      }
      expect(stored.status).toBe('interrupted')
      expect(stored.steps).toBe((await readRun(kill.dir)).steps.length)
    }
    expect(await recoverInterrupted(runsRoot)).toEqual([])
    const listed = await listRuns(runsRoot)
    expect(listed.map((r) => (r.ok ? r.run.status : r.error))).toEqual(
      kills.map(() => 'interrupted')
    )
  })
})
