/** @param {string} name */
export function greeting(name) {
  return "Hello, " + name.slice(0, 40) + "!";
}
