/**
 * Where the files shipped with the app are. In a packaged desktop app (electron-builder)
 * they sit under Electron's `process.resourcesPath` (`extraResources` in
 * electron-builder.config.cjs): `sample/` (the bundled dataset) and `wasm/` (tfjs's WebAssembly
 * binaries, outside the asar archive). Elsewhere (source tree, tests, CLI, an unpackaged
 * Electron) the sample is found by walking up from this module to `resources/sample`, and tfjs
 * loads its wasm binaries from its own package. (The presets are compiled into the code.)
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What the lookup depends on; the defaults are this process's. */
export interface ResourceEnv {
  /** Electron's resources folder; undefined outside Electron. */
  resourcesPath: string | undefined
  /** Where to start walking up for `resources/` (this module's folder). */
  moduleDir: string
}

export function currentResourceEnv(): ResourceEnv {
  return {
    resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
    moduleDir: dirname(fileURLToPath(import.meta.url))
  }
}

/** `<resourcesPath>/<name>` when the packaged app ships it (`marker` inside exists), else null. */
function packaged(env: ResourceEnv, name: string, marker: string): string | null {
  if (env.resourcesPath === undefined) return null
  const dir = join(env.resourcesPath, name)
  return existsSync(join(dir, marker)) ? dir : null
}

/** Absolute path of the bundled sample dataset. Throws when this installation lacks it. */
export function sampleDatasetRoot(env: ResourceEnv = currentResourceEnv()): string {
  const shipped = packaged(env, 'sample', 'train')
  if (shipped) return shipped
  let dir = env.moduleDir
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'resources', 'sample')
    if (existsSync(join(candidate, 'train'))) return candidate
    dir = dirname(dir)
  }
  throw new Error(
    'The bundled sample dataset (resources/sample) is missing from this installation.'
  )
}

/**
 * The folder holding tfjs's wasm binaries in a packaged app (with a trailing separator, as
 * tfjs's setWasmPaths wants a prefix), or null: then tfjs finds them in its own package.
 */
export function bundledWasmPrefix(env: ResourceEnv = currentResourceEnv()): string | null {
  const dir = packaged(env, 'wasm', 'tfjs-backend-wasm.wasm')
  return dir === null ? null : join(dir, '/')
}
