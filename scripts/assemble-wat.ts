/**
 * Writes main/engine/backends/wasm-kernels/wat/assembled.ts, the bytes of every .wat file beside
 * it (for a plain and a shared memory), assembled with wabt (scripts/wat-assembly.ts).
 *   npx tsx scripts/assemble-wat.ts
 */
import { writeFile } from 'node:fs/promises'
import { assembleFolder, GENERATED_PATH, renderGenerated } from './wat-assembly'

const modules = await assembleFolder()
await writeFile(GENERATED_PATH, renderGenerated(modules))
console.log(`wrote ${GENERATED_PATH} (${modules.map((m) => m.file).join(', ')})`)
