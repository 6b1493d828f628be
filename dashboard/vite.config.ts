import { defineConfig } from 'vite';

// Preact through Vite's own JSX transform (no plugin): `jsxImportSource` in tsconfig.json says preact.
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The browser test reports the gzipped size itself; the budget is 300 kB gzipped (issue 13 item 8).
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
});
