/**
 * Where training examples come from, defined once: the zod schema that the IPC contract, the
 * browser-mode server and the host/trainer line all parse with, and the type derived from it.
 * `synthetic` is generated, `sample` is the bundled folder. Pure: zod only.
 */
import { z } from 'zod'

/** A file-system path from the UI: bounded, no NUL bytes. Still untrusted (see folder-access). */
export const pathSchema = z
  .string()
  .min(1, 'is empty; choose a folder')
  .max(4096, 'is longer than 4096 characters')
  .refine((p) => !p.includes('\0'), 'contains a NUL byte')

export const dataSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('synthetic'),
      examplesPerClass: z.number().int().positive().max(10_000).optional()
    })
    .strict(),
  z.object({ kind: z.literal('sample') }).strict(),
  z.object({ kind: z.literal('folder'), path: pathSchema }).strict()
])
export type DataSource = z.infer<typeof dataSourceSchema>
