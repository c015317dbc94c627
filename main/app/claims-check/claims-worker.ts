/**
 * Entry of the claims check's own thread (worker_threads) or process (Electron utilityProcess):
 * the Model view's "Check the lecture's claims on this data". Waits for `start`, then trains
 * each claim's small runs per seed with main/claims (the code `npm run claims` runs), saying
 * before each claim and seed where it stands and posting each claim's result as it ends, then
 * `done`. Cancelling ends this worker from the outside. A failure ends with `failed`, never a
 * silent exit.
 */
import { CLAIMS, ClaimRunner, claimOf, type ClaimResult } from '../../claims/check-claims'
import type { Claim } from '../../claims/claim'
import { messageOf } from '../../contract/result'
import { parseClaimsCommand, type ClaimsRequest, type ClaimsWorkerMessage } from './claims-messages'
import { connectToHost } from '../../engine/host/worker-port'

const port = connectToHost()
const post = (message: ClaimsWorkerMessage) => port.post(message)
let started = false

port.onMessage((message) => {
  const command = parseClaimsCommand(message)
  if (started) return console.warn('Claims check: ignored a message; one worker runs one check.')
  started = true
  if (!command.ok)
    return post({ type: 'failed', error: `The claims check got a bad request: ${command.error}` })
  void check(command.value.request).catch((thrown: unknown) =>
    post({ type: 'failed', error: `The claims check failed: ${messageOf(thrown)}` })
  )
})

/** The claims `request` asks for; throws for a preset that makes none. */
function claimsOf(request: ClaimsRequest): readonly Claim[] {
  if (request.preset === null) return CLAIMS
  const claim = claimOf(request.preset)
  if (!claim) throw new Error(`The preset "${request.preset}" makes no claim the check can test.`)
  return [claim]
}

/** checkClaims' loop, with a message before every claim and seed (it reports per claim only). */
async function check(request: ClaimsRequest): Promise<void> {
  const claims = claimsOf(request)
  const runner = new ClaimRunner({
    data: request.data,
    cacheDir: request.cacheDir,
    backend: request.backend ?? 'wasm',
    ...(request.inputShape ? { inputShape: request.inputShape } : {})
  })
  for (const [i, claim] of claims.entries()) {
    const result: ClaimResult = { preset: claim.preset, statement: claim.statement, seeds: [] }
    for (const [j, seed] of request.seeds.entries()) {
      const step = { claim: i + 1, claims: claims.length, preset: claim.preset, seed }
      post({ type: 'step', step: { ...step, seedIndex: j + 1, seeds: request.seeds.length } })
      result.seeds.push(await runner.check(claim, seed))
    }
    post({ type: 'claim', result })
  }
  post({ type: 'done' })
}
