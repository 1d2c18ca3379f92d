/**
 * Every internal link goes through `withBase`, so a build with BASE_PATH=/prefix/
 * works when hosted under that prefix.
 */
export function joinBase(base: string, path: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return prefix + path.replace(/^\/+/, '');
}

export function withBase(path: string): string {
  return joinBase(import.meta.env.BASE_URL, path);
}

/** Normalises a BASE_PATH value to the form Astro expects: leading and trailing slash. */
export function normaliseBasePath(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' || trimmed === '/') return '/';
  if (/^[a-z]+:\/\//i.test(trimmed)) {
    throw new Error(`BASE_PATH must be a path such as /docs/, not a URL: "${trimmed}"`);
  }
  return `/${trimmed.replace(/^\/+|\/+$/g, '')}/`;
}
