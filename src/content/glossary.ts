import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { glossaryEntrySchema, type GlossaryEntry } from './glossary-schema.ts';
import type { GlossaryTerm } from '../markdown/glossary-links.ts';

export const GLOSSARY_FILE = 'content/glossary.yaml';

/**
 * Reads and checks the glossary: every entry valid, slugs unique, every "see"
 * naming a term that exists. A mistake fails the build naming the entry and field.
 */
export function loadGlossary(path: string = GLOSSARY_FILE): GlossaryEntry[] {
  const raw = yaml.load(readFileSync(path, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${path}: expected a list of entries`);
  const entries = raw.map((item, index) => {
    const parsed = glossaryEntrySchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const name = (item as { term?: string } | null)?.term ?? `entry ${index + 1}`;
      throw new Error(`${path}: "${name}": ${issue.path.join('.') || 'entry'}: ${issue.message}`);
    }
    return parsed.data;
  });
  const terms = new Set(entries.map((entry) => entry.term.toLowerCase()));
  const slugs = new Set<string>();
  for (const entry of entries) {
    if (slugs.has(entry.slug)) throw new Error(`${path}: "${entry.term}": slug "${entry.slug}" is used twice`);
    slugs.add(entry.slug);
    for (const other of entry.see) {
      if (!terms.has(other.toLowerCase())) throw new Error(`${path}: "${entry.term}": see: no term "${other}"`);
    }
  }
  return entries.sort((a, b) => a.term.localeCompare(b.term, 'en'));
}

export function glossaryTerms(entries: GlossaryEntry[]): GlossaryTerm[] {
  return entries.map((entry) => ({ slug: entry.slug, names: [entry.term, ...entry.aliases] }));
}

export function slugOfTerm(entries: GlossaryEntry[], term: string): string | undefined {
  return entries.find((entry) => entry.term.toLowerCase() === term.toLowerCase())?.slug;
}
