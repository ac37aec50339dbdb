package dev.parley.core.apps.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * An app with its live version, as one cached lookup of the registry.
 *
 * @param app the app's listing
 * @param live its live version, if one is live
 */
public record Listing(App app, Optional<Version> live) {

  public Listing {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(live, "live");
  }
}
