/**
 * "Try the fix" end to end in Chromium: a relu-dying run (Adam at learning rate 0.03 kills
 * ReLU units) is trained in the app; the cause rules name the learning rate and write a fix
 * into its dead-relu finding; the Runs view offers "Try the fix", the fork trains with progress
 * shown, and
 * both runs appear overlaid on the Compare charts with the measured verdict, whose numbers are
 * checked against the two summaries on disk. The Runs list then names the fork's parent.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../main/contract/runs/summary'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()

const summaryOf = async (runId: string) =>
  JSON.parse(
    await readFile(join(app.mode.ctx.runsDir, runId, 'summary.json'), 'utf8')
  ) as RunSummary

describe('try the fix', () => {
  it('forks a run with the fix of its finding and shows both runs overlaid with a measured verdict', async () => {
    const { page } = app
    await usePreset(page, 'relu-dying', { maxSteps: 30, statsEvery: 10 })
    expect(await runToEnd(page, 240_000)).toMatch(/Run completed/)
    const parentId = app.mode.ctx.training.status()!.runId
    await app.mode.ctx.training.idle()

    // The cause rules wrote a learning-rate fix into the stored dead-relu finding.
    const parent = await summaryOf(parentId)
    const dead = parent.findings.find((f) => f.code === 'dead-relu')
    expect(dead, 'relu-dying at learning rate 0.03 shows dead ReLU units').toBeDefined()
    expect(dead!.cause?.code).toBe('learning-rate')
    const change = dead!.fix?.changes[0]
    expect(change?.path).toBe('training.optimizer.learningRate')
    const newRate = change!.value as number
    expect(newRate).toBeLessThan(0.03)
    const words = `lr 0.03 → ${Number(newRate.toPrecision(4))}`

    await openView(page, 'runs')
    await page.getByTestId('runs-refresh').click()
    const row = page.locator(`[data-testid="run-row"][data-run-id="${parentId}"]`)
    await row.getByTestId('run-row-name').click()
    const finding = page.locator('[data-testid="runs-findings"] [data-code="dead-relu"]')
    await finding.getByTestId('finding-fix').waitFor()
    expect(await finding.getByTestId('fix-words').textContent()).toBe(words)
    await finding.getByTestId('try-fix').click()

    const result = page.getByTestId('fork-result')
    await result.getByTestId('fork-progress').waitFor()
    await screenshot(page, 'try-fix-progress-1400')
    const verdict = result.getByTestId('fork-verdict')
    await verdict.waitFor({ timeout: 240_000 })
    expect(await result.getByTestId('fork-sameness').textContent()).toBe(
      'Same seed and initial weights as the parent, on the same batches in the same order.'
    )

    // The verdict's numbers, computed here from the two summaries on disk.
    const runs = (await app.mode.ctx.runSources.listAll({})).flatMap((r) => (r.ok ? [r.run] : []))
    const forkId = runs.find((r) => r.forkOf?.run === parentId)!.id
    const fork = await summaryOf(forkId)
    const layer = parent.layers[dead!.layers[0]!]!.name
    // Percent as the verdict writes it: whole numbers from 10 % up, two significant digits below.
    const deadOf = (s: RunSummary) => {
      const p = 100 * s.layers.find((l) => l.name === layer)!.final!.deadFraction
      return p === 0 || p >= 10 ? Math.round(p) : Number(p.toPrecision(p >= 1 ? 2 : 1))
    }
    const acc = (s: RunSummary) => s.final.valAcc!.toFixed(2)
    expect(await verdict.textContent()).toBe(
      `${layer} dead ${deadOf(parent)}% → ${deadOf(fork)}%; validation accuracy ${acc(parent)} → ${acc(fork)}`
    )
    expect(fork.forkOf).toMatchObject({ run: parentId, words: [words] })
    for (const chart of ['fork-loss', 'fork-acc', 'fork-dead', 'fork-variance', 'fork-gradnorm'])
      await result.getByTestId(chart).waitFor()
    await page.waitForTimeout(500)
    await screenshot(page, 'try-fix-1400')
    await page.setViewportSize({ width: 1024, height: 900 })
    await page.waitForTimeout(500)
    await screenshot(page, 'try-fix-1024')
    await page.setViewportSize({ width: 1400, height: 900 })

    await page.getByTestId('runs-refresh').click()
    const forkRow = page.locator(`[data-testid="run-row"][data-run-id="${forkId}"]`)
    await expect
      .poll(() => forkRow.getByTestId('run-row-fork').textContent())
      .toContain(`fork of relu-dying: ${words}`)
    expect(app.errors).toEqual([])
  }, 600_000)
})
