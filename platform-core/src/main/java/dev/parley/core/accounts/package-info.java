/** Accounts and their roles, signing in (passwords, sessions, API tokens) and the accounts API. */
@org.jspecify.annotations.NullMarked
package dev.parley.core.accounts;
