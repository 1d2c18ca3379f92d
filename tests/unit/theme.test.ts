import { describe, expect, it } from 'vitest';
import { parseThemeChoice } from '../../src/scripts/theme-select.ts';

describe('parseThemeChoice', () => {
  it('keeps light and dark, and treats anything else as system', () => {
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('system')).toBe('system');
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('purple')).toBe('system');
  });
});
