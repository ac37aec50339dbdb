package dev.parley.core.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/**
 * What a conversation adds for its member's everyday use (issue 17): their own archive and pin,
 * the mentions of them not yet read (counted even when the conversation is muted), and a group's
 * description and rights.
 */
public record Everyday(long archivedAt, long pinnedAt, long mentions, String description, GroupRights rights) {

  /**
   * The viewer's unread mentions: unread, undeleted messages whose extras name them in
   * {@code mentions} ({@code {"id":"<account>","name":...}}, written by {@link MentionExtension}; no
   * other extras object has an account id followed by a name).
   */
  static final String UNREAD_MENTIONS = "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id "
      + "AND x.seq > mine.last_read_seq AND x.deleted_at IS NULL "
      + "AND x.extras LIKE '%{\"id\":\"' || mine.account_id || '\",\"name\"%')";

  /** Pinned first, in the order they were pinned (stable), then the most recent activity first. */
  static final String ORDER = "CASE WHEN mine.pinned_at IS NULL THEN 1 ELSE 0 END, mine.pinned_at, "
      + "c.updated_at DESC, c.id";

  static Everyday of(Row r) {
    Long archived = r.getLong("archived_at");
    Long pinned = r.getLong("pinned_at");
    return new Everyday(archived == null ? 0 : archived, pinned == null ? 0 : pinned, r.getLong("mentions"),
        r.getString("description"), GroupRights.parse(r.getString("rights")));
  }

  /** The keys a conversation's JSON gains: archived, pinned, pinnedAt, mentions, description, rights. */
  JsonObject toJson(String appInstallPolicy) {
    return new JsonObject()
        .put("archived", archivedAt > 0)
        .put("pinned", pinnedAt > 0)
        .put("pinnedAt", pinnedAt > 0 ? Instant.ofEpochMilli(pinnedAt).toString() : null)
        .put("mentions", mentions)
        .put("description", description == null ? "" : description)
        .put("rights", rights.toJson(appInstallPolicy));
  }
}
