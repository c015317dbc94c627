/**
 * DistributedDataParallel: two gloo processes on loopback train one global batch of 32 per step
 * (16 each) with the probe on both ranks. Only rank 0 writes, so there is exactly one run, and its
 * steps and gradient norms (DDP's all-reduced gradients) match one process on the same batch.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readRun } from '../../main/runs/run-reader'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { runFixture, torchMissing } from './python-torch'

afterAll(removeTempDirs)

const missing = torchMissing()

async function onlyRun(out: string) {
  const entries = await readdir(out)
  expect(entries).toHaveLength(1)
  return readRun(join(out, entries[0]!))
}

describe.skipIf(missing !== null)('PyTorch probe under DistributedDataParallel', () => {
  it('2 gloo processes write one run whose steps match a single process with the same global batch', async () => {
    const [ddpOut, singleOut] = [await tempDir('torch-ddp'), await tempDir('torch-single')]
    await runFixture('ddp.py', [ddpOut, '--world', '2', '--steps', '20'], 180_000)
    await runFixture('ddp.py', [singleOut, '--world', '1', '--steps', '20'])
    const [ddp, single] = [await onlyRun(ddpOut), await onlyRun(singleOut)]
    expect(ddp.summary.status).toBe('completed')
    expect(ddp.steps).toHaveLength(20)
    ddp.steps.forEach((s, i) => {
      expect(s.step).toBe(single.steps[i]!.step)
      expect(s.loss).toBeCloseTo(single.steps[i]!.loss, 5)
      expect(s.acc).toBe(single.steps[i]!.acc)
    })
    expect(ddp.probes.map((p) => p.step)).toEqual(single.probes.map((p) => p.step))
    ddp.probes.forEach((p, i) =>
      p.layers.forEach((layer, l) => {
        const other = single.probes[i]!.layers[l]
        expect(layer.gradNorm).toBeCloseTo(other!.gradNorm, 5)
        expect(layer.deadFraction).toBe(other!.deadFraction)
        expect(layer.pre.mean).toBeCloseTo(other!.pre.mean, 5)
      })
    )
  }, 240_000)
})
