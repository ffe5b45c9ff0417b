/**
 * The design system: Mantine (MIT, well kept, accessible components with a
 * light and a dark scheme built in; chosen over Blueprint/Fluent for its
 * complete form controls, charts package and CSS-variable theming that works
 * under a strict CSP). Theme values live here and, because the CSP forbids
 * injected <style> tags, the few CSS variables that differ from Mantine's
 * defaults are written statically in theme.css (keep the two in step).
 */
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
});
