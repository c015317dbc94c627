/**
 * The claims command's table: per claim, how many seeds passed, and per check the range of the
 * measured number over the seeds next to the bound (and the theory's value, where it has one).
 * Markdown, so it reads in a terminal and pastes into a README. Pure.
 */
import { num } from '../runs/diagnosis/diagnosis-input'
import type { ClaimResult } from './check-claims'
import { passes } from './claim'

/** "0.31–0.36" over the seeds that measured it (one value: "0.31"). */
function range(values: readonly number[]): string {
  if (values.length === 0) return '–'
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return lo === hi ? num(lo) : `${num(lo)} – ${num(hi)}`
}

const cell = (text: string) => text.replace(/\|/g, '\\|')

/** The table of `results` as Markdown lines (no trailing newline). */
export function claimsTable(results: readonly ClaimResult[]): string {
  const lines = [
    '| preset | claim / check | seeds passed | measured (over seeds) | needs | theory |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const r of results) {
    const passed = r.seeds.filter((s) => s.failed.length === 0).length
    lines.push(`| \`${r.preset}\` | ${cell(r.statement)} | ${passed}/${r.seeds.length} | | | |`)
    const labels = [
      ...new Set(r.seeds.flatMap((s) => s.checks.map((c) => `${c.label}|${c.op}|${c.limit}`)))
    ]
    for (const key of labels) {
      const found = r.seeds.flatMap((s) =>
        s.checks.filter((c) => `${c.label}|${c.op}|${c.limit}` === key).map((c) => ({ c }))
      )
      const { c } = found[0]!
      const ok = found.filter((f) => passes(f.c)).length
      lines.push(
        `| | ${cell(c.label)} | ${ok}/${r.seeds.length} | ${range(found.map((f) => f.c.measured))} | ${c.op} ${num(c.limit)} | ${cell(c.theory ?? '')} |`
      )
    }
    for (const s of r.seeds.filter((x) => x.error))
      lines.push(`| | seed ${s.seed} did not finish: ${cell(s.error ?? '')} | | | | |`)
  }
  return lines.join('\n')
}
