package dev.parley.core;

import java.util.Map;

/** Who makes a test request: the headers that authenticate it (none for an anonymous caller). */
@FunctionalInterface
public interface Caller {

  /** Headers to add to the request. */
  Map<String, String> headers();

  /** No credentials at all. */
  static Caller anonymous() {
    return Map::of;
  }

  /** A personal API token: {@code Authorization: Bearer <token>}, no cookie, no CSRF header. */
  static Caller bearer(String token) {
    return () -> Map.of("Authorization", "Bearer " + token);
  }

  /** A raw session cookie value, without a CSRF header. */
  static Caller cookie(String sessionToken) {
    return () -> Map.of("Cookie", "parley_session=" + sessionToken);
  }
}
