/**
 * Makes a value once per folder across processes: the first test file to ask takes a lock
 * (an atomic `mkdir`), makes the value and writes it as JSON (non-finite numbers kept, see
 * main/contract/json-lines.ts); files asking meanwhile wait for it and read it. A failure is
 * written too, so waiters fail with the same message; a lock whose process died is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, stringify } from '../../main/contract/json-lines'
import { messageOf } from '../../main/contract/result'
import { writeFileAtomic } from '../../main/files/atomic-write'

const VALUE = 'value.json'
const FAILURE = 'failure.txt'
const LOCK = 'lock'
const POLL_MS = 200

/**
 * The value `make` made in `dir` (made now by this process, or earlier or meanwhile by another).
 * `make` gets `dir` to keep files of its own there. Throws `make`'s error, whoever ran it.
 */
export async function onceOnDisk<T>(dir: string, make: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true })
  for (;;) {
    const made = await readMade<T>(dir)
    if (made) return made.value
    if (await takeLock(dir)) return makeAndKeep(dir, make)
    if (!(await ownerAlive(dir))) await rm(join(dir, LOCK), { recursive: true, force: true })
    else await new Promise((wake) => setTimeout(wake, POLL_MS))
  }
}

async function makeAndKeep<T>(dir: string, make: (dir: string) => Promise<T>): Promise<T> {
  try {
    const value = await make(dir)
    await writeFileAtomic(join(dir, VALUE), stringify(value))
    return value
  } catch (thrown) {
    await writeFileAtomic(join(dir, FAILURE), messageOf(thrown))
    throw thrown
  }
}

/** The kept value, null while nobody has finished; throws the kept failure. */
async function readMade<T>(dir: string): Promise<{ value: T } | null> {
  const text = await readFile(join(dir, VALUE), 'utf8').catch(() => null)
  if (text !== null) return { value: parse<T>(text) }
  const failure = await readFile(join(dir, FAILURE), 'utf8').catch(() => null)
  if (failure !== null) throw new Error(`${failure} (made once for the whole suite in ${dir})`)
  return null
}

/** True when this process now holds `dir`'s lock (a folder holding the owner's pid). */
async function takeLock(dir: string): Promise<boolean> {
  try {
    await mkdir(join(dir, LOCK))
  } catch (thrown) {
    if ((thrown as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw thrown
  }
  await writeFile(join(dir, LOCK, 'pid'), String(process.pid))
  return true
}

/** False only when the lock's owner is known and no longer running. */
async function ownerAlive(dir: string): Promise<boolean> {
  const pid = Number(await readFile(join(dir, LOCK, 'pid'), 'utf8').catch(() => ''))
  if (!Number.isInteger(pid) || pid <= 0) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (thrown) {
    return (thrown as NodeJS.ErrnoException).code === 'EPERM'
  }
}
