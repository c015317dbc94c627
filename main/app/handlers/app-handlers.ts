/** Handlers for app facts, settings, presets and configuration checks. */
import { listPresets, presetConfig } from '../../config/presets'
import { parseRunConfig } from '../../contract/config/validate'
import { ok } from '../../contract/result'
import type { AppContext } from '../app-context'
import type { HandlerMap } from '../dispatch'

type AppChannels = 'app:info' | 'settings:get' | 'settings:set' | 'presets:list' | 'config:validate'

export function appHandlers(ctx: AppContext): Pick<HandlerMap, AppChannels> {
  return {
    'app:info': async () =>
      ok({
        name: 'Trainscape',
        version: ctx.version,
        mode: ctx.mode,
        platform: ctx.platform,
        runsDir: ctx.runsDir,
        sampleRoot: ctx.sampleRoot,
        dataRoots: await ctx.folders.roots(),
        firstStart: ctx.firstStart
      }),
    'settings:get': async () => ok(await ctx.settings.read()),
    'settings:set': async (patch) => {
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
      return ok(await ctx.settings.update((current) => ({ ...current, ...given })))
    },
    'presets:list': async () =>
      ok(
        listPresets().map(({ name, description }) => {
          const config = presetConfig(name)!
          return { id: name, title: config.name, description, config }
        })
      ),
    'config:validate': async ({ config }) => {
      const parsed = parseRunConfig(config)
      return ok(
        parsed.ok
          ? { valid: true as const, config: parsed.value }
          : { valid: false as const, problems: parsed.problems, message: parsed.error }
      )
    }
  }
}
