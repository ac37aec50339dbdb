/**
 * What users consented to let each app do, cached on every node and dropped everywhere when it
 * changes.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.apps.permissions;
