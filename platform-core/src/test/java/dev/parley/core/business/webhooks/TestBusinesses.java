package dev.parley.core.business.webhooks;

import dev.parley.core.TestPlatform;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Businesses and Business API keys for the webhook tests, until the business feature's own keys
 * are merged: a row in {@code businesses} with its bot account, and a key check that maps a
 * bearer token to its business as {@code BusinessPrincipal(businessId, keyId)} would.
 */
final class TestBusinesses implements BusinessKeyAuth {

  private final Map<String, String> keys = new ConcurrentHashMap<>();

  /** A verified business owned by {@code ownerId}, and a key for it. */
  String create(TestPlatform p, String ownerId) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    try (Connection c = p.database().jdbc();
        PreparedStatement bot = c.prepareStatement("INSERT INTO accounts (id, username, display_name, "
            + "password_hash, created_at, kind) VALUES (?, ?, ?, '!', ?, 'bot')");
        PreparedStatement s = c.prepareStatement("INSERT INTO businesses (id, "
            + "handle, name, description, category, owner_id, status, created_at, verified_at, privacy_url, "
            + "bot_account_id) VALUES (?, ?, ?, ?, ?, ?, 'verified', ?, ?, 'https://example.com/privacy', ?)")) {
      // every business speaks through a bot account of its own (businesses.bot_account_id)
      bot.setString(1, "bot" + id.substring(0, 17));
      bot.setString(2, "bot-b" + id.substring(0, 12));
      bot.setString(3, "Business " + id.substring(0, 4));
      bot.setLong(4, System.currentTimeMillis());
      bot.executeUpdate();
      s.setString(9, "bot" + id.substring(0, 17));
      s.setString(1, id);
      s.setString(2, "b" + id.substring(0, 12));
      s.setString(3, "Business " + id.substring(0, 4));
      s.setString(4, "A test business");
      s.setString(5, "retail");
      s.setString(6, ownerId);
      s.setLong(7, System.currentTimeMillis());
      s.setLong(8, System.currentTimeMillis());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    keys.put(key(id), id);
    return id;
  }

  /** The Business API key of a business made here. */
  static String key(String businessId) {
    return "pbk_test_" + businessId;
  }

  @Override
  public Future<String> businessId(io.vertx.ext.web.RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String business = header != null && header.startsWith("Bearer ") ? keys.get(header.substring(7)) : null;
    return business != null
        ? Future.succeededFuture(business)
        : Future.failedFuture(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
            "a business API key is required"));
  }
}
