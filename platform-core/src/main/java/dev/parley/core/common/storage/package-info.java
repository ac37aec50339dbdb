/**
 * The relational store: the database (H2 or PostgreSQL, chosen by its URL), its migrations, and
 * {@link dev.parley.core.common.storage.Statement}, the one way SQL is run.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.common.storage;
