// A module of the app's own: server.ts imports it; esbuild bundles both into server.js.
export function greeting(name: string): string {
  const who = String(name || "").trim().slice(0, 100) || "there";
  return "Hello, " + who + "!";
}
