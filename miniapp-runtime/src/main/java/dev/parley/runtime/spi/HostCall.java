package dev.parley.runtime.spi;

import static java.util.Objects.requireNonNull;

import dev.parley.runtime.CallContext;
import io.vertx.core.json.JsonObject;

/**
 * One capability call of a guest, such as {@code parley.cards.post({...})}.
 *
 * @param capability the capability's name, one of {@link HostInterface#capabilities()}
 * @param args the arguments, plain JSON data copied out of the guest
 * @param context the verified context of the call that made it
 */
public record HostCall(String capability, JsonObject args, CallContext context) {
  /** Checks for nulls. */
  public HostCall {
    requireNonNull(capability, "capability");
    requireNonNull(args, "args");
    requireNonNull(context, "context");
  }
}
