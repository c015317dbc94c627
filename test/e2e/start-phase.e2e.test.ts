/**
 * The seconds between Start and the first step are never silent: the Train view names what the
 * trainer is doing (starting, the backend, loading data, building the model, the first step) and
 * the line goes once training runs.
 */
import { describe, expect, it } from 'vitest'
import { openView, screenshot, useApp, usePreset } from './harness'

const app = useApp()

describe('start phases', () => {
  it('names the phase while a run starts, and drops it at the first step', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 200, statsEvery: 50, epochs: 5 })
    await openView(app.page, 'train')
    // Every start-phase line the page shows, in order, as it changes.
    await app.page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { seenPhases: string[] }).seenPhases = seen
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="start-phase"]')?.textContent ?? null
        if (text !== null && seen.at(-1) !== text) seen.push(text)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await app.page.getByTestId('run-start').click()
    const line = app.page.getByTestId('start-phase')
    await line.waitFor({ timeout: 30_000 })
    expect(await line.textContent()).toMatch(
      /^(Starting the trainer|Starting: backend|Loading data|Building the model|First step)/
    )
    await screenshot(app.page, 'train-start-phase')
    await app.page.waitForFunction(
      () => Number(document.querySelector('[data-testid="progress-step"]')?.textContent) > 0,
      null,
      { timeout: 120_000 }
    )
    await expect.poll(() => line.count()).toBe(0)
    const seen = await app.page.evaluate(
      () => (window as unknown as { seenPhases: string[] }).seenPhases
    )
    const order = [
      'Starting the trainer',
      'Starting: backend',
      'Loading data',
      'Building',
      'First step'
    ]
    const ranks = seen.map((text) => order.findIndex((start) => text.startsWith(start)))
    expect(ranks.every((rank) => rank >= 0)).toBe(true)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    await app.page.getByTestId('run-stop').click()
  })
})
