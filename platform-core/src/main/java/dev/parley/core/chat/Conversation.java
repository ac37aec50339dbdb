package dev.parley.core.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation as one member sees it: with that member's read marker and unread count, and their
 * mute ({@code mutedUntil}: epoch millis, 0 when not muted, {@link #MUTED_INDEFINITELY} until unmuted;
 * a passed mute is cleared within a minute).
 */
public record Conversation(String id, Kind kind, Optional<String> title, List<Member> members, long lastSeq,
    long lastReadSeq, long unread, Optional<Message> lastMessage, Instant updatedAt,
    String viewerId, String appInstallPolicy, long mutedUntil, Everyday everyday) {

  /** {@link #mutedUntil()} of a conversation muted until its member unmutes it. */
  public static final long MUTED_INDEFINITELY = Long.MAX_VALUE;

  /** Direct conversations have exactly two members; groups have a title and an owner. */
  public enum Kind {
    DIRECT, GROUP;

    public String key() {
      return this == DIRECT ? "direct" : "group";
    }

    static Kind parse(String key) {
      return "direct".equals(key) ? DIRECT : GROUP;
    }
  }

  /**
   * A member: who, whether they own the group, and how far they have read and received (the
   * newest seq a session of theirs was sent), for ticks.
   */
  public record Member(String id, String username, String displayName, String role, long lastReadSeq,
      long lastDeliveredSeq) {

    public Member(String id, String username, String displayName, String role) {
      this(id, username, displayName, role, 0, 0);
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("username", username).put("displayName", displayName).put("role", role)
          .put("lastReadSeq", lastReadSeq).put("lastDeliveredSeq", Math.max(lastDeliveredSeq, lastReadSeq));
    }
  }

  public Conversation {
    Objects.requireNonNull(id, "id");
    members = List.copyOf(members);
  }

  public boolean hasMember(String accountId) {
    return members.stream().anyMatch(m -> m.id().equals(accountId));
  }

  /** The title this viewer sees: the group's title, or the other person's name. */
  public String displayTitle() {
    if (kind == Kind.GROUP) {
      return title.orElse("Group");
    }
    return members.stream().filter(m -> !m.id().equals(viewerId)).map(Member::displayName).findFirst()
        .orElse(members.isEmpty() ? "Conversation" : members.get(0).displayName());
  }

  public JsonObject toJson() {
    JsonArray m = new JsonArray();
    members.forEach(member -> m.add(member.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("kind", kind.key())
        .put("title", displayTitle())
        .put("members", m)
        .put("lastSeq", lastSeq)
        .put("lastReadSeq", lastReadSeq)
        .put("unread", unread)
        .put("lastMessage", lastMessage.map(Message::toJson).orElse(null))
        .put("updatedAt", updatedAt.toString())
        .put("appInstallPolicy", appInstallPolicy)
        .put("muted", mutedUntil > 0)
        .put("mutedUntil", mutedUntil > 0 && mutedUntil != MUTED_INDEFINITELY
            ? Instant.ofEpochMilli(mutedUntil).toString()
            : null)
        .mergeIn(everyday.toJson(appInstallPolicy));
  }
}
