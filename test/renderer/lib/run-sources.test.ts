import { describe, expect, it } from 'vitest'
import { addedLine, sourceLine, typedPath } from '../../../renderer/src/lib/run-sources'

describe('run sources in words', () => {
  it('says what a watched folder and a single run folder do', () => {
    expect(sourceLine({ path: '/sync/runs', watch: true })).toBe(
      '/sync/runs — watched: new runs written here appear by themselves'
    )
    expect(sourceLine({ path: '/sync/runs/a', watch: false })).toMatch(/one run \(updates live/)
    expect(addedLine({ path: '/sync/runs', watch: true })).toMatch(/^Watching \/sync\/runs:/)
    expect(addedLine(null)).toBeNull()
  })

  it('asks for an absolute path and says what to type', () => {
    expect(typedPath('  /data/runs ')).toEqual({ path: '/data/runs' })
    expect(typedPath('C:\\runs')).toEqual({ path: 'C:\\runs' })
    expect(typedPath('')).toEqual({ error: expect.stringMatching(/Type the folder/) })
    expect(typedPath('runs')).toEqual({ error: expect.stringMatching(/not an absolute path/) })
  })
})
