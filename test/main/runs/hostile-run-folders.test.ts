/**
 * Hostile run folders: what an outside review put into a run folder to crash, hang or escape the
 * app, each against the real store, reader and follower on a run trained by the real CLI. Every
 * case failed (hung, escaped or deleted) before its fix.
 */
import { execFileSync, spawn } from 'node:child_process'
import { cp, mkdir, readdir, readFile, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUN_FILES } from '../../../main/contract/runs/run-files'
import { detail } from '../../../main/app/handlers/run-handlers'
import { followRun } from '../../../main/app/run-follower'
import { exportRun } from '../../../main/runs/export/export-run'
import { readRun } from '../../../main/runs/run-reader'
import {
  deleteRun,
  listRuns,
  openRun,
  renameRun,
  tagRun
} from '../../../main/runs/store/run-store'
import { removeTempDirs, tempDir, tinyConfig, trainRun } from './train-cli'

afterAll(removeTempDirs)

let runs: string
let original: string

beforeAll(async () => {
  const root = await tempDir('hostile-runs')
  const dir = await trainRun(
    root,
    tinyConfig({
      name: 'hostile',
      data: { trainPerClass: 10 },
      training: {
        optimizer: { type: 'adam', learningRate: 0.01 },
        batchSize: 50,
        epochs: 1,
        seed: 1
      }
    })
  )
  runs = join(root, 'runs')
  original = basename(dir)
}, 240_000)

let copies = 0
/** A fresh copy of the trained run under the runs folder; returns its id. */
async function copyRun(): Promise<string> {
  const id = `20990101-000000-copy-${String(++copies).padStart(4, '0')}`
  await cp(join(runs, original), join(runs, id), { recursive: true })
  return id
}

/** Replaces `file` of run `id` with a named pipe no one writes to. */
async function fifo(id: string, file: string): Promise<void> {
  await rm(join(runs, id, file))
  execFileSync('mkfifo', [join(runs, id, file)])
}

