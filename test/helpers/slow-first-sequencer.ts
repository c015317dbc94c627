/**
 * Test order: the files known to take longest start first, so that on two cores no long file
 * starts last and leaves the other core idle at the end. Without this, a fresh clone (no
 * vitest timing cache) runs the largest files first, and some of the slowest files are small
 * (test/resources/presets.test.ts trains 40 runs from 30 lines). The rest keep vitest's order
 * (its timing cache when there is one, else file size).
 */
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Builds a sequencer that starts `slowest` (paths from the repository root, slowest first)
 * before every other file (test/helpers/slowest-files.test.ts checks that each exists).
 */
export function slowFirst(slowest: readonly string[]): typeof BaseSequencer {
  return class SlowFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files)
      const path = (f: TestSpecification) => relative(this.ctx.config.root, f.moduleId)
      const rank = (f: TestSpecification) => {
        const i = slowest.indexOf(path(f))
        return i === -1 ? slowest.length : i
      }
      return sorted
        .map((f, i) => ({ f, i }))
        .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
        .map(({ f }) => f)
    }
  }
}
