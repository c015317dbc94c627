/**
 * Handlers for choosing and looking at image folders. Every path from the UI goes through
 * FolderAccess (allowed roots, real paths) before anything reads it.
 */
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isHidden, scanFolder, type ScanResult } from '../../data/folder/scan-folder'
import { fail, ok } from '../../contract/result'
import type { AppContext } from '../app-context'
import { augmentationPreview, classThumbnails } from '../data-preview'
import { createFolderInspector } from '../folder-inspector'
import type { HandlerMap } from '../dispatch'
import { isInside } from '../folder-access'
import { oneAtATime } from '../request-limits'
import { withRecent } from '../recent-folders'
import type { DatasetOverview, FolderListing, ImageSource } from '../../contract/ipc/contract'

type DataChannels =
  | 'data:open-dialog'
  | 'data:drop'
  | 'data:recent'
  | 'data:browse'
  | 'data:scan'
  | 'data:thumbnails'
  | 'data:augment-preview'
  | 'data:inspect'
  | 'data:inspect-progress'

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never

/** Most sub-folders one listing returns. */
const MAX_ENTRIES = 500

export function dataHandlers(ctx: AppContext): Pick<HandlerMap, DataChannels> {
  const remember = async (path: string) => {
    await ctx.recent.update((list) => withRecent(list, path, new Date()))
    return path
  }
  const rootOf = async (source: ImageSource): Promise<string> =>
    source.kind === 'sample' ? ctx.sampleRoot : ctx.folders.resolve(source.path)
  const scan = async (source: ImageSource): Promise<ScanResult> => scanFolder(await rootOf(source))
  const preview = oneAtATime(
    async (source: ImageSource, ...rest: Tail<Parameters<typeof augmentationPreview>>) => {
      const scanned = await scan(source)
      return { root: scanned.root, images: await augmentationPreview(scanned, ...rest) }
    },
    'An augmentation preview is already being computed; wait for it, then ask again.'
  )
  const inspector = createFolderInspector()

  return {
    'data:open-dialog': async () => {
      if (!ctx.chooseFolder) {
        return fail(
          'There is no folder dialog in browser mode; pick a folder under the data roots.'
        )
      }
      const chosen = await ctx.chooseFolder()
      return ok({ path: chosen === null ? null : await remember(await ctx.folders.grant(chosen)) })
    },
    'data:drop': async ({ path }) => ok({ path: await remember(await ctx.folders.grant(path)) }),
    'data:recent': async () => {
      const roots = await ctx.folders.roots()
      const list = await ctx.recent.read()
      // Browser mode shows only what it may open now.
      return ok(
        ctx.mode === 'desktop' ? list : list.filter((f) => roots.some((r) => isInside(r, f.path)))
      )
    },
    'data:browse': async ({ path }) => ok(await browse(ctx, path)),
    'data:scan': async ({ source }) => {
      const result = await scan(source)
      if (source.kind === 'folder') await remember(result.root)
      return ok(overview(result))
    },
    'data:thumbnails': async ({ source, perClass, size }) => {
      const scanned = await scan(source)
      return ok({ root: scanned.root, classes: await classThumbnails(scanned, perClass, size) })
    },
    'data:augment-preview': async ({ source, augmentation, ...options }) =>
      ok(await preview(source, augmentation, options)),
    'data:inspect': async ({ source, inputShape, data, seed }) => {
      const root = await rootOf(source)
      const request = { root, data, seed, cacheDir: ctx.cacheDir }
      return ok({ jobId: inspector.start(inputShape ? { ...request, inputShape } : request) })
    },
    'data:inspect-progress': async ({ jobId }) => ok(inspector.status(jobId))
  }
}

/** The sub-folders of `path` (inside a root), or the roots themselves. */
async function browse(ctx: AppContext, path: string | undefined): Promise<FolderListing> {
  const roots = await ctx.folders.roots()
  if (path === undefined) {
    return {
      path: null,
      parent: null,
      entries: roots.map((r) => ({ name: basename(r) || r, path: r }))
    }
  }
  const real = await ctx.folders.resolve(path)
  const dirents = await readdir(real, { withFileTypes: true })
  const entries = dirents
    .filter((d) => d.isDirectory() && !isHidden(d.name))
    .map((d) => ({ name: d.name, path: join(real, d.name) }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_ENTRIES)
  const atRoot = roots.includes(real)
  return { path: real, parent: atRoot ? null : dirname(real), entries }
}

/** The counts a person sees before configuring anything. Does not mutate. */
export function overview(scan: ScanResult): DatasetOverview {
  const splitted = scan.givenSplits.length > 0
  const counts: Record<string, Record<string, number>> = {}
  const classes = new Set<string>()
  for (const split of ['train', 'val', 'test'] as const) {
    for (const name of scan.classFolders[split]) {
      classes.add(name)
      const key = splitted ? split : 'all'
      counts[key] ??= {}
      counts[key][name] ??= 0
    }
  }
  for (const file of scan.files) {
    const key = splitted ? file.split : 'all'
    counts[key] ??= {}
    counts[key][file.className] = (counts[key][file.className] ?? 0) + 1
  }
  return {
    root: scan.root,
    classes: [...classes].sort((a, b) => a.localeCompare(b)),
    counts,
    total: scan.files.length,
    skipped: scan.skipped.slice(0, 1000)
  }
}