describe('a run folder holding a named pipe', () => {
  it('lists and opens without blocking when summary.json is a named pipe, and keeps it', async () => {
    const id = await copyRun()
    await fifo(id, RUN_FILES.summary)
    const listed = (await listRuns(runs)).find((r) => (r.ok ? r.run.id : r.id) === id)
    expect(listed).toMatchObject({
      ok: false,
      error: expect.stringMatching(/named pipe, not a file/)
    })
    const opened = await openRun(runs, id)
    expect(opened.summary.reason).toMatch(/summary\.json is damaged/)
    // Without a readable summary.json the folder carries no run marker: shown, never deleted.
    await expect(deleteRun(runs, id)).rejects.toThrow(/is not a Trainscape run \(.*named pipe/)
    expect(await readdir(runs)).toContain(id)
  }, 10_000)

  it('refuses a steps.jsonl that is a named pipe with a message naming it', async () => {
    const id = await copyRun()
    await fifo(id, RUN_FILES.steps)
    await expect(openRun(runs, id)).rejects.toThrow(
      `${join(runs, id, RUN_FILES.steps)} is a named pipe, not a file`
    )
  }, 10_000)

  it('keeps following a run whose probes.jsonl is a named pipe, and reads its other files', async () => {
    const id = await copyRun()
    await fifo(id, RUN_FILES.probes)
    await rm(join(runs, id, RUN_FILES.summary))
    const batches: unknown[] = []
    const follower = await followRun(join(runs, id), (batch) => batches.push(batch))
    // No summary and no writer: the run is over, and the follower says so without hanging.
    await expect
      .poll(() => batches.length, { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(0)
    follower.stop()
    expect(JSON.stringify(batches)).toMatch(/"type":"end"/)
  }, 10_000)
})

describe('a run folder holding symbolic links', () => {
  it('does not read steps.jsonl through a link to a file outside the run folder', async () => {
    const id = await copyRun()
    const outside = join(await tempDir('outside'), 'secret.jsonl')
    await writeFile(outside, '{"step":0,"epoch":0,"loss":1,"acc":0.5,"lr":0.1,"ms":1}\n')
    await rm(join(runs, id, RUN_FILES.steps))
    await symlink(outside, join(runs, id, RUN_FILES.steps))
    await expect(readRun(join(runs, id))).rejects.toThrow(/steps\.jsonl is a symbolic link/)
  })

  it('shows no evaluation read through a link to a file outside the run folder', async () => {
    const id = await copyRun()
    const outside = join(await tempDir('outside'), 'evaluation.json')
    await cp(join(runs, original, RUN_FILES.evaluation), outside)
    await rm(join(runs, id, RUN_FILES.evaluation))
    await symlink(outside, join(runs, id, RUN_FILES.evaluation))
    expect((await openRun(runs, id)).evaluation).toBeNull()
    expect((await openRun(runs, original)).evaluation).not.toBeNull()
  })

  it('refuses a config.json that links to a folder', async () => {
    const id = await copyRun()
    await rm(join(runs, id, RUN_FILES.config))
    await mkdir(join(runs, id, 'elsewhere'))
    await symlink(join(runs, id, 'elsewhere'), join(runs, id, RUN_FILES.config))
    await expect(readRun(join(runs, id))).rejects.toThrow(/config\.json is a symbolic link/)
  })
})

describe('a folder that is not a Trainscape run', () => {
  /** A model folder as other tools write it: a config.json, weights, no run summary. */
  async function modelFolder(id: string, summary?: string): Promise<string> {
    const dir = join(runs, id)
    await mkdir(dir)
    await writeFile(join(dir, 'config.json'), '{"architectures": ["ResNet"], "hidden_size": 64}')
    await writeFile(join(dir, 'model.safetensors'), 'weights')
    if (summary !== undefined) await writeFile(join(dir, RUN_FILES.summary), summary)
    return dir
  }

  it('lists a model folder holding config.json as not a run and never deletes, renames or tags it', async () => {
    const id = '20990102-000000-model-0001'
    await modelFolder(id)
    const listed = (await listRuns(runs)).find((r) => (r.ok ? r.run.id : r.id) === id)
    expect(listed).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is not a Trainscape run \(it has no summary\.json\)/)
    })
    await expect(deleteRun(runs, id)).rejects.toThrow(/never changes or deletes it/)
    await expect(renameRun(runs, id, 'mine')).rejects.toThrow()
    await expect(tagRun(runs, id, ['x'])).rejects.toThrow()
    expect((await readdir(join(runs, id))).sort()).toEqual(['config.json', 'model.safetensors'])
  })

  it('refuses a folder whose run config is valid but whose summary.json has no format marker', async () => {
    const id = await copyRun()
    await writeFile(join(runs, id, RUN_FILES.summary), '{"status": "completed", "id": "x"}')
    await expect(deleteRun(runs, id)).rejects.toThrow(/has no "format" marker/)
    await expect(renameRun(runs, id, 'mine')).rejects.toThrow(/has no "format" marker/)
    expect(await readdir(runs)).toContain(id)
  })
})

/**
 * Swaps folder `a` and link `b` (both in `dir`) with renameat2(RENAME_EXCHANGE) in a tight loop
 * until killed: the review's race, where `export` is a real folder when checked and a link to
 * elsewhere when written.
 */
function swapper(dir: string) {
  const script = [
    'import ctypes, os, sys',
    'libc = ctypes.CDLL(None, use_errno=True)',
    'os.chdir(sys.argv[1])',
    'while True: libc.renameat2(-100, b"export", -100, b"export-link", 2)'
  ].join('\n')
  return spawn('/usr/bin/python3', ['-c', script, dir], { stdio: 'ignore' })
}

