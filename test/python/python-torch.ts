/**
 * Test helper: runs the PyTorch fixtures (test/python/fixtures/*.py) with Debian's
 * /usr/bin/python3 and its python3-torch, as child processes, and says why when torch is missing.
 */
import { execFile, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

export const PYTHON = process.env.TRAINSCAPE_PYTHON ?? '/usr/bin/python3'
export const FIXTURES = resolve(import.meta.dirname, 'fixtures')
export const PACKAGE = resolve(import.meta.dirname, '../../python')

/** Why the PyTorch tests cannot run here, or null when torch imports. */
export function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' })
  if (probe.status === 0) return null
  return (
    `${PYTHON} cannot import torch (${(probe.stderr || String(probe.error)).trim().split('\n').at(-1)}); ` +
    `install Debian's python3-torch and libopenblas0-pthread to run the PyTorch probe tests`
  )
}

const run = promisify(execFile)

/** Runs fixture `script` with `args`; resolves to its stdout, rejects with its stderr. */
export async function runFixture(
  script: string,
  args: string[],
  timeout = 120_000
): Promise<string> {
  try {
    const { stdout } = await run(PYTHON, [resolve(FIXTURES, script), ...args], {
      timeout,
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONPATH: PACKAGE }
    })
    return stdout
  } catch (thrown) {
    // execFile's message names only the command: add what Python said.
    const { stderr } = thrown as { stderr?: string }
    throw new Error(`${(thrown as Error).message}\n${stderr ?? ''}`.trim(), { cause: thrown })
  }
}

/** The run folder a fixture prints on its first line. */
export function printedRunDir(stdout: string): string {
  return stdout.trim().split('\n')[0]!
}
