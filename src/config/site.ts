/**
 * The one place that names the site and where its source lives. Everything that
 * prints the title, links to the repository or builds an "Edit this page" URL reads
 * it from here.
 */
export const site = {
  title: 'asyncio walkthrough',
  tagline: 'Learn async IO in Python by running every example in your browser.',
  description:
    'A walkthrough of async IO in Python: coroutines, async/await, the event loop, tasks, queues and async generators, with every example editable and runnable in the page.',
  repository: 'https://github.com/asyncio-walkthrough/asyncio-walkthrough',
  branch: 'main',
  /** Folder of the chapters inside the repository, for "Edit this page". */
  contentDir: 'content',
  locale: 'en',
} as const;

export function editUrl(filePath: string): string {
  const relative = filePath.replace(/^\.?\//, '');
  return `${site.repository}/edit/${site.branch}/${relative}`;
}
