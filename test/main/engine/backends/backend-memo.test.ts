import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  forgetFailures,
  machineKey,
  rememberedFailures,
  rememberFailures
} from '../../../../main/engine/backends/backend-memo'
import { removeTempDirs, tempDir } from '../../../helpers/temp-dirs'

afterEach(() => forgetFailures())
afterAll(() => removeTempDirs())

describe('the backend memo', () => {
  it('remembers the optional backends that failed, in this process and in the file, and not wasm or cpu', async () => {
    const file = join(await tempDir('memo-'), 'nested', 'backend-memo.json')
    const failed = new Map([
      ['node-gpu', 'not installed'],
      ['webgpu', 'no adapter'],
      ['wasm', 'a passing failure']
    ])
    await rememberFailures(failed, file)
    const expected = new Map([
      ['node-gpu', 'not installed'],
      ['webgpu', 'no adapter']
    ])
    expect(await rememberedFailures()).toEqual(expected)
    forgetFailures()
    expect(await rememberedFailures()).toEqual(new Map())
    // A new process (nothing in memory) reads the file.
    expect(await rememberedFailures(file)).toEqual(expected)
    expect(JSON.parse(await readFile(file, 'utf8')).key).toBe(machineKey())
  })

  it('ignores a file written under another platform or runtime, and one that is not JSON', async () => {
    const dir = await tempDir('memo-')
    const other = join(dir, 'other.json')
    await writeFile(other, JSON.stringify({ key: 'plan9-mips', failed: { webgpu: 'no adapter' } }))
    expect(await rememberedFailures(other)).toEqual(new Map())
    const broken = join(dir, 'broken.json')
    await writeFile(broken, '{ not json')
    expect(await rememberedFailures(broken)).toEqual(new Map())
    expect(await rememberedFailures(join(dir, 'missing.json'))).toEqual(new Map())
  })
})
