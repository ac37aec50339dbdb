package dev.parley.core.business.webhooks;

import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The seam to the business helper's API keys: which business a Business API request acts for.
 * The business feature's key check ({@code BusinessPrincipal(businessId, keyId)}) is wired in
 * here; until then every Business API webhook route answers 401.
 */
@FunctionalInterface
public interface BusinessKeyAuth {

  /** Refuses every request: no business API keys exist. */
  BusinessKeyAuth NONE = ctx -> Future.failedFuture(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
      "a business API key is required (Authorization: Bearer <key>)"));

  /** The id of the business the request's key belongs to; fails with 401 without a valid key. */
  Future<String> businessId(RoutingContext ctx);
}
