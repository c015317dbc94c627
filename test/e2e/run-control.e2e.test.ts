/**
 * Run control end to end: pause, resume and stop, with the buttons and with the keyboard
 * shortcuts (Space, Esc), on a run long enough to be caught mid-way.
 */
import { describe, expect, it } from 'vitest'
import { openView, screenshot, useApp, usePreset } from './harness'

const app = useApp()

const phase = () => app.page.getByTestId('status-phase')
const stepNow = async () => Number(await app.page.getByTestId('progress-step').textContent())

async function waitForPhase(name: string): Promise<void> {
  await app.page.waitForFunction(
    (want) => document.querySelector('[data-testid="status-phase"]')?.textContent === want,
    name,
    { timeout: 60_000 }
  )
}

async function waitForStepAbove(step: number, timeout = 60_000): Promise<void> {
  await app.page.waitForFunction(
    (s) => Number(document.querySelector('[data-testid="progress-step"]')?.textContent) > s,
    step,
    { timeout }
  )
}

describe('run control', () => {
  it('pauses, resumes and stops a run from the buttons and the keyboard, across a reload', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 5000, statsEvery: 50, epochs: 200 })
    await openView(app.page, 'train')
    await app.page.getByTestId('run-start').click()
    // The first steps wait for the sample to load, as long as a whole short run may take.
    await waitForStepAbove(5, 150_000)

    await app.page.getByTestId('run-pause').click()
    await waitForPhase('paused')
    const paused = await stepNow()
    await app.page.waitForTimeout(1500)
    expect(await stepNow()).toBe(paused)
    await screenshot(app.page, 'train-paused')

    // A reloaded page re-attaches to the paused run, with its records so far.
    await app.page.reload()
    await waitForPhase('paused')
    expect(await stepNow()).toBeGreaterThan(0)
    // What the run reported before the reload (its backend) is shown again, not the choice.
    expect(await app.page.getByTestId('backend-name').textContent()).toMatch(/^(wasm|cpu|node)/)

    await app.page.getByTestId('run-resume').click()
    await waitForPhase('running')
    await waitForStepAbove(paused)

    await app.page.locator('body').press('Space')
    await waitForPhase('paused')
    const pausedByKey = await stepNow()
    await app.page.waitForTimeout(1000)
    expect(await stepNow()).toBe(pausedByKey)
    await app.page.locator('body').press('Space')
    await waitForStepAbove(pausedByKey)

    await app.page.locator('body').press('Escape')
    await waitForPhase('ended')
    const end = (await app.page.getByTestId('run-end').textContent()) ?? ''
    expect(end).toMatch(/Run stopped after \d+ steps\. Validation/)
    // No step is counted twice where the run folder and the live stream overlapped.
    expect(await stepNow()).toBe(Number(/after (\d+) steps/.exec(end)?.[1]))
    expect(await stepNow()).toBeLessThan(5000)
    expect(await phase().textContent()).toBe('ended')
    await screenshot(app.page, 'train-stopped')
    expect(app.errors).toEqual([])
  })
})
