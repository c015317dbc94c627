import { spawn, type ChildProcess } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../../../main/config/presets'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { RUN_FILES } from '../../../../main/contract/runs/run-files'
import { createRunWriter } from '../../../../main/runs/run-writer'
import { deleteRun, listRuns, recoverInterrupted } from '../../../../main/runs/store/run-store'
import { processStartTime } from '../../../../main/runs/writer-process'
import { formatWriterStamp } from '../../../../main/runs/writer-stamp'
import { removeTempDirs, tempDir } from '../../../helpers/temp-dirs'

/**
 * A run folder left "running" by a writer that died, whose writer.pid now names a live,
 * unrelated process (a spawned `sleep`): the reused-PID situation after a crash.
 */
let out: string
let sleeper: ChildProcess
beforeAll(async () => {
  out = await tempDir('stale-writer')
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' })
  await new Promise((r) => sleeper.once('spawn', r))
})
afterAll(async () => {
  sleeper.kill()
  await removeTempDirs()
})

async function runLeftRunning(id: string, stamp: string): Promise<void> {
  const config = presetConfig('relu-he') as RunConfig
  await createRunWriter(out, { runId: id, config, data: { kind: 'sample' }, backend: 'cpu' })
  await writeFile(join(out, id, RUN_FILES.writerPid), stamp)
}

const statusOf = async (id: string) => {
  const listed = (await listRuns(out)).find((r) => (r.ok ? r.run.id : r.id) === id)
  return listed?.ok ? listed.run.status : listed?.error
}

describe.runIf(process.platform === 'linux')('a writer.pid naming a reused PID', () => {
  it('reads as running while the named process is the writer that started it', async () => {
    const start = await processStartTime(sleeper.pid!)
    expect(start).toMatch(/^\d+$/)
    await runLeftRunning(
      'genuine',
      formatWriterStamp({ pid: sleeper.pid!, start, host: hostname() })
    )
    expect(await statusOf('genuine')).toBe('running')
    await expect(deleteRun(out, 'genuine')).rejects.toThrow(/still training/)
  })

  it('reads as interrupted when the PID is alive but started at another time, and deletes', async () => {
    const start = Number(await processStartTime(sleeper.pid!))
    const reused = formatWriterStamp({
      pid: sleeper.pid!,
      start: String(start - 1),
      host: hostname()
    })
    await runLeftRunning('reused', reused)
    expect(await statusOf('reused')).toBe('interrupted')
    // The test process itself, with a start time that is not its own, is no writer either.
    const self = formatWriterStamp({ pid: process.pid, start: '1', host: hostname() })
    await runLeftRunning('self-reused', self)
    expect(await statusOf('self-reused')).toBe('interrupted')

    expect((await recoverInterrupted(out)).sort()).toEqual(['reused', 'self-reused'])
    await deleteRun(out, 'reused')
    expect((await listRuns(out)).map((r) => (r.ok ? r.run.id : r.id)).sort()).toEqual([
      'genuine',
      'self-reused'
    ])
  })
})
