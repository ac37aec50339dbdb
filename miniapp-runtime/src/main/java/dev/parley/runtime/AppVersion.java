package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one loaded app version: the key of its context pool. Two bundles with the same
 * id and version but different contents are different app versions and never share contexts.
 *
 * @param appId the app id
 * @param version the semantic version
 * @param digest the SHA-256 of the bundle
 */
public record AppVersion(String appId, String version, String digest) {
  /** Checks for nulls. */
  public AppVersion {
    requireNonNull(appId, "appId");
    requireNonNull(version, "version");
    requireNonNull(digest, "digest");
  }

  @Override
  public String toString() {
    return appId + "@" + version + "#" + digest.substring(0, Math.min(12, digest.length()));
  }
}
