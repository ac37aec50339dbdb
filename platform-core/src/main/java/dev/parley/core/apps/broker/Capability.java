package dev.parley.core.apps.broker;

import dev.parley.core.common.PlatformException;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One host capability of mini-apps ({@code parley.cards.post(args)} in server code,
 * {@code Parley.call("cards.post", args)} in a page), as data: its name, what it requires, the
 * JSON Schema of its arguments, the TypeScript type of its answer, and the code that runs it.
 * {@link BrokerHost} looks it up by name, checks the requirement, checks the arguments against
 * the schema, and only then calls {@link #handler()}. The schema states the shape (types, the
 * fields that must be there, ids, enumerations); what only the owner can judge (a card's
 * content, an amount of money, a URL against the manifest's domains) stays in the code it runs.
 *
 * @param name {@code area.verb}, e.g. {@code storage.get}
 * @param requirement what the call needs before it runs
 * @param arguments a JSON Schema (draft 2020-12) of the arguments object; its {@code description}
 *     says what the capability does, each property's {@code description} what the field holds
 * @param answers the TypeScript type of what it answers, for the SDK's declarations
 * @param handler the code that runs an allowed call with checked arguments
 */
public record Capability(String name, Requirement requirement, JsonObject arguments, String answers, Handler handler) {

  private static final Pattern NAME = Pattern.compile("[a-z]+\\.[a-z]+");

  /** Checks the name and copies the schema. */
  public Capability {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a capability is named area.verb in lower case, not '" + name + "'");
    }
    Objects.requireNonNull(requirement, "requirement");
    arguments = Objects.requireNonNull(arguments, "arguments").copy();
    Objects.requireNonNull(answers, "answers");
    Objects.requireNonNull(handler, "handler");
  }

  /** A capability; see the record's parameters. */
  public static Capability of(String name, Requirement requirement, JsonObject arguments, String answers,
      Handler handler) {
    return new Capability(name, requirement, arguments, answers, handler);
  }

  /** The schema's copy (the record keeps its own). */
  @Override
  public JsonObject arguments() {
    return arguments.copy();
  }

  /** What the capability does, in a sentence: the schema's {@code description}. */
  public String summary() {
    return arguments.getString("description", "");
  }

  /** The code of a capability. */
  @FunctionalInterface
  public interface Handler {

    /**
     * Runs an allowed call whose arguments passed the schema. Fail with
     * {@link MiniAppException#refused(String)} for the app's clear error (logged for its developer
     * and audited); any other failure reaches the app as a generic "host call failed".
     *
     * @return a future of a JSON value ({@code JsonObject}, {@code JsonArray}, a string, a number,
     *     a boolean or null)
     */
    Future<?> handle(CallContext context, JsonObject args);
  }

  /**
   * For capabilities backed by a service that fails with {@link PlatformException}s meant for the
   * app's developer (a bad amount, an unknown payee): those become refusals; internal and
   * unavailable failures stay what they are.
   */
  public static <T> Future<T> refusal(Throwable failure) {
    return Future
        .failedFuture(failure instanceof PlatformException pe && pe.reason() != PlatformException.Reason.INTERNAL
            && pe.reason() != PlatformException.Reason.UNAVAILABLE
                ? MiniAppException.refused(pe.getMessage())
                : failure);
  }
}
