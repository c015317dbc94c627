/**
 * What 'auto' learned about this machine's backends: the optional ones (native TensorFlow with
 * CUDA, WebGPU, native TensorFlow on the CPU) that failed to load, and why. Probing them costs
 * seconds on every run (importing the native addons, asking Dawn for an adapter), and on a
 * machine without a GPU the answer does not change between runs. The memo lives in this process
 * (a warm trainer resolves once) and, when a file is given, on disk for the next process; the
 * file is keyed by platform and runtime versions, so an upgrade probes again. Deleting the file
 * (or choosing a backend by name) probes again too.
 */
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { writeFileAtomic } from '../../files/atomic-write'

/** Backends whose failure is a fact of the machine, not of the run (threads, model). */
export const MEMO_BACKENDS: readonly string[] = ['node-gpu', 'webgpu', 'node']

/** Remembered failures by backend name: the reason the probe gave. */
export type FailedBackends = ReadonlyMap<string, string>

interface MemoFile {
  key: string
  failed: Record<string, string>
}

/** Platform, architecture and runtime versions: a memo made under others is not trusted. */
export function machineKey(): string {
  const { node, electron } = process.versions as NodeJS.ProcessVersions & { electron?: string }
  return `${process.platform}-${process.arch} node ${node} electron ${electron ?? 'none'}`
}

const inProcess = new Map<string, string>()

/**
 * The failures remembered in this process, merged with those of `file` (when given, readable
 * and made under this machineKey). A missing or unreadable file is an empty memo. Does not
 * mutate the file.
 */
export async function rememberedFailures(file?: string): Promise<FailedBackends> {
  const merged = new Map(inProcess)
  if (file === undefined) return merged
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<MemoFile>
    if (parsed.key !== machineKey() || typeof parsed.failed !== 'object') return merged
    for (const [name, reason] of Object.entries(parsed.failed ?? {})) {
      if (MEMO_BACKENDS.includes(name) && typeof reason === 'string') merged.set(name, reason)
    }
  } catch {
    // No memo yet, or one we cannot read: probe as if new.
  }
  return merged
}

/**
 * Remembers that `name` failed for `reason` (in this process, and in `file` when given).
 * Backends outside MEMO_BACKENDS are ignored. A file that cannot be written is warned about:
 * the next run then probes again, nothing worse.
 */
export async function rememberFailures(
  failed: ReadonlyMap<string, string>,
  file?: string
): Promise<void> {
  const kept = [...failed].filter(([name]) => MEMO_BACKENDS.includes(name))
  for (const [name, reason] of kept) inProcess.set(name, reason)
  if (file === undefined || kept.length === 0) return
  const memo: MemoFile = { key: machineKey(), failed: Object.fromEntries(kept) }
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFileAtomic(file, `${JSON.stringify(memo, null, 2)}\n`)
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown)
    console.warn(`Could not remember the backend probe in ${file}: ${message}`)
  }
}

/** Forgets what this process remembered (tests; a person choosing to probe again). */
export function forgetFailures(): void {
  inProcess.clear()
}
