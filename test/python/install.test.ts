/**
 * docs/pytorch.md's install command works offline on Debian 12: a venv with
 * --system-site-packages and `pip install --no-build-isolation` of python/ accepts Debian's torch
 * (1.13.0a0, a pre-release version) and installs no second torch; the installed probe writes a
 * run without PYTHONPATH. The package is copied first, so the build leaves the repository clean.
 */
import { execFile, spawnSync } from 'node:child_process'
import { cp, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { readRun } from '../../main/runs/run-reader'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { PACKAGE, PYTHON, torchMissing } from './python-torch'

afterAll(removeTempDirs)

const run = promisify(execFile)

/** Why the install test cannot run here, or null. */
function venvMissing(): string | null {
  const torch = torchMissing()
  if (torch) return torch
  const check = spawnSync(PYTHON, ['-c', 'import ensurepip, setuptools'], { encoding: 'utf8' })
  return check.status === 0 ? null : 'install python3-venv and python3-setuptools (Debian)'
}

const missing = venvMissing()

/** A few steps of a small net through the installed probe; prints the run folder. */
const SCRIPT = `
import sys, torch, trainscape_probe
from torch import nn
from trainscape_probe import Probe
print(trainscape_probe.__file__)
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(64, 8), torch.randint(0, 3, (64,))
with Probe(model, run_dir=sys.argv[1], probe_inputs=x[:32], every=2, total_steps=4) as probe:
    for _ in range(4):
        opt.zero_grad(); loss = nn.functional.cross_entropy(model(x), y); loss.backward(); opt.step()
        probe.step(loss=loss.item())
print(probe.dir)
`

describe.skipIf(missing !== null)("docs/pytorch.md's install command", () => {
  it('installs the probe offline beside Debian’s torch 1.13.0a0, without a second torch', async () => {
    const work = await tempDir('probe-install')
    await cp(PACKAGE, join(work, 'python'), { recursive: true })
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PIP_NO_INDEX: '1',
      PIP_DISABLE_PIP_VERSION_CHECK: '1'
    }
    delete env.PYTHONPATH
    await run(PYTHON, ['-m', 'venv', '--system-site-packages', '.venv'], { cwd: work, env })
    const pip = join(work, '.venv/bin/pip')
    const installed = await run(pip, ['install', '--no-build-isolation', './python'], {
      cwd: work,
      env,
      timeout: 180_000
    })
    expect(installed.stdout).toMatch(/Successfully installed trainscape-probe-0\.1\.0/)
    // Only the probe went into the venv: torch still comes from Debian's dist-packages.
    const site = join(
      work,
      '.venv/lib',
      (await readdir(join(work, '.venv/lib')))[0]!,
      'site-packages'
    )
    const own = await readdir(site)
    expect(own.filter((name) => /^torch/i.test(name))).toEqual([])
    const python = join(work, '.venv/bin/python')
    const torch = await run(
      python,
      ['-c', 'import torch; print(torch.__version__, torch.__file__)'],
      {
        env
      }
    )
    expect(torch.stdout).toMatch(/^1\.13\.0a0\S* \/usr\/lib\/python3\/dist-packages\/torch\//)
    const { stdout } = await run(python, ['-c', SCRIPT, join(work, 'runs')], {
      cwd: work,
      env: { ...env, OMP_NUM_THREADS: '1' },
      timeout: 120_000
    })
    const [moduleFile, dir] = stdout.trim().split('\n')
    expect(moduleFile).toBe(join(site, 'trainscape_probe/__init__.py'))
    const written = await readRun(dir!)
    expect(written.summary.status).toBe('completed')
    expect(written.steps).toHaveLength(4)
  }, 300_000)
})
