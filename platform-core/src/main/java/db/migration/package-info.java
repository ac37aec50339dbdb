/**
 * Flyway's Java migrations, run in order with the SQL ones under {@code db/migration} on the class
 * path.
 */
@org.jspecify.annotations.NullMarked
package db.migration;
