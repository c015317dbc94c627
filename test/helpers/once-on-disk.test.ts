/**
 * The suite's make-once helper: concurrent askers share one making, the value comes back with
 * its non-finite numbers, a failure reaches every asker, and a lock left by a dead process is
 * taken over.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { onceOnDisk } from './once-on-disk'
import { removeTempDirs, tempDir } from './temp-dirs'

afterAll(removeTempDirs)

describe('onceOnDisk', () => {
  it('makes a value once for concurrent askers, who all get it with NaN and Infinity intact', async () => {
    const dir = join(await tempDir('once'), 'value')
    let made = 0
    const make = async () => {
      made++
      await new Promise((wake) => setTimeout(wake, 300))
      return { loss: Number.NaN, ratio: Number.POSITIVE_INFINITY, steps: [1, 2] }
    }
    const values = await Promise.all([onceOnDisk(dir, make), onceOnDisk(dir, make)])
    expect(made).toBe(1)
    for (const v of values) expect(v).toEqual({ loss: NaN, ratio: Infinity, steps: [1, 2] })
    expect(await onceOnDisk(dir, make)).toEqual(values[0])
    expect(made).toBe(1)
  })

  it("gives every asker the maker's error, and does not make again", async () => {
    const dir = join(await tempDir('once'), 'failing')
    let made = 0
    const make = async (): Promise<number> => {
      made++
      await new Promise((wake) => setTimeout(wake, 300))
      throw new Error('the run diverged')
    }
    const results = await Promise.allSettled([onceOnDisk(dir, make), onceOnDisk(dir, make)])
    expect(made).toBe(1)
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect(String((r as PromiseRejectedResult).reason)).toContain('the run diverged')
    }
  })

  it('takes over a lock whose process has ended', async () => {
    const dir = join(await tempDir('once'), 'stale')
    // The pid of a process that has certainly ended: a child that already exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    await mkdir(join(dir, 'lock'), { recursive: true })
    await writeFile(join(dir, 'lock', 'pid'), String(dead))
    expect(await onceOnDisk(dir, () => Promise.resolve(42))).toBe(42)
  })
})
