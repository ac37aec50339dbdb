package dev.parley.runtime.spi;

import io.vertx.core.Future;
import java.util.Set;

/**
 * The host side of the {@code parley} object: the only door out of a sandbox. The platform
 * implements it; the runtime never calls anything else.
 *
 * <p>{@link #call(HostCall)} runs on a worker thread of the runtime while the guest waits for
 * nothing: it must not block, and should return quickly with a future. The guest sees a
 * promise that resolves with the future's value or rejects with a {@code ParleyError}.
 */
public interface HostInterface {

  /**
   * Returns the capabilities guests may call, such as {@code cards.post} or
   * {@code storage.get}. Each becomes a function of the guest's {@code parley} object
   * ({@code parley.cards.post(args)}); {@code parley.call(name, args)} reaches them too. A name
   * outside this set is rejected without reaching the host.
   */
  Set<String> capabilities();

  /**
   * Performs one capability call.
   *
   * @param call the capability, its arguments and the verified context
   * @return a future of a JSON value: a {@code JsonObject}, {@code JsonArray}, {@code String},
   *     {@code Number}, {@code Boolean} or {@code null}. Fail it with
   *     {@link dev.parley.runtime.MiniAppException#refused(String)} to refuse the call (the
   *     guest gets a catchable error with that message); any other failure reaches the guest
   *     as a generic "host call failed" without the host's details.
   */
  Future<Object> call(HostCall call);

  /**
   * Receives what a call wrote to its console; called once per call that wrote something.
   * The default drops it.
   *
   * @param output the output
   */
  default void console(ConsoleOutput output) {
  }

  /**
   * Returns a host interface that exports nothing, for code that needs no outside effects.
   *
   * @return the host
   */
  static HostInterface none() {
    return new HostInterface() {
      @Override
      public Set<String> capabilities() {
        return Set.of();
      }

      @Override
      public Future<Object> call(HostCall call) {
        return Future.failedFuture(
            dev.parley.runtime.MiniAppException.refused("no capability is available"));
      }
    };
  }
}
