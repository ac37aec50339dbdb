package dev.parley.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

@Command(name = "usage", mixinStandardHelpOptions = true, description = "Launches, invocations and errors of the app, per day, and its recent errors.")
final class UsageCommand extends BaseCommand {

  @Override
  public Integer call() {
    String appId = appId();
    JsonObject usage = cli.signedIn().getObject(developerPath(appId) + "/usage");
    out().println(appId + ": " + usage.getLong("launches") + " launches, " + usage.getLong("invocations")
        + " invocations, " + usage.getLong("errors") + " errors");
    for (Object o : usage.getJsonArray("days", new io.vertx.core.json.JsonArray())) {
      JsonObject d = (JsonObject) o;
      out().printf("  %s  %6d launches %6d invocations %6d errors%n", d.getString("day"), d.getLong("launches"),
          d.getLong("invocations"), d.getLong("errors"));
    }
    for (Object o : usage.getJsonArray("recentErrors", new io.vertx.core.json.JsonArray())) {
      out().println("  " + cli.colour("@|red error|@ ") + LogFollower.line((JsonObject) o));
    }
    return ExitCodes.OK;
  }
}
