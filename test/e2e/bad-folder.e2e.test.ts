/**
 * Bad image folders: one that does not exist and one without images each get a clear message
 * in the Data view, and the app keeps working (the sample opens and trains afterwards).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()

async function openFolder(path: string): Promise<string> {
  await openView(app.page, 'data')
  await app.page.getByTestId('source-path').fill(path)
  await app.page.getByTestId('source-open').click()
  const error = app.page.getByTestId('data-error')
  // The message names the folder, which also tells it apart from an earlier message.
  const name = path.split('/').at(-1) ?? path
  await error.filter({ hasText: name }).waitFor()
  return (await error.textContent()) ?? ''
}

describe('bad image folders', () => {
  it('says clearly that a folder does not exist', async () => {
    const missing = join(app.dataRoot, 'no-such-folder')
    const message = await openFolder(missing)
    expect(message).toMatch(/no-such-folder/)
    expect(message).toMatch(/not exist|no such|not found|cannot/i)
    // A browser never reveals a dropped folder's path, so browser mode does not offer dropping.
    expect(await app.page.getByText('drop a folder').count()).toBe(0)
    await screenshot(app.page, 'data-missing-folder')
  })

  it('says clearly that a folder holds no images', async () => {
    const message = await openFolder(join(app.dataRoot, 'empty'))
    expect(message).toMatch(/no images|no image|not find any image|no usable/i)
    await screenshot(app.page, 'data-empty-folder')
  })

  it('keeps working: the sample opens and a short run completes after the errors', async () => {
    await app.page.getByTestId('source-sample').click()
    await app.page.getByTestId('data-overview').waitFor()
    await expect.poll(() => app.page.getByTestId('data-error').count()).toBe(0)
    await usePreset(app.page, 'relu-he', { maxSteps: 10, statsEvery: 5 })
    expect(await runToEnd(app.page)).toMatch(/Run completed/)
    expect(app.errors).toEqual([])
  })
})
