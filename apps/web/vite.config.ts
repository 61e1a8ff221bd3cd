import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

// Vite 8 compiles TSX itself (Oxc, automatic JSX runtime): no React plugin needed.
// `npm run dev` proxies the API (started by `npm start` on PORT 3000) so the pages work on :5173 too.
export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" (React Server Components); a plain SPA ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // The pure shared modules (libs/domain, libs/summary/document.ts) live outside this package.
  server: {
    fs: { allow: [repo] },
    proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
