/**
 * Walks an image folder laid out as one subfolder per class (optionally below train/, val/ or
 * validation/, test/), following symbolic links only inside the root and detecting loops. A link
 * into another class's folder (`cats` → `dogs`, `cats/more` → `../dogs`) is skipped with a
 * reason: followed, it would silently relabel that class's images (a whole class, when the link
 * sorts first and the real folder is then skipped as already scanned).
 * Hidden entries are ignored; everything else that cannot be an example is recorded with a reason.
 * Reads no file contents: images are recognized later, by content.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export type SplitName = 'train' | 'val' | 'test'

export interface ScannedFile {
  /** Absolute path as found under the root (through any symlinks). */
  path: string
  /** Path relative to the root, '/'-separated, NFC. */
  rel: string
  split: SplitName
  /** NFC class name (the class folder's name). */
  className: string
  size: number
  mtimeMs: number
}

export interface Skip {
  path: string
  reason: string
}

export interface ScanResult {
  /** The root with symlinks resolved. */
  root: string
  /** Splits given as top-level folders; empty when the root holds class folders directly. */
  givenSplits: SplitName[]
  files: ScannedFile[]
  /** Class folder names (NFC) seen per split, including empty ones. */
  classFolders: Record<SplitName, Set<string>>
  skipped: Skip[]
}

const HIDDEN = new Set(['thumbs.db', 'desktop.ini', '__macosx', '$recycle.bin'])
/** A dataset's own documentation beside its class folders (README, LICENSE, notes): not data. */
const DOCUMENT = /^(readme|licen[cs]e|copying|notice)(\.[a-z]+)?$|\.(md|txt)$/i
const SPLIT_FOLDERS: Record<string, SplitName> = {
  train: 'train',
  val: 'val',
  validation: 'val',
  test: 'test'
}

/** True for entries a person never means as data: dot-files, OS litter. */
export const isHidden = (name: string): boolean =>
  name.startsWith('.') || HIDDEN.has(name.toLowerCase())

interface Walk {
  realRoot: string
  result: ScanResult
  visited: Set<string>
  /** Real path of every class folder that is no link, with its class and where it was found. */
  classReals: Map<string, { className: string; shown: string }>
  signal?: AbortSignal
  onFile: () => void
}

/** Thrown when the caller's AbortSignal fires during a load. */
export class LoadCancelled extends Error {
  constructor() {
    super('Loading the image folder was cancelled.')
  }
}

/** Throws LoadCancelled when the load was cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoadCancelled()
}

/**
 * Scans `root`. Throws an Error naming the problem when the root is not a readable folder;
 * every problem below the root becomes a `skipped` entry. `onFile` is called per file found.
 */
export async function scanFolder(
  root: string,
  onFile: () => void = () => {},
  signal?: AbortSignal
): Promise<ScanResult> {
  const realRoot = await resolveRoot(root)
  const result: ScanResult = {
    root: realRoot,
    givenSplits: [],
    files: [],
    classFolders: { train: new Set(), val: new Set(), test: new Set() },
    skipped: []
  }
  const walk: Walk = {
    realRoot,
    result,
    visited: new Set([realRoot]),
    classReals: new Map(),
    signal,
    onFile
  }
  const top = await visibleDirs(walk, realRoot)
  const splitDirs = top.filter((d) => SPLIT_FOLDERS[d.name.toLowerCase()] !== undefined)
  if (splitDirs.length === 0) {
    noteClassFolders(walk, top)
    await scanClassRoot(walk, 'train', top)
    return result
  }
  for (const dir of top.filter((d) => !splitDirs.includes(d))) {
    skip(
      walk,
      dir.path,
      'ignored: the folder has train/val/test splits, and this is not one of them'
    )
  }
  const plans: { split: SplitName; classes: Entry[] }[] = []
  for (const dir of splitDirs) {
    const split = SPLIT_FOLDERS[dir.name.toLowerCase()]
    if (split === undefined) continue
    if (result.givenSplits.includes(split)) {
      skip(walk, dir.path, `ignored: a second ${split} folder (only one of val/ and validation/)`)
      continue
    }
    result.givenSplits.push(split)
    plans.push({ split, classes: await visibleDirs(walk, dir.path) })
  }
  for (const plan of plans) noteClassFolders(walk, plan.classes)
  for (const plan of plans) await scanClassRoot(walk, plan.split, plan.classes)
  if (!result.givenSplits.includes('train')) {
    throw new Error(
      `${root} has ${result.givenSplits.join('/')} folders but no train/ folder. ` +
        'Add train/ with one subfolder per class, or put the class folders directly in the root.'
    )
  }
  return result
}

async function resolveRoot(root: string): Promise<string> {
  let real: string
  try {
    real = await realpath(root)
  } catch {
    throw new Error(`The image folder ${root} does not exist or cannot be read. Choose a folder.`)
  }
  if (!(await stat(real)).isDirectory()) {
    throw new Error(`${root} is a file, not a folder. Choose the folder that holds class folders.`)
  }
  return real
}

interface Entry {
  name: string
  path: string
  real: string
  /** The entry itself is a symbolic link. */
  link: boolean
}

