/**
 * The backend panel end to end with WebGPU: a run forced onto webgpu names its adapter and labels
 * a software one; a run on 'auto' says why it skipped that adapter. Here the adapter is
 * SwiftShader (see test/main/engine/backends/webgpu-env.ts).
 */
import { webgpuSkipReason } from '../main/engine/backends/webgpu-env'
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()

describe.skipIf(webgpuSkipReason != null)('backend panel with WebGPU', () => {
  it('names the adapter of a forced webgpu run and labels it a software adapter', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 3, statsEvery: 1000, epochs: 1 })
    await openView(app.page, 'train')
    await app.page.getByTestId('backend-choice').selectOption('webgpu')
    const end = await runToEnd(app.page, 300_000)
    expect(end).not.toMatch(/failed/i)
    const panel = app.page.getByTestId('backend-panel')
    expect(await panel.getByTestId('backend-name').textContent()).toBe('webgpu')
    const adapter = (await panel.getByTestId('backend-adapter').textContent()) ?? ''
    expect(adapter).toMatch(/swiftshader/i)
    expect(adapter).toContain('software adapter — not a GPU')
    await screenshot(app.page, 'backend-webgpu-forced')
  }, 400_000)

  it('says why auto skipped the software adapter', async () => {
    await openView(app.page, 'train')
    await app.page.getByTestId('backend-choice').selectOption('auto')
    await runToEnd(app.page, 300_000)
    const panel = app.page.getByTestId('backend-panel')
    expect(await panel.getByTestId('backend-name').textContent()).not.toBe('webgpu')
    await expect
      .poll(async () => (await panel.textContent()) ?? '')
      .toMatch(/Not webgpu: only a software adapter \(google swiftshader/)
    expect(app.errors).toEqual([])
    await screenshot(app.page, 'backend-webgpu-skipped')
  }, 400_000)
})
