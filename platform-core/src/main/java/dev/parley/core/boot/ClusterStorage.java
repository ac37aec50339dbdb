package dev.parley.core.boot;

import dev.parley.core.attachments.AttachmentOptions;
import dev.parley.core.common.storage.Database;

/**
 * What a node of a cluster must share with the others, checked before anything opens (docs/DESIGN.md,
 * "Cluster: shared state"): the database is PostgreSQL (messages, search, rate limits, files), the
 * attachments' blobs are in it (a node's own disk is not the others'), and the development mode, whose
 * development versions live in one node's memory, is off. A single node is not touched.
 */
final class ClusterStorage {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterStorage.class);

  private ClusterStorage() {
  }

  /** Adjusts {@code options} to what a cluster needs where it was left at a default, refuses the rest. */
  static void check(PlatformOptions options, boolean clustered) {
    if (!clustered) {
      return;
    }
    if (Database.kindOf(options.getDatabase().getUrl()) != Database.Kind.POSTGRESQL) {
      throw new IllegalArgumentException("cluster mode needs PostgreSQL: every node shares its messages, search,"
          + " files and rate limits through it; set databaseUrl to a postgresql:// URL (the embedded H2 database"
          + " belongs to one process)");
    }
    AttachmentOptions attachments = options.getAttachments();
    if (AttachmentOptions.FILESYSTEM.equals(attachments.getStore())) {
      if (attachments.isStoreChosen()) {
        throw new IllegalArgumentException("cluster mode keeps attachments in PostgreSQL, where every node reads"
            + " them: attachments.store=filesystem would put each file on one node's disk only; set"
            + " attachments.store to postgres (or leave it unset)");
      }
      options.setAttachments(attachments.setStore(AttachmentOptions.POSTGRES));
      LOG.info("cluster mode: attachments are stored in PostgreSQL (attachments.store=postgres)");
    }
    if (options.isDevMode()) {
      throw new IllegalArgumentException("cluster mode and devMode do not go together: development versions live"
          + " in one node's memory; develop apps against a single node");
    }
    options.getSearchIndexDir().ifPresent(dir -> LOG.info(
        "cluster mode: messages are searched with PostgreSQL's full-text index; searchIndexDir={} is not used", dir));
  }
}
