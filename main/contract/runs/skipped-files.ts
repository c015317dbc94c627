/**
 * Skipped files a person can use: each skipped path sorted into a kind (a broken image, a file
 * that is no image, an unreadable entry, an ignored one) and grouped by kind and extension with
 * counts, so four thousand sound and text files beside a class's pictures cannot hide the three
 * images that failed to decode. A summary keeps every broken image by name and caps the rest.
 * Pure: paths and reasons in, plain values out; nothing is mutated.
 */

export interface SkippedFile {
  /** Path relative to the data root, '/'-separated. */
  path: string
  reason: string
}

/**
 * `broken-image`: an image name (.png, .jpg, …) or an image signature that failed to decode;
 * `not-image`: content that is no image under a name that is none either (sounds, text);
 * `unreadable`: entries that could not be read at all (links, pipes, permissions);
 * `ignored`: entries deliberately left out (outside a class folder, empty classes, duplicates).
 */
export type SkipKind = 'broken-image' | 'not-image' | 'unreadable' | 'ignored'

/** Kinds in the order a person should read them: what they meant as data first. */
export const SKIP_KINDS: readonly SkipKind[] = ['broken-image', 'not-image', 'unreadable', 'ignored']

/** File names a person gives images; a failure on one of these is a broken image. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.gif',
  '.webp',
  '.tif',
  '.tiff',
  '.bmp',
  '.svg'
])

/** Lower-case extension with its dot ('.ogg'), or '' when the name has none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : ''
}

/** Reasons the decoder gives for content that carried an image signature. */
const DECODE_FAILURE =
  /^(truncated|corrupt image data|too large|could not be decoded|decoded to|not an image the decoder|broken SVG|an SVG)/

/** The kind of one skipped entry, from its name and its reason. */
export function skipKind(skip: SkippedFile): SkipKind {
  const { reason } = skip
  if (/^(ignored|empty class folder)/.test(reason)) return 'ignored'
  if (IMAGE_EXTENSIONS.has(extensionOf(skip.path))) return 'broken-image'
  if (/^(not an image|empty file)/.test(reason)) return 'not-image'
  if (DECODE_FAILURE.test(reason)) return 'broken-image'
  return 'unreadable'
}

export interface SkippedGroup {
  kind: SkipKind
  /** '.ogg', or '' for names without an extension. */
  extension: string
  count: number
}

/** Counts per kind and extension: kinds in SKIP_KINDS order, then larger groups first. */
export function groupSkipped(skipped: readonly SkippedFile[]): SkippedGroup[] {
  const counts = new Map<string, SkippedGroup>()
  for (const skip of skipped) {
    const kind = skipKind(skip)
    const extension = extensionOf(skip.path)
    const key = `${kind}\u0000${extension}`
    const group = counts.get(key)
    if (group) group.count += 1
    else counts.set(key, { kind, extension, count: 1 })
  }
  return [...counts.values()].sort(
    (a, b) =>
      SKIP_KINDS.indexOf(a.kind) - SKIP_KINDS.indexOf(b.kind) ||
      b.count - a.count ||
      (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0)
  )
}

/**
 * The entries a summary names: every broken image, then the first `cap` of the others, each part
 * in the order given (callers sort by path). The rest are only counted.
 */
export function keptSkipped<T extends SkippedFile>(skipped: readonly T[], cap: number): T[] {
  const broken = skipped.filter((s) => skipKind(s) === 'broken-image')
  const others = skipped.filter((s) => skipKind(s) !== 'broken-image')
  return [...broken, ...others.slice(0, cap)]
}

const KIND_WORDS: Record<SkipKind, [string, string]> = {
  'broken-image': ['broken image', 'broken images'],
  'not-image': ['not an image', 'not images'],
  unreadable: ['unreadable', 'unreadable'],
  ignored: ['ignored', 'ignored']
}

const n = (v: number): string => v.toLocaleString('en-US')

/** "3 broken images", "3,976 not images" and the like. */
export function kindWords(kind: SkipKind, count: number): string {
  const [one, many] = KIND_WORDS[kind]
  return `${n(count)} ${count === 1 ? one : many}`
}

/** One line per kind: its total and, by extension, what it holds. */
export interface KindLine {
  kind: SkipKind
  count: number
  /** "2,104 .ogg, 1,778 .txt, 94 files without extension". */
  detail: string
}

/** The groups folded per kind, in SKIP_KINDS order. */
export function kindLines(groups: readonly SkippedGroup[]): KindLine[] {
  return SKIP_KINDS.flatMap((kind) => {
    const mine = groups.filter((g) => g.kind === kind)
    if (mine.length === 0) return []
    const count = mine.reduce((sum, g) => sum + g.count, 0)
    const detail = mine
      .map((g) => `${n(g.count)} ${g.extension || (g.count === 1 ? 'name' : 'names') + ' without extension'}`)
      .join(', ')
    return [{ kind, count, detail }]
  })
}

/** "3 broken images (3 .png); 3,976 not images (2,104 .ogg, 1,778 .txt)" — the groups in one line. */
export function skippedSummaryLine(groups: readonly SkippedGroup[]): string {
  return kindLines(groups)
    .map((line) => `${kindWords(line.kind, line.count)} (${line.detail})`)
    .join('; ')
}
