/**
 * The PyTorch probe on a full disk: its records are written into /dev/full, where every write
 * fails with ENOSPC. Before, the OSError reached the user's training loop and ended the training;
 * now the probe stops recording that file, warns once, and the loop goes on.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { PACKAGE, PYTHON } from './python-torch'

const script = `
import importlib.util, sys, warnings
spec = importlib.util.spec_from_file_location("run_files", sys.argv[1])
run_files = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_files)
lines = run_files.LinesFile("/dev/full")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for step in range(5):
        lines.append({"step": step, "loss": 1.0})
print(len(caught))
print(caught[0].message if caught else "")
print("training went on")
`

describe('the probe on a full disk', () => {
  it('stops recording and warns once, without raising into the training loop', async () => {
    const { stdout } = await promisify(execFile)(PYTHON, [
      '-c',
      script,
      join(PACKAGE, 'trainscape_probe', 'run_files.py')
    ])
    const [warnings, message, after] = stdout.trim().split('\n')
    expect(warnings).toBe('1')
    expect(message).toMatch(/stopped recording \/dev\/full: No space left on device/)
    expect(after).toBe('training went on')
  })
})
