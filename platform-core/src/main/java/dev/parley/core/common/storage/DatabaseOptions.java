package dev.parley.core.common.storage;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Where the platform keeps its data. The URL alone picks the database: {@code jdbc:h2:...} for
 * the embedded store, {@code postgresql://...} (or {@code postgres://}, {@code jdbc:postgresql://})
 * for PostgreSQL.
 */
public final class DatabaseOptions {

  /** Connections kept by the pool. */
  public static final int DEFAULT_MAX_POOL_SIZE = 8;

  private String url;
  private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;

  public DatabaseOptions() {
  }

  public DatabaseOptions(DatabaseOptions other) {
    this.url = other.url;
    this.maxPoolSize = other.maxPoolSize;
  }

  public DatabaseOptions(JsonObject json) {
    this();
    if (json.containsKey("url")) {
      setUrl(json.getString("url"));
    }
    if (json.containsKey("maxPoolSize")) {
      setMaxPoolSize(json.getInteger("maxPoolSize"));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("url", url).put("maxPoolSize", maxPoolSize);
  }

  public String getUrl() {
    return url;
  }

  public DatabaseOptions setUrl(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return this;
  }

  public int getMaxPoolSize() {
    return maxPoolSize;
  }

  public DatabaseOptions setMaxPoolSize(int maxPoolSize) {
    if (maxPoolSize < 1 || maxPoolSize > 200) {
      throw new IllegalArgumentException("maxPoolSize must be between 1 and 200, got " + maxPoolSize);
    }
    this.maxPoolSize = maxPoolSize;
    return this;
  }
}
