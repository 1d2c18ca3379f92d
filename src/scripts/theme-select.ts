export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'theme';

export function parseThemeChoice(value: string | null | undefined): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

function readChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(STORAGE_KEY));
  } catch {
    return 'system';
  }
}

function storeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Blocked storage: the choice lasts for this page only.
  }
}

/** Applies a choice to <html>; "system" removes the override so CSS follows the OS. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = choice;
}

export function bindThemeSelect(select: HTMLSelectElement): void {
  select.value = readChoice();
  select.addEventListener('change', () => {
    const choice = parseThemeChoice(select.value);
    storeChoice(choice);
    applyTheme(choice);
  });
  // Another tab changed the theme: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    const choice = parseThemeChoice(event.newValue);
    select.value = choice;
    applyTheme(choice);
  });
}
