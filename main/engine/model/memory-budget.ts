/**
 * The memory a run may plan for: `--memory-budget MB` (CLI) or the request's budget first, then
 * the TRAINSCAPE_MEMORY_BUDGET_MB environment variable, else three quarters of the memory that
 * is free right now (os.freemem()). Reads the environment and the OS, so it is not pure.
 */
import { freemem } from 'node:os'

export const BUDGET_ENV = 'TRAINSCAPE_MEMORY_BUDGET_MB'
/** Share of free memory one run may plan for when no budget is set. */
export const FREE_MEMORY_SHARE = 0.75

export interface MemoryBudget {
  bytes: number
  /** Where the number came from, in words, for the refusal message. */
  source: string
}

/** Parses a budget in MB (decimal, > 0); null when `text` is not one. */
export function parseBudgetMB(text: string): number | null {
  const mb = Number(text)
  return /^\d+(\.\d+)?$/.test(text.trim()) && mb > 0 && Number.isFinite(mb) ? mb : null
}

/** The budget for one run; `requestedMB` (from a flag or the request) wins. Throws on a bad env value. */
export function memoryBudget(
  requestedMB?: number,
  env: NodeJS.ProcessEnv = process.env
): MemoryBudget {
  if (requestedMB !== undefined) return { bytes: requestedMB * 1e6, source: 'set for this run' }
  const text = env[BUDGET_ENV]
  if (text !== undefined && text !== '') {
    const mb = parseBudgetMB(text)
    if (mb === null)
      throw new Error(`${BUDGET_ENV} must be a number of megabytes above 0; got "${text}".`)
    return { bytes: mb * 1e6, source: `${BUDGET_ENV}=${text}` }
  }
  return {
    bytes: Math.floor(FREE_MEMORY_SHARE * freemem()),
    source: `${Math.round(FREE_MEMORY_SHARE * 100)}% of the memory free now; set ${BUDGET_ENV} to change it`
  }
}
