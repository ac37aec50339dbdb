package dev.parley.core.business;

import java.util.Objects;

/** The caller of a Business API request: one business, through one of its keys. */
public record BusinessPrincipal(String businessId, String keyId, Business business) {

  public BusinessPrincipal {
    Objects.requireNonNull(businessId, "businessId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(business, "business");
  }
}
