// `npm test`'s static checks, side by side: runs each argument (a shell command line) at the same
// time, each on its own core (typecheck, lint and the build are mostly one process each), keeps
// each one's output and prints it in one block when it ends, with its time. Exits 1, after all
// have ended, when any failed, naming which.
import { spawn } from 'node:child_process'

const steps = process.argv.slice(2)
if (steps.length === 0) {
  console.error('usage: node scripts/parallel-steps.mjs "<command>" ["<command>" …]')
  process.exit(2)
}

/** Runs `line` in a shell; resolves with its exit code and combined output (never rejects). */
function run(line) {
  const started = Date.now()
  return new Promise((done) => {
    const chunks = []
    const child = spawn(line, { shell: true, env: { ...process.env, FORCE_COLOR: '0' } })
    child.stdout.on('data', (c) => chunks.push(c))
    child.stderr.on('data', (c) => chunks.push(c))
    child.on('error', (e) => chunks.push(Buffer.from(`${e.message}\n`)))
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0)
      process.stdout.write(
        `\n> ${line}  (${code === 0 ? 'ok' : `failed, exit ${code}`}, ${seconds} s)\n`
      )
      process.stdout.write(Buffer.concat(chunks))
      done(code ?? 1)
    })
  })
}

const codes = await Promise.all(steps.map(run))
const failed = steps.filter((_, i) => codes[i] !== 0)
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(' | ')}`)
  process.exit(1)
}
