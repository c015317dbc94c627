/**
 * The claims command's table: per claim, how many seeds passed, and per check the range of the
 * measured number over the seeds next to the bound (and the theory's value, where it has one).
 * As rows (the Model view draws them) and as Markdown (reads in a terminal, pastes into a
 * README); both hold the same cells. Pure.
 */
import { num } from '../contract/diagnosis/diagnosis-input'
import type { ClaimResult } from './check-claims'
import type { ClaimsTableRow } from '../contract/ipc/claims'
export type { ClaimsTableRow }
import { passes } from './claim'

/**
 * One row of the table. Kind `claim`: the preset and its statement (in `claim`); `check`: one
 * check's label (in `claim`), measured range, bound and theory; `error`: a seed whose runs did
 * not finish (what happened in `claim`). `passed` counts the seeds (of `seeds`) that held.
 */

/** "0.31–0.36" over the seeds that measured it (one value: "0.31"). */
function range(values: readonly number[]): string {
  if (values.length === 0) return '–'
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return lo === hi ? num(lo) : `${num(lo)} – ${num(hi)}`
}

/** The rows of `results`, in order: each claim, its checks, then its seeds that did not finish. */
export function claimsTableRows(results: readonly ClaimResult[]): ClaimsTableRow[] {
  const rows: ClaimsTableRow[] = []
  for (const r of results) {
    const seeds = r.seeds.length
    const base = { preset: r.preset, seeds, measured: '', needs: '', theory: '' }
    const passed = r.seeds.filter((s) => s.failed.length === 0).length
    rows.push({ ...base, kind: 'claim', claim: r.statement, passed })
    const key = (c: { label: string; op: string; limit: number }) => `${c.label}|${c.op}|${c.limit}`
    for (const k of new Set(r.seeds.flatMap((s) => s.checks.map(key)))) {
      const found = r.seeds.flatMap((s) => s.checks.filter((c) => key(c) === k))
      const c = found[0]! // k came from one of these checks
      rows.push({
        ...base,
        kind: 'check',
        claim: c.label,
        passed: found.filter(passes).length,
        measured: range(found.map((f) => f.measured)),
        needs: `${c.op} ${num(c.limit)}`,
        theory: c.theory ?? ''
      })
    }
    for (const s of r.seeds.filter((x) => x.error))
      rows.push({
        ...base,
        kind: 'error',
        claim: `seed ${s.seed} did not finish: ${s.error}`,
        passed: 0
      })
  }
  return rows
}

const cell = (text: string) => text.replace(/\|/g, '\\|')

/** The table of `results` as Markdown lines (no trailing newline). */
export function claimsTable(results: readonly ClaimResult[]): string {
  const lines = [
    '| preset | claim / check | seeds passed | measured (over seeds) | needs | theory |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const row of claimsTableRows(results)) {
    const seeds = `${row.passed}/${row.seeds}`
    lines.push(
      row.kind === 'claim'
        ? `| \`${row.preset}\` | ${cell(row.claim)} | ${seeds} | | | |`
        : row.kind === 'check'
          ? `| | ${cell(row.claim)} | ${seeds} | ${row.measured} | ${row.needs} | ${cell(row.theory)} |`
          : `| | ${cell(row.claim)} | | | | |`
    )
  }
  return lines.join('\n')
}
