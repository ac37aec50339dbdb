/**
 * Full-text search over chat messages: {@link dev.parley.core.search.MessageSearch}, with a Lucene
 * engine beside the embedded database and PostgreSQL's own full-text search on PostgreSQL, opened
 * by {@link dev.parley.core.search.MessageSearches}.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.search;
