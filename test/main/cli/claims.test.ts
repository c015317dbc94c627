/**
 * `npm run claims` as a person runs it: the real command in a child process, training relu-he
 * on the bundled sample with one seed, printing the table and the JSON; and its argument errors
 * as values (exit 2, a message naming what to change).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { parseClaimsArgs } from '../../../main/cli/claims'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { REPO } from '../runs/train-cli'

afterAll(removeTempDirs)
const run$ = promisify(execFile)

async function claims(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cache = await tempDir('claims-cache')
  const argv = ['--import', 'tsx', 'main/cli/claims.ts', '--cache', cache, ...args]
  return run$(process.execPath, argv, { cwd: REPO, timeout: 240_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e
  )
}

describe('npm run claims', () => {
  it("checks relu-he's claim on one seed and prints a table with the seeds passed and the measured numbers", async () => {
    const { code, stdout, stderr } = await claims(['--preset', 'relu-he', '--seeds', '4'])
    expect(stderr).toMatch(/relu-he: 1\/1 seeds/)
    expect(code).toBe(0)
    const rows = stdout.trim().split('\n')
    expect(rows[0]).toMatch(/^\| preset \| claim \/ check \| seeds passed \| measured/)
    expect(rows[2]).toMatch(/^\| `relu-he` \| .*Var\(pre\).* \| 1\/1 \|/)
    const ratio = rows.find((r) => r.includes('Var(pre) last / first hidden') && r.includes('< 2'))
    const measured = Number(ratio?.split('|')[4])
    expect(measured).toBeGreaterThan(0.5)
    expect(measured).toBeLessThan(2)
    expect(ratio).toMatch(/1 \(He\)/)
  }, 240_000)

  it('prints the same checks as JSON with --json', async () => {
    const { code, stdout } = await claims(['--preset', 'zeros-init', '--seeds', '2', '--json'])
    expect(code).toBe(0)
    const [result] = JSON.parse(stdout) as {
      preset: string
      seeds: { seed: number; failed: string[]; checks: { label: string; measured: number }[] }[]
    }[]
    expect(result!.preset).toBe('zeros-init')
    expect(result!.seeds.map((s) => [s.seed, s.failed])).toEqual([[2, []]])
    const spread = result!.seeds[0]!.checks.find((c) => c.label === 'max hidden weight spread')
    expect(spread?.measured).toBe(0)
  }, 240_000)

  it('refuses bad arguments with a message that says what to change', async () => {
    const bad = await claims(['--seeds', 'one'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--seeds takes whole numbers/)
    expect(parseClaimsArgs(['--preset', 'augment'])).toEqual({
      ok: false,
      error: expect.stringMatching(/"augment" makes no claim this command checks/)
    })
    expect(parseClaimsArgs(['--preset', 'nope'])).toEqual({
      ok: false,
      error: expect.stringMatching(/"nope" is not a preset/)
    })
    expect(parseClaimsArgs(['--frobnicate'])).toEqual({
      ok: false,
      error: expect.stringMatching(/frobnicate.*See --help/)
    })
    expect(parseClaimsArgs(['--input-shape', '32x32x2'])).toEqual({
      ok: false,
      error: expect.stringMatching(/--input-shape takes HxWxC/)
    })
  })
})
