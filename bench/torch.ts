/**
 * The PyTorch reference: runs bench/torch-reference.py with /usr/bin/python3 (Debian's
 * python3-torch) and reads its samples per second. Null when Python or torch is absent, so the
 * bench still runs on machines without them.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { NetName } from './nets'

const PYTHON = '/usr/bin/python3'
const SCRIPT = fileURLToPath(new URL('./torch-reference.py', import.meta.url))

/** True when PYTHON exists and imports torch. */
export function torchAvailable(): boolean {
  if (!existsSync(PYTHON)) return false
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0
}

/**
 * Samples per second of PyTorch training `net` on the CPU with `threads` threads for about
 * `seconds` seconds (batch 64, Adam, the same layers as bench/nets.ts), per second of CPU time
 * (`cpu`) or of wall-clock time; null if it fails.
 */
export function torchSamplesPerSec(
  net: NetName,
  threads: number,
  seconds: number,
  clock: 'cpu' | 'wall'
): number | null {
  const args = [SCRIPT, '--net', net, '--threads', String(threads), '--seconds', String(seconds)]
  const run = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    timeout: (seconds + 60) * 1000,
    // n threads means n: keep OpenMP, MKL and OpenBLAS from starting workers behind torch's back.
    env: {
      ...process.env,
      OMP_NUM_THREADS: String(threads),
      MKL_NUM_THREADS: String(threads),
      OPENBLAS_NUM_THREADS: String(threads)
    }
  })
  if (run.status !== 0) return null
  const line = run.stdout.trim().split('\n').pop() ?? ''
  try {
    const parsed = JSON.parse(line) as { samplesPerSec?: unknown; samplesPerCpuSec?: unknown }
    const rate = clock === 'cpu' ? parsed.samplesPerCpuSec : parsed.samplesPerSec
    return typeof rate === 'number' ? rate : null
  } catch {
    return null
  }
}
