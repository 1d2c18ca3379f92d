import { getCollection, type CollectionEntry } from 'astro:content';
import { orderChapters } from './order';

export type Chapter = CollectionEntry<'chapters'>;

/** All chapters in reading order; fails the build when two share an `order`. */
export async function getChapters(): Promise<Chapter[]> {
  return orderChapters(await getCollection('chapters'));
}
