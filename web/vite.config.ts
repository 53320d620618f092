import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { budget } from './scripts/budget.ts';

export default defineConfig({
  plugins: [react(), budget({ initialJsKb: 250 })],
  server: { port: 3000, strictPort: true },
  preview: { port: 3000, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
