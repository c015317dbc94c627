/**
 * Makes Dawn find a WebGPU adapter on a machine without a GPU: Debian's Chromium ships
 * SwiftShader's Vulkan driver, which Dawn loads when VK_ICD_FILENAMES points at it (and wants
 * XDG_RUNTIME_DIR set). Sets both when unset; a machine with neither a configured driver nor
 * Chromium's ICD file gets `webgpuSkipReason`. Where the ICD exists and no adapter is found,
 * the tests fail loudly instead. Import before anything opens WebGPU. Not a test file.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

function prepare(): string | null {
  if (process.env.VK_ICD_FILENAMES == null) {
    if (!existsSync(ICD)) {
      return `no WebGPU driver to test with: VK_ICD_FILENAMES is unset and ${ICD} (Debian's chromium package) is missing`
    }
    process.env.VK_ICD_FILENAMES = ICD
  }
  if (process.env.XDG_RUNTIME_DIR == null) {
    const dir = join(tmpdir(), `trainscape-xdg-${process.pid}`)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    process.env.XDG_RUNTIME_DIR = dir
  }
  return null
}

/** Why WebGPU tests cannot run here, or null when they must. */
export const webgpuSkipReason = prepare()
if (webgpuSkipReason != null) console.warn(`Skipping WebGPU tests: ${webgpuSkipReason}`)
