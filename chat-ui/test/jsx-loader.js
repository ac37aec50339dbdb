// A Node module hook for the view tests: .jsx files are compiled with Vite's own JSX transform
// (Preact's automatic runtime) as they are imported. Not a test file itself.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let transform = null;

export async function load(url, context, nextLoad) {
  // Stylesheets are Vite's to bundle; in a view test they are nothing.
  if (url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
  if (!url.endsWith('.jsx')) return nextLoad(url, context);
  if (!transform) transform = (await import('vite')).transformWithOxc;
  const path = fileURLToPath(url);
  const source = await readFile(path, 'utf8');
  const out = await transform(source, path, { lang: 'jsx', jsx: { runtime: 'automatic', importSource: 'preact' } });
  return { format: 'module', source: out.code, shortCircuit: true };
}
