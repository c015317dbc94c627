/**
 * Assembles the ImageSet from decoded files: classes (sorted NFC names of class folders with
 * usable training images), given or stratified splits, the per-class training cap, and the
 * dataset summary with the skipped paths and why (every broken image, the first SKIPPED_KEPT
 * others by path, the counts per kind and extension). Throws when fewer than two classes remain.
 */
import type { DataSpec } from '../../contract/config/schema'
import { SKIPPED_KEPT } from '../../contract/runs/summary'
import { groupSkipped, keptSkipped } from '../../contract/runs/skipped-files'
import type { ImageSet, Split } from '../dataset'
import type { Decoded } from './decode-all'
import { FolderSplit } from './record-store'
import type { ScanResult, Skip, SplitName } from './scan-folder'
import { capPerClass, stratifiedSplit } from './split-examples'

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Usable file ids per split and class name. */
function groupUsable(scan: ScanResult, decoded: Decoded): Record<SplitName, Map<string, number[]>> {
  const groups = { train: new Map(), val: new Map(), test: new Map() } as Record<
    SplitName,
    Map<string, number[]>
  >
  scan.files.forEach((file, id) => {
    if (!decoded.usable[id]) return
    const group = groups[file.split]
    const ids = group.get(file.className)
    if (ids) ids.push(id)
    else group.set(file.className, [id])
  })
  return groups
}

/** Warnings for class folders with no usable image, and for held-out images of unknown classes. */
function classWarnings(
  scan: ScanResult,
  groups: Record<SplitName, Map<string, number[]>>,
  classes: readonly string[]
): Skip[] {
  const warnings: Skip[] = []
  const prefix = (split: SplitName) =>
    scan.givenSplits.length > 0 ? `${split === 'val' ? 'val' : split}/` : ''
  for (const split of ['train', 'val', 'test'] as const) {
    for (const name of [...scan.classFolders[split]].sort(byCodePoint)) {
      if (groups[split].has(name)) continue
      const tail = split === 'train' ? '; the class is left out' : ''
      warnings.push({
        path: `${prefix(split)}${name}`,
        reason: `empty class folder: no usable images${tail}`
      })
    }
    if (split === 'train') continue
    for (const [name, ids] of groups[split]) {
      if (classes.includes(name)) continue
      ids.forEach((id) =>
        warnings.push({
          path: scan.files[id]!.rel,
          reason: `ignored: class "${name}" has no training images`
        })
      )
    }
  }
  return warnings
}

const lists = (group: Map<string, number[]>, classes: readonly string[]): number[][] =>
  classes.map((name) => group.get(name) ?? [])

function makeSplit(decoded: Decoded, byClass: number[][]): FolderSplit {
  const ids = byClass.flatMap((list) => [...list].sort((a, b) => a - b))
  const labels = byClass.flatMap((list, label) => list.map(() => label))
  return new FolderSplit(decoded.store, Int32Array.from(ids), Int32Array.from(labels))
}

function counts(classes: readonly string[], split: Split): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(classes.map((name) => [name, 0]))
  for (const label of split.labels) {
    const name = classes[label]
    if (name === undefined)
      throw new Error(`Label ${label} has no class (there are ${classes.length}).`)
    out[name] = (out[name] ?? 0) + 1
  }
  return out
}

/** An ImageSet of a folder, with every skipped file (the summary caps its list). */
export interface FolderImageSet extends ImageSet {
  /** Every skipped file and why, by path. */
  readonly skippedAll: readonly Skip[]
}

/** The ImageSet over decoded files. `rootShown` is the path reported in the summary. */
export function buildImageSet(
  rootShown: string,
  scan: ScanResult,
  decoded: Decoded,
  options: { inputShape: [number, number, number]; data: DataSpec; seed: number }
): FolderImageSet {
  const groups = groupUsable(scan, decoded)
  const classes = [...groups.train.keys()].sort(byCodePoint)
  const skipped = [...scan.skipped, ...decoded.skipped, ...classWarnings(scan, groups, classes)]
  if (classes.length < 2) throw new Error(tooFewClasses(rootShown, classes, scan, skipped))
  const { train, val, test } = makeSplits(rootShown, scan, decoded, groups, classes, options)
  const countsBySplit: Record<string, Record<string, number>> = {
    train: counts(classes, train),
    val: counts(classes, val)
  }
  if (test) countsBySplit.test = counts(classes, test)
  skipped.sort((a, b) => byCodePoint(a.path, b.path))
  return {
    classes,
    inputShape: options.inputShape,
    train,
    val,
    test,
    skippedAll: skipped,
    summary: {
      root: rootShown,
      classes: [...classes],
      counts: countsBySplit,
      skipped: keptSkipped(skipped, SKIPPED_KEPT),
      skippedCount: skipped.length,
      skippedGroups: groupSkipped(skipped),
      inputShape: [...options.inputShape]
    }
  }
}

/**
 * The train, validation and test splits: given val/ and test/ folders are used as they are,
 * otherwise validation is a stratified draw from train; the training cap applies last. Throws
 * when the validation split comes out empty.
 */
function makeSplits(
  rootShown: string,
  scan: ScanResult,
  decoded: Decoded,
  groups: Record<SplitName, Map<string, number[]>>,
  classes: readonly string[],
  options: { data: DataSpec; seed: number }
): { train: FolderSplit; val: FolderSplit; test: FolderSplit | null } {
  const drawn = scan.givenSplits.includes('val')
    ? null
    : stratifiedSplit(lists(groups.train, classes), options.data.validationSplit, options.seed)
  const trainLists = capPerClass(
    drawn?.train ?? lists(groups.train, classes),
    options.data.trainPerClass,
    options.seed
  )
  const train = makeSplit(decoded, trainLists)
  const val = makeSplit(decoded, drawn?.val ?? lists(groups.val, classes))
  if (val.count === 0) {
    throw new Error(
      `${rootShown}: the validation split is empty. Give each class at least 2 images, or add a val/ folder.`
    )
  }
  const test = scan.givenSplits.includes('test')
    ? makeSplit(decoded, lists(groups.test, classes))
    : null
  return { train, val, test }
}

function tooFewClasses(
  root: string,
  classes: readonly string[],
  scan: ScanResult,
  skipped: Skip[]
): string {
  const found =
    classes.length === 0
      ? 'no class folder with usable images'
      : `only one usable class ("${classes[0]}")`
  return (
    `${root}: found ${found}; at least two are needed. Put the images in one subfolder per class ` +
    `(${root}/<class>/<image>). Scanned ${count(scan.files.length, 'file')}, skipped ${skipped.length}` +
    (skipped[0] ? ` (first: ${skipped[0].path}: ${skipped[0].reason}).` : '.')
  )
}

/** `1 file`, `3 files`. */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