/** Visible subfolders of `dir` (through symlinks inside the root); other entries are skipped. */
async function visibleDirs(walk: Walk, dir: string): Promise<Entry[]> {
  const dirs: Entry[] = []
  for (const name of (await readdir(dir)).sort()) {
    if (isHidden(name)) continue
    const path = join(dir, name)
    const target = await resolveEntry(walk, path)
    if (target === null) continue
    if (target.kind === 'dir') dirs.push({ name, path, real: target.real, link: target.link })
    else if (!DOCUMENT.test(name)) skip(walk, path, 'ignored: a file outside any class folder')
  }
  return dirs
}

type Target = { kind: 'dir' | 'file'; real: string; link: boolean; size: number; mtimeMs: number }

/** What a directory entry is, following a symlink only when it stays inside the root. */
async function resolveEntry(walk: Walk, path: string): Promise<Target | null> {
  try {
    const link = await lstat(path)
    let real = path
    if (link.isSymbolicLink()) {
      real = await realpath(path).catch(() => '')
      if (real === '') return skip(walk, path, 'broken symbolic link (its target does not exist)')
      if (real !== walk.realRoot && !real.startsWith(walk.realRoot + sep)) {
        return skip(walk, path, `symbolic link leaves the chosen folder (points to ${real})`)
      }
    }
    const info = link.isSymbolicLink() ? await stat(real) : link
    const isLink = link.isSymbolicLink()
    if (info.isDirectory())
      return { kind: 'dir', real, link: isLink, size: 0, mtimeMs: info.mtimeMs }
    if (info.isFile())
      return { kind: 'file', real, link: isLink, size: info.size, mtimeMs: info.mtimeMs }
    const what = info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : 'a device'
    return skip(walk, path, `unreadable: not a regular file (${what})`)
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error)
    return skip(walk, path, `unreadable: ${code}`)
  }
}

function skip(walk: Walk, path: string, reason: string): null {
  walk.result.skipped.push({ path: relative(walk.realRoot, path) || '.', reason })
  return null
}

/** Records the real path of each class folder in `classes` that is not a link. Mutates walk. */
function noteClassFolders(walk: Walk, classes: readonly Entry[]): void {
  for (const cls of classes)
    if (!cls.link && !walk.classReals.has(cls.real))
      walk.classReals.set(cls.real, {
        className: cls.name.normalize('NFC'),
        shown: relative(walk.realRoot, cls.path).split(sep).join('/')
      })
}

/**
 * Why following a link to folder `real` while collecting class `className` would relabel
 * another class's images (`real` is, or lies in, that class's folder), or null when it would not.
 */
function relabels(walk: Walk, real: string, className: string): string | null {
  for (const [folder, owner] of walk.classReals) {
    if (owner.className === className) continue
    if (real === folder || real.startsWith(folder + sep))
      return (
        `ignored: a symbolic link into the class folder ${owner.shown}/; followed, its ` +
        `${owner.className} images would be labelled ${className}. Remove the link.`
      )
  }
  return null
}

async function scanClassRoot(walk: Walk, split: SplitName, classes: Entry[]) {
  for (const cls of classes) {
    const className = cls.name.normalize('NFC')
    const relabel = cls.link ? relabels(walk, cls.real, className) : null
    if (relabel !== null) {
      skip(walk, cls.path, relabel)
      continue
    }
    if (walk.visited.has(cls.real)) {
      skip(walk, cls.path, 'ignored: this folder was already scanned through another path')
      continue
    }
    walk.result.classFolders[split].add(className)
    walk.visited.add(cls.real)
    await scanTree(walk, cls.path, split, className, new Set([cls.real]))
  }
}

/** Collects the files below a class folder; `ancestors` are the real paths on the way down. */
async function scanTree(
  walk: Walk,
  dir: string,
  split: SplitName,
  className: string,
  ancestors: Set<string>
): Promise<void> {
  throwIfCancelled(walk.signal)
  let names: string[]
  try {
    names = (await readdir(dir)).sort()
  } catch (error) {
    skip(walk, dir, `unreadable folder: ${(error as { code?: string }).code ?? String(error)}`)
    return
  }
  for (const name of names) {
    if (isHidden(name)) continue
    const path = join(dir, name)
    const target = await resolveEntry(walk, path)
    if (target === null) continue
    const relabel = target.link ? relabels(walk, target.real, className) : null
    if (relabel !== null) {
      skip(walk, path, relabel)
    } else if (target.kind === 'file') {
      const rel = relative(walk.realRoot, path).split(sep).join('/').normalize('NFC')
      walk.result.files.push({
        path,
        rel,
        split,
        className,
        size: target.size,
        mtimeMs: target.mtimeMs
      })
      walk.onFile()
    } else if (ancestors.has(target.real)) {
      skip(walk, path, 'symbolic link loop: it points back to a folder that contains it')
    } else if (walk.visited.has(target.real)) {
      skip(walk, path, 'ignored: this folder was already scanned through another path')
    } else {
      walk.visited.add(target.real)
      await scanTree(walk, path, split, className, new Set([...ancestors, target.real]))
    }
  }
}
