/**
 * What a fork of a stored run trains: the parent's config.json with the changes applied (given,
 * or the fix of the parent's first finding that has one), on the parent's data (the same folder,
 * the bundled sample, or the same synthetic set), with the `forkOf` record its summary keeps.
 * Shared by `npm run train -- --fork` and the app's "Try the fix". Errors are values a person
 * can act on; nothing is written here.
 */
import { realpath, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { applyChanges } from '../../contract/runs/config-changes'
import type { DataSource } from '../../contract/config/data-source'
import type { RunConfig } from '../../contract/config/schema'
import { fail, messageOf, ok, type Result } from '../../contract/result'
import { describeFork, forkBase, trainedElsewhere } from '../../contract/runs/fork'
import { fixAsTorchCode } from '../../contract/runs/fix-code'
import type { ConfigChange, DatasetSummary, ForkOf, RunSummary } from '../../contract/runs/summary'
import { BACKEND_CHOICES, type BackendChoice } from '../../contract/trainer-protocol'
import { readRun } from '../run-reader'

export interface ForkPlan {
  config: RunConfig
  data: DataSource
  forkOf: ForkOf
  /** The parent's backend when it is one the engine can choose (same kernels, same rounding). */
  backend: BackendChoice | null
}

/**
 * The fork of the run in `parentDir` with `changes` (null: the parent's first fix). `sampleRoot`
 * is the bundled sample's folder, to recognize a parent trained on it. Does not write.
 */
export async function planFork(
  parentDir: string,
  changes: readonly ConfigChange[] | null,
  sampleRoot: string
): Promise<Result<ForkPlan>> {
  let parent
  try {
    parent = await readRun(resolve(parentDir))
  } catch (thrown) {
    return fail(`Cannot fork ${parentDir}: ${messageOf(thrown)}`)
  }
  const { summary, config } = parent
  const chosen = changes ? ok([...changes]) : firstFix(summary)
  if (!chosen.ok) return chosen
  if (trainedElsewhere(config)) return fail(elsewhereMessage(parent.id, config, chosen.value))
  const dataset = summary.dataset
  if (!dataset)
    return fail(
      `Run ${parent.id} recorded no dataset (it ${summary.status} before loading its data), so a fork cannot use the same examples.`
    )
  const base = forkBase(config, dataset.inputShape)
  const fork = applyChanges(base, chosen.value)
  if (!fork.ok) return fork
  const data = await dataSourceOf(dataset, sampleRoot)
  if (!data.ok) return data
  const forkOf = describeFork(parent.id, base, fork.value, chosen.value, dataset.classes.length)
  const backend = BACKEND_CHOICES.find((b) => b === summary.backend) ?? null
  return ok({ config: fork.value, data: data.value, forkOf, backend })
}

/** The changes of the first finding that carries a fix. */
function firstFix(summary: RunSummary): Result<ConfigChange[]> {
  const fix = summary.findings.find((f) => f.fix && f.fix.changes.length > 0)?.fix
  if (fix) return ok(fix.changes)
  const codes = summary.findings.map((f) => f.code)
  return fail(
    `Run ${summary.id} has no finding with a fix` +
      (codes.length ? ` (its findings: ${codes.join(', ')})` : ' (it has no findings)') +
      '; give the change yourself with --set PATH=VALUE, e.g. --set training.optimizer.learningRate=0.0001.'
  )
}

function elsewhereMessage(id: string, config: RunConfig, changes: ConfigChange[]): string {
  const source = config.source?.backend ?? 'another trainer'
  const code = fixAsTorchCode({ changes, why: '' }, config)
  return (
    `Run ${id} was trained in ${source === 'pytorch' ? 'PyTorch' : source}, outside Trainscape's engine, ` +
    `so it cannot be forked here. Make the change in its training script and run it again: ${code.join('; ')}`
  )
}

/** The source the parent's data came from: synthetic, the bundled sample, or its folder. */
async function dataSourceOf(
  dataset: DatasetSummary,
  sampleRoot: string
): Promise<Result<DataSource>> {
  if (dataset.root === 'synthetic') {
    // syntheticImageSet holds out round(n · 0.2) of n examples per class: n = train + val.
    const first = dataset.classes[0] ?? ''
    const perClass = (dataset.counts.train?.[first] ?? 0) + (dataset.counts.val?.[first] ?? 0)
    return ok({ kind: 'synthetic', ...(perClass >= 2 ? { examplesPerClass: perClass } : {}) })
  }
  const real = (path: string) => realpath(path).catch(() => resolve(path))
  if ((await real(dataset.root)) === (await real(sampleRoot))) return ok({ kind: 'sample' })
  const info = await stat(dataset.root).catch(() => null)
  if (!info?.isDirectory())
    return fail(
      `The parent's data folder ${dataset.root} is gone or not a folder; a fork trains on the same images, so put the folder back first.`
    )
  return ok({ kind: 'folder', path: dataset.root })
}
