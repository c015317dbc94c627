/**
 * Which folders the UI may open. A path from the UI is never trusted: it must be absolute, and
 * its real path (symbolic links resolved) must lie inside an allowed root, so `..` segments and
 * links pointing out of a root are refused. The bundled sample is always allowed. In the desktop
 * app the person's own choices (dialog, drop, recent folders) become roots; in browser mode only
 * the `--data-root` folders given on the command line are.
 */
import { realpath, stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { isInside } from '../runs/store/contained-path'

export interface FolderAccess {
  /** The allowed roots, real paths, in the order given (fixed roots first). */
  roots(): Promise<string[]>
  /** The real path of `path` when it is a folder inside a root; throws an Error saying why not. */
  resolve(path: string): Promise<string>
  /**
   * Makes `path` (a folder the person chose) a root and returns its real path. Without
   * `canGrant` (browser mode) this only checks it like `resolve`.
   */
  grant(path: string): Promise<string>
}

export interface FolderAccessOptions {
  /** Roots that are always allowed (the sample; browser mode's --data-root folders). */
  fixedRoots: readonly string[]
  /** Roots that can change between calls (the desktop's recent folders). */
  moreRoots?: () => Promise<readonly string[]>
  /** Whether the person's own choices become roots (desktop) or not (browser). */
  canGrant: boolean
}

export { isInside }

/** The real path of an existing folder; throws an Error a person can act on otherwise. */
export async function realFolder(path: string): Promise<string> {
  if (!isAbsolute(path))
    throw new Error(`"${clip(path)}" is not an absolute path; choose a folder.`)
  let real: string
  try {
    real = await realpath(path)
  } catch {
    throw new Error(`The folder ${clip(path)} does not exist or cannot be read.`)
  }
  if (!(await stat(real)).isDirectory()) throw new Error(`${clip(path)} is a file, not a folder.`)
  return real
}

export function createFolderAccess(options: FolderAccessOptions): FolderAccess {
  const granted = new Set<string>()

  const roots = async (): Promise<string[]> => {
    const given = [...options.fixedRoots, ...((await options.moreRoots?.()) ?? []), ...granted]
    const real = await Promise.all(given.map((root) => realFolder(root).catch(() => null)))
    return [...new Set(real.filter((r): r is string => r !== null))]
  }

  const resolve = async (path: string): Promise<string> => {
    const real = await realFolder(path)
    if ((await roots()).some((root) => isInside(root, real))) return real
    throw new Error(
      options.canGrant
        ? `${clip(path)} has not been opened here; choose it with Choose folder… or drop it on the window.`
        : `${clip(path)} is outside the data roots this server may read; restart it with --data-root <folder>.`
    )
  }

  return {
    roots,
    resolve,
    async grant(path) {
      if (!options.canGrant) return resolve(path)
      const real = await realFolder(path)
      granted.add(real)
      return real
    }
  }
}

/** A path shortened for messages (never echoes a huge string back). */
function clip(path: string): string {
  return path.length > 200 ? `${path.slice(0, 197)}...` : path
}
