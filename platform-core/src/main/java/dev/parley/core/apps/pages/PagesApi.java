package dev.parley.core.apps.pages;

import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * The routes of app pages: every request to an app's own origin ({@code <appId>.apps.<host>}),
 * which must come first of all so that it never reaches the platform's routes, and the platform's
 * public key for launch parameters, {@code GET /api/platform-key}.
 */
public final class PagesApi implements RouteSet {

  private final AppPages pages;
  private final LaunchSigner signer;

  public PagesApi(AppPages pages, LaunchSigner signer) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  @Override
  public void mountRoot(Router root) {
    root.route().handler(pages);
    root.get("/api/platform-key").handler(Respond.json(ctx -> signer.publicKey()));
  }
}
