/**
 * Probe(dataset=…): summary.json's dataset holds exactly the facts the script passed (name,
 * classes, per-split counts, input shape, normalization) with baselines computed from the counts,
 * says nothing it was not told, and refuses facts that contradict the model with a message
 * naming the fact.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { readRun } from '../../main/runs/run-reader'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { PACKAGE, PYTHON, torchMissing } from './python-torch'

afterAll(removeTempDirs)

/** Runs a Probe on a 3-class linear model with `dataset` (a Python expression); prints the run
 *  folder, or the ValueError's message. */
async function probeWith(dataset: string): Promise<string> {
  const out = await tempDir('torch-dataset')
  const script = `
import sys, torch
sys.path.insert(0, ${JSON.stringify(PACKAGE)})
from torch import nn
from trainscape_probe import Probe
try:
    probe = Probe(nn.Sequential(nn.Flatten(), nn.Linear(48, 3)), run_dir=sys.argv[1],
                  probe_inputs=torch.rand(8, 3, 4, 4), dataset=${dataset})
except ValueError as e:
    print(e)
else:
    probe.close()
    print(probe.dir)
`
  const { stdout } = await promisify(execFile)(PYTHON, ['-c', script, out], {
    env: { ...process.env, OMP_NUM_THREADS: '1' }
  })
  return stdout.trim()
}

describe.skipIf(torchMissing() !== null)('Probe(dataset=…)', () => {
  it('records the facts given, with chance and majority-class baselines from the counts', async () => {
    const dir = await probeWith(
      `dict(name="CIFAR-3", classes=["cat", "dog", "ship"], input_shape=(3, 4, 4),
            counts={"train": [50, 30, 20], "val": {"cat": 6, "dog": 3, "ship": 1}},
            mean=(0.49, 0.48, 0.45), std=(0.25, 0.24, 0.26))`
    )
    const { dataset } = (await readRun(dir)).summary
    expect(dataset).toEqual({
      root: '',
      name: 'CIFAR-3',
      classes: ['cat', 'dog', 'ship'],
      counts: { train: { cat: 50, dog: 30, ship: 20 }, val: { cat: 6, dog: 3, ship: 1 } },
      skipped: [],
      inputShape: [4, 4, 3],
      normalization: { mode: 'standardize', mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] },
      // 1/3, and the largest validation class: 6 of 10.
      baselines: { chance: 1 / 3, majorityClass: 0.6 }
    })
  }, 60_000)

  it('says nothing it was not told: no name, counts, normalization or baselines', async () => {
    const { dataset } = (await readRun(await probeWith('None'))).summary
    expect(dataset).toEqual({
      root: '',
      classes: ['0', '1', '2'],
      counts: {},
      skipped: [],
      inputShape: [4, 4, 3]
    })
  }, 60_000)

  it('refuses facts that contradict the model or each other, naming the fact', async () => {
    expect(await probeWith('dict(classes=["a", "b"])')).toBe(
      "dataset classes: 2 names but the model's last layer has 3 outputs; give one name per output, in output order"
    )
    expect(await probeWith('dict(counts={"train": [1, 2]})')).toBe(
      "dataset counts['train']: 2 numbers for 3 classes; give one per class, in class order"
    )
    expect(await probeWith('dict(mean=(0.5, 0.5, 0.5))')).toBe(
      'dataset mean and std go together: give both (per channel), or neither'
    )
    expect(await probeWith('dict(mean=0.5, std=0.2)')).toBe(
      'dataset mean: 1 value for 3 input channels; give one per channel, e.g. mean=(0.4914, 0.4822, 0.4465)'
    )
    expect(await probeWith('dict(size=10)')).toBe(
      "dataset: unknown key(s) 'size'; use name, classes, counts, input_shape, mean, std"
    )
  }, 120_000)
})
