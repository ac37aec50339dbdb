// A module of the app's own: server.js imports it (bundles may import their own .js files).
export const FRUIT = ["apple", "apricot", "banana", "cherry", "grape", "lemon", "mango", "orange", "peach", "pear"];

export function find(query) {
  const q = String(query || "").trim().toLowerCase();
  return q ? FRUIT.filter((f) => f.includes(q)) : [];
}
