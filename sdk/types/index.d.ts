// @parley/sdk: the helpers' types. Server code gets the `parley` global and the handler types by
// referencing the declarations: /// <reference types="@parley/sdk/server" />
export * from './amounts';
