/**
 * A genuinely long run's records read as a stream: generated steps and probes files far past the
 * caps (the caps are a parameter, so the path a 450 MB file takes runs here at a few MB), and a
 * file read while a timer measures whether the event loop keeps ticking.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toLine } from '../../../main/contract/json-lines'
import type { StepRecord } from '../../../main/contract/runs/records'
import { readRecords } from '../../../main/runs/run-records'
import { removeTempDirs, tempDir } from './train-cli'

afterAll(removeTempDirs)

const step = (i: number, loss: number): StepRecord => ({
  step: i + 1,
  epoch: Math.floor(i / 1000),
  loss,
  acc: 0.5,
  lr: 0.01,
  ms: 3
})

/** steps.jsonl of `n` steps whose loss falls as 1/(1+i/1000), with a NaN at `nanAt`. */
async function longSteps(dir: string, n: number, nanAt: number): Promise<string> {
  const path = join(dir, 'steps.jsonl')
  const lines: string[] = []
  for (let i = 0; i < n; i++) lines.push(toLine(step(i, i === nanAt ? NaN : 1 / (1 + i / 1000))))
  await writeFile(path, lines.join(''))
  return path
}

describe('readRecords on a long run', () => {
  it('thins 20,000 steps to the cap, keeping the first, the last, the divergence and the count', async () => {
    const dir = await tempDir('long-steps')
    const path = await longSteps(dir, 20_000, 13_000)
    const read = await readRecords<StepRecord>(path, 'steps', { maxRecords: 301, maxBytes: 2 ** 20 })
    expect(read.total).toBe(20_000)
    expect(read.records.length).toBeLessThanOrEqual(301)
    expect(read.records.length).toBeGreaterThan(150)
    const steps = read.records.map((r) => r.step)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(steps[0]).toBe(1)
    expect(steps.at(-1)).toBe(20_000)
    expect(read.records.find((r) => Number.isNaN(r.loss))?.step).toBe(13_001)
    expect(read.badLines).toEqual([])
    expect(read.tornTail).toBe(false)
  })

  it('thins probes to evenly spaced ones and the newest, and skips a bad kept line by number', async () => {
    const dir = await tempDir('long-probes')
    const path = join(dir, 'probes.jsonl')
    const probe = (s: number) => toLine({ step: s, epoch: 0, layers: [] })
    const lines = Array.from({ length: 5000 }, (_, i) => probe(i * 10))
    lines[2048] = '{"step": "not a probe"}\n' // a kept line (stride 512 keeps 2048)
    await writeFile(path, `${lines.join('')}{"step": 50000, "epo`)
    const read = await readRecords<{ step: number }>(path, 'probes', {
      maxRecords: 40,
      maxBytes: 2 ** 20
    })
    expect(read.total).toBe(5000)
    expect(read.tornTail).toBe(true)
    expect(read.badLines).toEqual([2049])
    const steps = read.records.map((r) => r.step)
    // 30 evenly spaced (stride 256 would keep 20: 5000/256 → 20 ≤ 30; 128 → 40 > 30) + 10 newest.
    const spaced = Array.from({ length: 20 }, (_, k) => k * 256 * 10).filter((s) => s !== 20480)
    const newest = Array.from({ length: 10 }, (_, k) => (4990 + k) * 10)
    expect(steps).toEqual([...spaced, ...newest])
  })

  it('skips a line longer than the longest line without reading it into a string', async () => {
    const dir = await tempDir('long-line')
    const path = join(dir, 'steps.jsonl')
    await writeFile(path, `${toLine(step(0, 1))}${'x'.repeat(3 * 2 ** 20)}\n${toLine(step(1, 1))}`)
    const { streamLines } = await import('../../../main/runs/line-stream')
    const seen: number[] = []
    const end = await streamLines(path, (_text, n) => seen.push(n), 2 ** 20)
    expect(seen).toEqual([1, 3])
    expect(end).toEqual({ tornTail: false, longLines: [2] })
  })

  it('keeps the event loop ticking while a large steps file is read', async () => {
    const dir = await tempDir('loop-steps')
    const path = await longSteps(dir, 15_000, -1) // about 1 MB: seconds of schema checks
    let last = performance.now()
    let longestGap = 0
    const timer = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
    }, 1)
    const started = performance.now()
    const read = await readRecords<StepRecord>(path, 'steps')
    const took = performance.now() - started
    clearInterval(timer)
    expect(read.total).toBe(15_000)
    // Parsed in one piece, the longest gap is the whole parse; streamed, a slice at a time.
    expect(longestGap).toBeLessThan(took / 5)
  }, 60_000)
})
