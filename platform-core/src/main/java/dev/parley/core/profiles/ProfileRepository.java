package dev.parley.core.profiles;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The SQL of profiles: the profile columns of accounts, avatars, and who shares a conversation with whom. */
final class ProfileRepository {

  /** What a profile adds to an account. */
  record Extras(@Nullable String about, @Nullable String locale, String presencePrivacy, int avatarVersion,
      @Nullable String email) {
  }

  private static final Statement EXTRAS = Statement.sql(
      "SELECT about, locale, presence_privacy, avatar_version, email FROM accounts WHERE id = #{id}");
  private static final Statement SET_ABOUT = Statement.sql("UPDATE accounts SET about = #{value} WHERE id = #{id}");
  private static final Statement SET_EMAIL = Statement.sql("UPDATE accounts SET email = #{value} WHERE id = #{id}");
  private static final Statement SET_LOCALE = Statement.sql("UPDATE accounts SET locale = #{value} WHERE id = #{id}");
  private static final Statement SET_PRIVACY = Statement.sql(
      "UPDATE accounts SET presence_privacy = #{value} WHERE id = #{id}");
  private static final Statement BUMP_AVATAR = Statement.sql(
      "UPDATE accounts SET avatar_version = avatar_version + 1 WHERE id = #{id}");
  private static final Statement NO_AVATAR = Statement.sql(
      "UPDATE accounts SET avatar_version = 0 WHERE id = #{id}");
  private static final Statement AVATAR_DELETE = Statement.sql("DELETE FROM avatars WHERE account_id = #{id}");
  private static final Statement AVATAR_INSERT = Statement.sql("INSERT INTO avatars (account_id, version, "
      + "content_type, small, large, updated_at) VALUES (#{id}, (SELECT avatar_version FROM accounts WHERE id = #{id2}), "
      + "'image/jpeg', #{small}, #{large}, #{at})");
  private static final Statement AVATAR_SMALL = Statement.sql(
      "SELECT version, small AS bytes FROM avatars WHERE account_id = #{id}");
  private static final Statement AVATAR_LARGE = Statement.sql(
      "SELECT version, large AS bytes FROM avatars WHERE account_id = #{id}");
  private static final Statement CONTACTS = Statement.sql("SELECT DISTINCT b.account_id FROM conversation_members a "
      + "JOIN conversation_members b ON b.conversation_id = a.conversation_id WHERE a.account_id = #{id}");
  private static final Statement SHARE = Statement.sql("SELECT COUNT(*) AS n FROM conversation_members a "
      + "JOIN conversation_members b ON b.conversation_id = a.conversation_id "
      + "WHERE a.account_id = #{a} AND b.account_id = #{b}");

  private static final RowMapper<Extras> EXTRAS_ROW = row -> new Extras(row.getString("about"),
      row.getString("locale"), row.getString("presence_privacy"), row.getInteger("avatar_version"),
      row.getString("email"));

  /** An avatar picture and its version. */
  record Picture(int version, Buffer bytes) {
  }

  private static final RowMapper<Picture> PICTURE = row -> new Picture(row.getInteger("version"),
      row.getValue("bytes") instanceof Buffer b ? b : Buffer.buffer((byte[]) row.getValue("bytes")));

  private ProfileRepository() {
  }

  static Future<Optional<Extras>> extras(SqlClient client, String accountId) {
    return EXTRAS.first(client, params("id", accountId), EXTRAS_ROW);
  }

  static Future<Void> setAbout(SqlClient client, String accountId, @Nullable String about) {
    return SET_ABOUT.update(client, params("value", about, "id", accountId)).mapEmpty();
  }

  /** The account's e-mail address (issue 17), lower-cased; null clears it. */
  static Future<Void> setEmail(SqlClient client, String accountId, @Nullable String email) {
    return SET_EMAIL.update(client, params("value", email, "id", accountId)).mapEmpty();
  }

  static Future<Void> setLocale(SqlClient client, String accountId, @Nullable String locale) {
    return SET_LOCALE.update(client, params("value", locale, "id", accountId)).mapEmpty();
  }

  static Future<Void> setPresencePrivacy(SqlClient client, String accountId, String privacy) {
    return SET_PRIVACY.update(client, params("value", privacy, "id", accountId)).mapEmpty();
  }

  static Future<Void> setAvatar(SqlClient client, String accountId, byte[] small, byte[] large, long at) {
    return BUMP_AVATAR.update(client, params("id", accountId))
        .compose(n -> AVATAR_DELETE.update(client, params("id", accountId)))
        .compose(n -> AVATAR_INSERT.update(client, params("id", accountId, "id2", accountId,
            "small", Buffer.buffer(small), "large", Buffer.buffer(large), "at", at)))
        .mapEmpty();
  }

  static Future<Void> removeAvatar(SqlClient client, String accountId) {
    return NO_AVATAR.update(client, params("id", accountId))
        .compose(n -> AVATAR_DELETE.update(client, params("id", accountId))).mapEmpty();
  }

  static Future<Optional<Picture>> picture(SqlClient client, String accountId, boolean large) {
    return (large ? AVATAR_LARGE : AVATAR_SMALL).first(client, params("id", accountId), PICTURE);
  }

  /** Everyone who shares a conversation with the account, the account itself included when it has one. */
  static Future<List<String>> contacts(SqlClient client, String accountId) {
    return CONTACTS.list(client, params("id", accountId), row -> row.getString("account_id"));
  }

  static Future<Boolean> shareAConversation(SqlClient client, String a, String b) {
    return SHARE.first(client, params("a", a, "b", b), row -> row.getLong("n")).map(n -> n.orElse(0L) > 0);
  }
}
