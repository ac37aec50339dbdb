package dev.parley.core.business.consent;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * A business's counts per campaign: sent, delivered, read, clicked (an answer to the message's
 * buttons), replied (the customer wrote within a day) and opted out (within a week). Kept on the
 * operator's server and computed from the messages themselves; a count under 20 is shown as
 * "fewer than 20", so a small campaign cannot single a customer out.
 */
public final class CampaignStats {

  /** Counts below this are never shown exactly. */
  public static final int SMALLEST_SHOWN = 20;

  private static final Statement STATS = sql("SELECT s.campaign, COUNT(*) AS sent, "
      + "SUM(CASE WHEN cm.last_delivered_seq >= s.seq OR cm.last_read_seq >= s.seq THEN 1 ELSE 0 END) AS delivered, "
      + "SUM(CASE WHEN cm.last_read_seq >= s.seq THEN 1 ELSE 0 END) AS read, "
      + "SUM(CASE WHEN EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = s.conversation_id "
      + "AND r.sender_id = s.customer_id AND r.seq > s.seq AND r.extras LIKE CONCAT('%\"messageId\":\"', "
      + "s.message_id, '\"%')) THEN 1 ELSE 0 END) AS clicked, "
      + "SUM(CASE WHEN EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = s.conversation_id "
      + "AND r.sender_id = s.customer_id AND r.seq > s.seq AND r.created_at < s.sent_at + 86400000) "
      + "THEN 1 ELSE 0 END) AS replied, "
      + "SUM(CASE WHEN EXISTS (SELECT 1 FROM business_consent_events e WHERE e.business_id = s.business_id "
      + "AND e.customer_id = s.customer_id AND e.opted_in = FALSE AND e.at >= s.sent_at "
      + "AND e.at < s.sent_at + 604800000) THEN 1 ELSE 0 END) AS opted_out "
      + "FROM business_sends s JOIN conversation_members cm ON cm.conversation_id = s.conversation_id "
      + "AND cm.account_id = s.customer_id WHERE s.business_id = #{businessId} AND s.campaign IS NOT NULL "
      + "GROUP BY s.campaign ORDER BY s.campaign");

  private final Database db;

  public CampaignStats(Database db) {
    this.db = db;
  }

  /** Every campaign of the business with its counts, small ones hidden. */
  public Future<JsonArray> of(String businessId) {
    return STATS.list(db.pool(), params("businessId", businessId), CampaignStats::row).map(JsonArray::new);
  }

  private static JsonObject row(Row r) {
    JsonObject counts = new JsonObject();
    for (String c : new String[] {"sent", "delivered", "read", "clicked", "replied", "opted_out"}) {
      Number n = (Number) r.getValue(c);
      counts.put(c.equals("opted_out") ? "optedOut" : c, shown(n == null ? 0 : n.longValue()));
    }
    return new JsonObject().put("campaign", r.getString("campaign")).put("counts", counts);
  }

  /** A count as shown: the number from 20 up, else the words. */
  static Object shown(long n) {
    return n >= SMALLEST_SHOWN ? (Object) n : "fewer than 20";
  }
}
