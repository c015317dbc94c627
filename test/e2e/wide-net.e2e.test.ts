/**
 * Readability at scale: a net of 20 dense layers × 1,000 units, built in the Model view and
 * trained for a few steps. The dead-neuron map draws all 20 layers, the 3D landscape samples
 * its units and says so, and the Layers view lists every layer. Screenshots show how it reads.
 */
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()
const LAYERS = 20
const UNITS = 1000

describe('a net of 20 layers × 1,000 units', () => {
  it('is built in the layer editor and trains', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 3, statsEvery: 1 })
    const remove = app.page.locator('[data-testid$="-remove"]')
    while ((await remove.count()) > 0) await remove.first().click()
    for (let i = 0; i < LAYERS; i++) {
      await app.page.getByTestId('add-dense').click()
      await app.page.getByTestId(`layer-${i}-units`).fill(String(UNITS))
    }
    await app.page.getByTestId('model-validity').getByText('valid').waitFor()
    expect(await runToEnd(app.page)).toMatch(/Run completed/)
  })

  it('lists every layer and draws every layer in the dead-neuron map', async () => {
    await openView(app.page, 'layers')
    expect(await app.page.locator('[data-testid^="dead-"]').count()).toBe(LAYERS + 1)
    await screenshot(app.page, 'wide-layers')
    await openView(app.page, 'deadmap')
    expect(await app.page.locator('[data-testid^="deadmap-layer-"]').count()).toBe(LAYERS)
    await screenshot(app.page, 'wide-deadmap')
  })

  it('samples the units of the 3D landscape and says so', async () => {
    await openView(app.page, 'landscape')
    const note = (await app.page.getByTestId('sampling-note').textContent()) ?? ''
    expect(note).toMatch(new RegExp(`of ${UNITS} units`))
    await screenshot(app.page, 'wide-landscape')
    expect(app.errors).toEqual([])
  })
})
