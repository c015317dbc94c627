/**
 * Keeping the store's file operations inside the runs folder. A run folder can come from
 * anywhere (copied, unpacked, shared), so any entry in it may be a symbolic link; following one
 * would let an export write or delete files elsewhere, or browser mode serve them. Before the
 * store writes, deletes or serves a path it checks, with lstat, that no existing component below
 * the root is a link, and that the real path of what exists stays inside the real root.
 */
import { lstat, realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'

/** True when `child` is `root` or lies below it (both real, absolute paths). Pure. */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

function missing(thrown: unknown): boolean {
  const code = (thrown as { code?: string } | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * Throws an Error naming the entry unless `path` lies under `root`, no existing component
 * between them is a symbolic link, and the real path of its deepest existing part is inside
 * the real `root`. Components that do not exist yet are fine (they will be created as real
 * folders and files). Returns `path`.
 */
export async function containedPath(root: string, path: string): Promise<string> {
  if (!isInside(root, path)) throw new Error(`${path} is not inside ${root}.`)
  let deepest = root
  for (const part of relative(root, path)
    .split(sep)
    .filter((p) => p !== '')) {
    const next = join(deepest, part)
    const info = await lstat(next).catch((thrown: unknown) => {
      if (missing(thrown)) return null
      throw thrown
    })
    if (info === null) break
    if (info.isSymbolicLink())
      throw new Error(
        `${next} is a symbolic link; Trainscape writes, deletes and serves only real files ` +
          `inside ${root}. Replace the link with a folder (or remove it) and try again.`
      )
    deepest = next
  }
  const realRoot = await realpath(root).catch((thrown: unknown) => {
    if (missing(thrown)) return null
    throw thrown
  })
  if (realRoot !== null && !isInside(realRoot, await realpath(deepest)))
    throw new Error(`${path} resolves outside ${root}; Trainscape will not touch it.`)
  return path
}
