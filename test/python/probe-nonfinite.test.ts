/**
 * The PyTorch probe on a layer with NaN values: its statistics leave NaN out, as the engine's do.
 * The probe's fast path runs first and its "every value finite" flag travels in the same transfer;
 * here the flag is 0, so the masked statistics must be what the probe wrote, equal to the engine's
 * own (main/stats) on the pre-activation computed by hand.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { readRun } from '../../main/runs/run-reader'
import { tensorStats } from '../../main/stats/tensor-stats'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { printedRunDir, runFixture, torchMissing } from './python-torch'

afterAll(removeTempDirs)

const missing = torchMissing()

describe.skipIf(missing !== null)('the PyTorch probe on non-finite activations', () => {
  it('counts the NaN rows and summarizes only the finite ones, like main/stats', async () => {
    const stdout = await runFixture('nonfinite.py', [await tempDir('trainscape-nonfinite-')])
    const lines = stdout.trim().split('\n')
    const pre = Float32Array.from(JSON.parse(lines[1]!) as (number | null)[], (v) => v ?? NaN)
    const run = await readRun(printedRunDir(stdout))
    const probe = run.probes[0]!.layers[0]!
    const expected = tensorStats(pre, 41, 6)
    // Unit 1 of 3 is NaN on all 16 probe examples.
    expect(probe.pre.nonFinite).toBe(16)
    expect(probe.pre.count).toBe(32)
    expect(expected.nonFinite).toBe(16)
    expect(probe.pre.mean).toBeCloseTo(expected.mean, 6)
    expect(probe.pre.variance).toBeCloseTo(expected.variance, 6)
    expect(probe.pre.histogram.counts).toEqual(expected.histogram.counts)
  }, 120_000)
})
