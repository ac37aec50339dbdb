// A module of the app's own: server.js imports it (bundles may import their own .js files).
export function greeting(who) {
  return "Hello from the server, " + String(who || "there") + "!";
}
