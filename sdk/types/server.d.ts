// Everything server code (server.js and the modules it imports) sees: the `parley` global and the
// handler contract. In a TypeScript or checked-JS app: /// <reference types="@parley/sdk/server" />
/// <reference path="./parley-host.d.ts" />
/// <reference path="./handlers.d.ts" />
