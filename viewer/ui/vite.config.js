import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// One JS and one CSS file with relative URLs, so `heatmap export --html` can inline them into a single page.
export default defineConfig({
  plugins: [preact()],
  base: './',
  build: {
    outDir: process.env.HEATMAP_UI_OUT || '../target/classes/org/tokenheatmap/viewer/ui',
    emptyOutDir: true,
    cssCodeSplit: false,
    assetsInlineLimit: 100000000,
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