/** Every file under `dir`, as paths relative to it (links not followed). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name))
}

describe('an export folder swapped for a link while exporting', () => {
  it('never writes outside the runs folder and leaves no temporary file', async () => {
    const id = await copyRun()
    const dir = join(runs, id)
    const outside = await tempDir('outside')
    await mkdir(join(dir, 'export'))
    await symlink(outside, join(dir, 'export-link'))
    const swapping = swapper(dir)
    const outcomes: boolean[] = []
    try {
      for (let i = 0; i < 40; i++) {
        for (const outcome of await exportRun(dir, ['html', 'csv'], join(dir, 'export'), {
          confineTo: runs
        }))
          outcomes.push(outcome.ok)
      }
    } finally {
      swapping.kill()
    }
    expect(await filesUnder(outside)).toEqual([])
    const inside = await filesUnder(dir)
    expect(inside.filter((f) => f.includes('.tmp-'))).toEqual([])
    // Some exports land (the folder was real at that moment), the rest are refused.
    expect(outcomes.length).toBe(80)
  }, 60_000)
})

describe('run files crafted to stall the app', () => {
  it('leaves out a 2000-class evaluation.json, saying why, and still opens the run', async () => {
    const id = await copyRun()
    const n = 2000
    const row = `[${new Array(n).fill(0).join(',')}]`
    const crafted =
      `{"format":1,"classes":[${new Array(n).fill('"c"').join(',')}],"step":1,"splits":[` +
      `{"split":"val","confusion":[${new Array(n).fill(row).join(',')}],` +
      `"counts":${row},"perClassAccuracy":${row},"accuracy":0}],` +
      `"misclassified":[],"misclassifiedTotal":0}`
    await writeFile(join(runs, id, RUN_FILES.evaluation), crafted)
    const run = await openRun(runs, id)
    expect(run.evaluation).toBeNull()
    expect(run.integrity.evaluationError).toMatch(/evaluation\.json is left out: .*\$\.classes: expected at most 500 items, got 2000/)
    expect((await openRun(runs, original)).evaluation).not.toBeNull()
  })

  it('leaves out an evaluation whose matrix does not match its classes or names no class', async () => {
    const id = await copyRun()
    const path = join(runs, id, RUN_FILES.evaluation)
    const evaluation = JSON.parse(await readFile(path, 'utf8'))
    evaluation.misclassified = [{ ...evaluation.misclassified[0], trueClass: 99 }]
    evaluation.splits[0].confusion.pop()
    await writeFile(path, JSON.stringify(evaluation))
    const run = await openRun(runs, id)
    expect(run.evaluation).toBeNull()
    expect(run.integrity.evaluationError).toMatch(/confusion: not 10 × 10.*class index past/)
  })

  it('skips a probe record without units as a bad line; the others reach the views', async () => {
    const id = await copyRun()
    const path = join(runs, id, RUN_FILES.probes)
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    const broken = JSON.parse(lines[1]!)
    delete broken.layers[0].units
    lines[1] = JSON.stringify(broken)
    await writeFile(path, `${lines.join('\n')}\n`)
    const run = await openRun(runs, id)
    expect(run.probes).toHaveLength(lines.length - 1)
    expect(run.integrity.badLines.probes).toEqual([2])
    expect(run.probes.every((p) => p.layers.every((l) => Array.isArray(l.units.state)))).toBe(true)
  })

  it('checks summary.json against its schema: a crafted one lists as damaged, opens rebuilt', async () => {
    const id = await copyRun()
    const path = join(runs, id, RUN_FILES.summary)
    const summary = JSON.parse(await readFile(path, 'utf8'))
    await writeFile(path, JSON.stringify({ ...summary, layers: '<b>x</b>', steps: -1 }))
    const listed = (await listRuns(runs)).find((r) => (r.ok ? r.run.id : r.id) === id)
    expect(listed).toMatchObject({
      ok: false,
      error: expect.stringMatching(/summary\.json is not a run summary \(\$\.steps: expected >= 0, got -1\)/)
    })
    const run = await openRun(runs, id)
    expect(run.summary.reason).toMatch(/summary\.json is damaged; this summary is rebuilt/)
    expect(Array.isArray(run.summary.layers)).toBe(true)
    await deleteRun(runs, id) // still marked as a run: it can be removed
    expect(await readdir(runs)).not.toContain(id)
  })

  it('checks layers.json against its schema: a layer without units is refused, naming the file', async () => {
    const id = await copyRun()
    const path = join(runs, id, RUN_FILES.layers)
    const layers = JSON.parse(await readFile(path, 'utf8'))
    delete layers[0].units
    await writeFile(path, JSON.stringify(layers))
    await expect(openRun(runs, id)).rejects.toThrow(
      /layers\.json is not a run's layers file \(\$\[0\]: .*units/
    )
  })

  it('opens a steps.jsonl ending in 300 MiB without a newline, the torn tail skipped unread', async () => {
    const id = await copyRun()
    const path = join(runs, id, RUN_FILES.steps)
    const recorded = (await readFile(path, 'utf8')).trim().split('\n').length
    await truncate(path, 300 * 2 ** 20) // sparse: no disk used
    const run = await openRun(runs, id)
    expect(run.steps).toHaveLength(recorded)
    expect(run.integrity.tornTail.steps).toBe(true)
  }, 60_000)

  it('opens a genuinely long run thinned to the caps, saying it shows N of M records', async () => {
    const id = await copyRun()
    const dir = join(runs, id)
    const lines = (await readFile(join(dir, RUN_FILES.steps), 'utf8')).trim().split('\n')
    const last = JSON.parse(lines.at(-1)!)
    const more = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ ...last, step: last.step + i + 1, loss: 1 / (i + 2) })
    )
    await writeFile(join(dir, RUN_FILES.steps), `${[...lines, ...more].join('\n')}\n`)
    const caps = { steps: { maxRecords: 101, maxBytes: 2 ** 20 } }
    const run = await openRun(runs, id, { caps })
    expect(run.integrity.recorded.steps).toBe(lines.length + 5000)
    expect(run.steps.length).toBeLessThanOrEqual(101)
    expect(run.steps.at(-1)?.step).toBe(last.step + 5000)
    expect(detail(run).warnings).toContain(
      `Showing ${run.steps.length} of the ${lines.length + 5000} records of steps.jsonl: a run ` +
        `this long is thinned to what one window holds (each stretch of steps keeps its lowest ` +
        `and highest loss, and the last step).`
    )
  }, 30_000)

  it('follows a file that grows by 3 GiB between checks a slice at a time, without crashing', async () => {
    const id = await copyRun()
    const dir = join(runs, id)
    await writeFile(join(dir, RUN_FILES.writerPid), `${process.pid}\n`)
    const batches: { events: { type: string }[] }[] = []
    const follower = await followRun(dir, (batch) => batches.push(batch))
    const steps = join(dir, RUN_FILES.steps)
    const { size } = await stat(steps)
    await truncate(steps, size + 3 * 2 ** 30) // 3 GiB of zero bytes, sparse
    await new Promise((done) => setTimeout(done, 2500))
    follower.stop()
    expect(batches.flatMap((b) => b.events).filter((e) => e.type === 'step')).toEqual([])
  }, 20_000)
})

describe('a writer.pid that would keep a run running for ever', () => {
  it('lists a run whose writer.pid names another host and a future heartbeat as interrupted, and deletes it', async () => {
    const id = await copyRun()
    const dir = join(runs, id)
    const summary = JSON.parse(await readFile(join(dir, RUN_FILES.summary), 'utf8'))
    await writeFile(join(dir, RUN_FILES.summary), JSON.stringify({ ...summary, status: 'running' }))
    const pid = join(dir, RUN_FILES.writerPid)
    await writeFile(pid, '{"pid": 4242, "start": "1", "host": "elsewhere.invalid"}\n')
    const future = new Date('2100-01-01T00:00:00Z')
    await utimes(pid, future, future)
    const listed = (await listRuns(runs)).find((r) => r.ok && r.run.id === id)
    expect(listed?.ok && listed.run.status).toBe('interrupted')
    await deleteRun(runs, id)
    expect(await readdir(runs)).not.toContain(id)
  })
})
