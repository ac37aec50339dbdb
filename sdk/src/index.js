// @parley/sdk: helpers for mini-app code. The page script is ./parley-sdk.js ("@parley/sdk/page");
// the types of server code are in ../types (handlers.d.ts, parley-host.d.ts).
export { DIGITS, MAX_MAJOR, exampleAmount, parseAmount, formatAmount, splitEvenly } from './amounts.js';
