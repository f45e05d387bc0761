import { useEffect, useState } from 'preact/hooks';

/** The current data-theme of <html> (set by main.jsx), so canvases repaint with the theme's colours. */
export function useTheme() {
  const [theme, setTheme] = useState(document.documentElement.dataset.theme || 'light');
  useEffect(() => {
    const obs = new MutationObserver(() => setTheme(document.documentElement.dataset.theme || 'light'));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => obs.disconnect();
  }, []);
  return theme;
}

/** A CSS custom property of the page (e.g. '--fg') as a colour string for canvas drawing. */
export const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
