/**
 * Imported first by main.ts: zod probes `new Function` (its JIT) the first time it parses, which
 * the CSP forbids and reports as a violation. Schemas parse at module load (schema.ts defaults),
 * so this switch must run before any other module is evaluated.
 */
import { z } from 'zod'

z.config({ jitless: true })
