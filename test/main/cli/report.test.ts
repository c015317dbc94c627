import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { parseReportArgs } from '../../../main/cli/report'
import { REPO, removeTempDirs, tempDir } from '../runs/train-cli'

afterAll(removeTempDirs)

const run = promisify(execFile)

/** Runs `npm run report -- <dir>` as a child process; its exit code and stderr. */
function reportOn(dir: string): Promise<{ code: number; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'main/cli/report.ts', dir], { cwd: REPO }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e
  )
}

/** The error message for `argv`, or a marker when it was accepted. */
function refusal(argv: string[]): string {
  const parsed = parseReportArgs(argv)
  return parsed.ok ? 'accepted' : parsed.error
}

describe('report command line', () => {
  it('reads the run folder, the formats and the output folder', () => {
    expect(parseReportArgs(['runs/a', '--format', 'html, pdf,tfevents', '--out', 'out'])).toEqual({
      ok: true,
      value: {
        runDir: resolve('runs/a'),
        formats: ['html', 'pdf', 'tfevents'],
        outDir: resolve('out')
      }
    })
    expect(parseReportArgs(['-h'])).toEqual({ ok: true, value: 'help' })
  })

  it('defaults to html, csv and json into <run>/report', () => {
    expect(parseReportArgs(['r'])).toMatchObject({
      ok: true,
      value: { formats: ['html', 'csv', 'json'], outDir: resolve('r/report') }
    })
  })

  it('names unknown formats and lists the valid ones', () => {
    expect(refusal(['r', '--format', 'html,docx'])).toMatch(
      /Unknown export format docx; choose from html, pdf, csv, json, tfevents, model/
    )
  })

  it('refuses a missing run folder, a second folder and unknown options', () => {
    expect(refusal([])).toMatch(/Name the run folder/)
    expect(refusal(['a', 'b'])).toMatch(/Only one run folder/)
    expect(refusal(['a', '--zip'])).toMatch(/Unknown option '--zip'[^]*Usage: npm run report/)
    expect(refusal(['a', '--out'])).toMatch(/--out <value>' argument missing/)
  })

  it('exits 1 with a clear message when the folder is not a run', async () => {
    const dir = await tempDir('not-a-run')
    const result = await reportOn(dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${dir} is not a run folder: config.json is missing.`)
  })

  it('says a run folder that does not exist does not exist', async () => {
    const dir = resolve(await tempDir('gone'), 'no-such-run')
    const result = await reportOn(dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${dir} is not a run folder: there is no such folder, so config.json is missing.`
    )
  })
})
