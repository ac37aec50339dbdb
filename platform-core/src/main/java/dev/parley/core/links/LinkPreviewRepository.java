package dev.parley.core.links;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.Optional;

/** The SQL of {@code link_previews}: one row per URL, replaced when fetched anew. */
final class LinkPreviewRepository {

  /** A cached answer: a preview (with its image) or the words of a failure, until {@code expiresAt}. */
  record Row(String urlKey, String url, Optional<String> preview, Optional<String> failure, Optional<Buffer> image,
      long expiresAt) {
  }

  private static final Statement FIND = Statement.sql(
      "SELECT url_key, url, preview, failure, image, expires_at FROM link_previews WHERE url_key = #{urlKey}");
  private static final Statement IMAGE = Statement.sql(
      "SELECT image FROM link_previews WHERE url_key = #{urlKey} AND image IS NOT NULL");
  private static final Statement DELETE = Statement.sql("DELETE FROM link_previews WHERE url_key = #{urlKey}");
  private static final Statement INSERT = Statement.sql("INSERT INTO link_previews (url_key, url, preview, failure, "
      + "image, expires_at) VALUES (#{urlKey}, #{url}, #{preview}, #{failure}, #{image}, #{expiresAt})");
  private static final Statement PURGE = Statement.sql("DELETE FROM link_previews WHERE expires_at < #{before}");

  private static Buffer bytes(Object value) {
    return value instanceof Buffer b ? b : Buffer.buffer((byte[]) value);
  }

  private static final RowMapper<Row> ROW = r -> new Row(r.getString("url_key"), r.getString("url"),
      Optional.ofNullable(r.getString("preview")), Optional.ofNullable(r.getString("failure")),
      Optional.ofNullable(r.getValue("image")).map(LinkPreviewRepository::bytes), r.getLong("expires_at"));

  private LinkPreviewRepository() {
  }

  static Future<Optional<Row>> find(SqlClient client, String urlKey) {
    return FIND.first(client, params("urlKey", urlKey), ROW);
  }

  static Future<Optional<Buffer>> image(SqlClient client, String urlKey) {
    return IMAGE.first(client, params("urlKey", urlKey), r -> bytes(r.getValue("image")));
  }

  /** Replaces the URL's row (in the caller's transaction). */
  static Future<Void> replace(SqlClient tx, Row row) {
    return DELETE.update(tx, params("urlKey", row.urlKey())).compose(x -> INSERT.update(tx, params("urlKey",
        row.urlKey(), "url", row.url(), "preview", row.preview().orElse(null), "failure", row.failure().orElse(null),
        "image", row.image().orElse(null), "expiresAt", row.expiresAt()))).mapEmpty();
  }

  /** Removes rows that expired before {@code before}. */
  static Future<Integer> purge(SqlClient client, long before) {
    return PURGE.update(client, params("before", before));
  }
}
