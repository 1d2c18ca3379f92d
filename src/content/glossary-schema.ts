import { z } from 'astro/zod';

/** One glossary entry of content/glossary.yaml. */
export const glossaryEntrySchema = z
  .object({
    term: z.string().min(2),
    slug: z.string().regex(/^[a-z0-9-]+$/, 'slug: lowercase letters, digits and hyphens'),
    aliases: z.array(z.string().min(2)).default([]),
    /** Plain text; `backticks` mark code. */
    definition: z.string().min(20),
    see: z.array(z.string()).default([]),
  })
  .strict();

export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
