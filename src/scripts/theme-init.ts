/**
 * Runs inline in <head>, before the first paint, so the page never flashes the
 * wrong theme. It is serialised with Function.prototype.toString into the page:
 * keep it self-contained (no imports, no closures over module scope).
 */
export function applyStoredTheme(): void {
  let choice: string | null = null;
  try {
    choice = localStorage.getItem('theme');
  } catch {
    // Storage can be blocked (privacy modes): fall back to the system theme.
  }
  const root = document.documentElement;
  if (choice === 'light' || choice === 'dark') root.dataset['theme'] = choice;
  else delete root.dataset['theme'];
}
