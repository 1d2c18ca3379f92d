import { z } from 'astro/zod';

/**
 * Frontmatter of a chapter. Kept apart from `content.config.ts` so unit tests can
 * validate frontmatter without booting Astro.
 */
export const chapterSchema = z
  .object({
    title: z.string().min(3).max(80),
    /** One sentence: the meta description and the summary on the home page. */
    description: z.string().min(20).max(160),
    /** Position in the walkthrough; unique across chapters. */
    order: z.number().int().positive(),
    /** Short label for the sidebar when the title is long. */
    sidebarLabel: z.string().min(3).max(28).optional(),
    /** "What you will learn": shown at the top of the chapter. */
    learn: z.array(z.string().min(3)).min(1).max(8),
  })
  .strict();

export type ChapterData = z.infer<typeof chapterSchema>;
