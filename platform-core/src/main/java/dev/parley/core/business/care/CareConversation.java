package dev.parley.core.business.care;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** One business conversation as customer care keeps it (a row of care_conversations with names joined). */
record CareConversation(String conversationId, String businessId, String customerId, String state, String status,
    String assigneeId, String teamId, Long snoozedUntil, JsonArray labels, int episode, Long waitingSince,
    Long firstResponseDueAt, Long nextResponseDueAt, Long resolutionDueAt, Long firstResponseAt, Long resolvedAt,
    String resolvedBy, String lastMessage, Long lastMessageAt, long lastCustomerSeq, long agentReadSeq,
    String customerOpaqueId, String customerName, String assigneeName, String teamName) {

  static CareConversation of(Row r) {
    return new CareConversation(r.getString("conversation_id"), r.getString("business_id"),
        r.getString("customer_id"), r.getString("state"), r.getString("status"), r.getString("assignee_id"),
        r.getString("team_id"), r.getLong("snoozed_until"), CareRepository.labels(r.getString("labels")),
        r.getInteger("episode"), r.getLong("waiting_since"), r.getLong("first_response_due_at"),
        r.getLong("next_response_due_at"), r.getLong("resolution_due_at"), r.getLong("first_response_at"),
        r.getLong("resolved_at"), r.getString("resolved_by"), r.getString("last_message"),
        r.getLong("last_message_at"), r.getLong("last_customer_seq"), r.getLong("agent_read_seq"),
        r.getString("opaque_id"), r.getValue("shared_at") == null ? null : r.getString("customer_name"),
        r.getString("assignee_name"), r.getString("team_name"));
  }

  /** The customer as the business may know them: the opaque id, the name only if they share it. */
  JsonObject customer() {
    JsonObject c = new JsonObject().put("id", customerOpaqueId);
    if (customerName != null) {
      c.put("displayName", customerName);
    }
    return c;
  }

  /** The inbox's item: SLA targets and the breaches still open at {@code now} (late ones met are in {@link #get}). */
  JsonObject toJson(long now, JsonArray metBreaches) {
    JsonArray breaches = metBreaches.copy();
    overdue(breaches, "first_response", firstResponseDueAt, now);
    overdue(breaches, "next_response", nextResponseDueAt, now);
    overdue(breaches, "resolution", resolutionDueAt, now);
    JsonObject sla = new JsonObject().put("firstResponseDueAt", iso(firstResponseDueAt))
        .put("nextResponseDueAt", iso(nextResponseDueAt)).put("resolutionDueAt", iso(resolutionDueAt))
        .put("breaches", breaches);
    return new JsonObject().put("conversationId", conversationId).put("customer", customer()).put("state", state)
        .put("status", status).put("snoozedUntil", iso(snoozedUntil))
        .put("assignee", assigneeId == null ? null : new JsonObject().put("id", assigneeId).put("name", assigneeName))
        .put("team", teamId == null ? null : new JsonObject().put("id", teamId).put("name", teamName))
        .put("labels", labels.copy())
        .put("lastMessage", lastMessage == null
            ? null
            : new JsonObject().put("text", lastMessage)
                .put("at", iso(lastMessageAt)))
        .put("waitingSince", iso(waitingSince)).put("sla", sla)
        .put("unread", lastCustomerSeq > agentReadSeq).put("episode", episode);
  }

  private static void overdue(JsonArray breaches, String kind, Long due, long now) {
    if (due != null && due < now) {
      breaches.add(new JsonObject().put("kind", kind).put("dueAt", iso(due)).put("open", true));
    }
  }

  static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }
}
