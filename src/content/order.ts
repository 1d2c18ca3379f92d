interface Ordered {
  id: string;
  data: { order: number };
}

/** Sorts chapters by `order` and rejects duplicates, naming both chapters. */
export function orderChapters<T extends Ordered>(chapters: readonly T[]): T[] {
  const sorted = [...chapters].sort((a, b) => a.data.order - b.data.order);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (previous.data.order === current.data.order) {
      throw new Error(
        `Chapters "${previous.id}" and "${current.id}" both have order ${current.data.order}: each chapter needs its own.`,
      );
    }
  }
  return sorted;
}

export interface Neighbours<T> {
  previous: T | undefined;
  next: T | undefined;
}

export function neighbours<T extends Ordered>(sorted: readonly T[], id: string): Neighbours<T> {
  const index = sorted.findIndex((chapter) => chapter.id === id);
  if (index === -1) throw new Error(`No chapter with id "${id}"`);
  return { previous: sorted[index - 1], next: sorted[index + 1] };
}
