import { spawn } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

const ROOT = new URL('../../../', import.meta.url).pathname

afterAll(removeTempDirs)

/** Runs `tsx main/cli/train.ts …args` with `env` added; resolves code, stdout and stderr. */
function train(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/train.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const hugeConfig = {
  name: 'huge',
  model: { layers: [{ type: 'dense', units: 1e6 }] },
  training: { optimizer: { type: 'sgd', learningRate: 0.1 }, epochs: 1 }
}

describe('npm run train and the memory budget', () => {
  it('refuses a million-unit layer with exit 2 and the estimate, writing nothing', async () => {
    const dir = await tempDir('cli-budget')
    const config = join(dir, 'huge.json')
    await writeFile(config, JSON.stringify(hugeConfig))
    const out = join(dir, 'runs')
    const result = await train(['--config', config, '--data', 'synthetic', '--out', out], {
      TRAINSCAPE_MEMORY_BUDGET_MB: '6000'
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^The model needs ≈ \d+\.\d GB \(795 M parameters/)
    expect(result.stderr).toContain('the budget is 6.0 GB (TRAINSCAPE_MEMORY_BUDGET_MB=6000)')
    expect(await readdir(out).catch(() => [])).toEqual([])
  })

  it('takes --memory-budget and --input, and names bad values', async () => {
    const tiny = await train(['--data', 'synthetic', '--input', '16x16x3', '--memory-budget', '1'])
    expect(tiny.code).toBe(2)
    expect(tiny.stderr).toContain('the budget is 1.0 MB (set for this run)')
    // relu-he (six dense layers of 128) on 16×16×3 inputs and 10 synthetic classes
    const params = 16 * 16 * 3 * 128 + 128 + 5 * (128 * 128 + 128) + 128 * 10 + 10
    expect(tiny.stderr).toContain(`(${params.toLocaleString('en-US')} parameters`)
    const badInput = await train(['--input', '32x32x2'])
    expect(badInput.code).toBe(2)
    expect(badInput.stderr).toContain(
      '--input 32x32x2: channels must be 1 (grey) or 3 (colour), not 2.'
    )
    const badBudget = await train(['--memory-budget', 'much'])
    expect(badBudget.stderr).toContain('--memory-budget must be a number of megabytes above 0')
  })
})
