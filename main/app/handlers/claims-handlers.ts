/**
 * Handlers of the claims check: start one on the chosen image source (every preset's claim, or
 * one preset's, on the given seeds), poll it, cancel it. A check and a training run never run
 * together: each refuses while the other holds the machine (see train-handlers.ts).
 */
import { PRESET_NAMES } from '../../config/presets'
import type { DataSource } from '../../contract/trainer-protocol'
import { fail, ok } from '../../contract/result'
import type { AppContext } from '../app-context'
import { CLAIM_PRESETS } from '../claims-check/claims-check'
import type { HandlerMap } from '../dispatch'

type ClaimsChannels = 'claims:start' | 'claims:status' | 'claims:cancel'

export function claimsHandlers(ctx: AppContext): Pick<HandlerMap, ClaimsChannels> {
  return {
    'claims:start': async ({ source, seeds, preset, inputShape }) => {
      if (preset !== null && !CLAIM_PRESETS.some((c) => c.preset === preset)) {
        const known = CLAIM_PRESETS.map((c) => c.preset).join(', ')
        const why = PRESET_NAMES.includes(preset)
          ? 'makes no claim the check can test'
          : 'is not a preset'
        return fail(`"${preset}" ${why}. Presets with claims: ${known}.`)
      }
      const data: DataSource =
        source.kind === 'sample'
          ? { kind: 'sample' }
          : { kind: 'folder', path: await ctx.folders.resolve(source.path) }
      // No await from here to start(): a run and a check asked for together cannot both pass.
      const training = ctx.training.busy()
      if (training !== null)
        return fail(
          `A run is training (${training}); the claims check trains runs of its own. ` +
            'Wait for the run to end or stop it, then check the claims.'
        )
      const label = data.kind === 'folder' ? data.path : 'the bundled sample'
      const request = { data, seeds, preset, cacheDir: ctx.cacheDir }
      // The presets' own shape for the sample, as `npm run claims` does; a folder may set one.
      const shaped = inputShape && data.kind === 'folder' ? { ...request, inputShape } : request
      // Throws while another check runs.
      return ok(ctx.claims.start(shaped, label))
    },
    'claims:status': async () =>
      ok({ presets: CLAIM_PRESETS.map((c) => ({ ...c })), job: ctx.claims.status() }),
    'claims:cancel': async ({ jobId }) => ok(ctx.claims.cancel(jobId))
  }
}
