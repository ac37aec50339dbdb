// A module of the app's own: server.js imports it (bundles may import their own .js files).
export function greeting(name) {
  const who = String(name || "").trim().slice(0, 100) || "there";
  return "Hello, " + who + "!";
}
