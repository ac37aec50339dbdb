package dev.parley.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "The app on the server: live version, suspension, and the newest version's review state.")
final class StatusCommand extends BaseCommand {

  @Override
  public Integer call() {
    String appId = appId();
    ServerApi api = cli.signedIn();
    JsonObject app = api.getObject(developerPath(appId));
    JsonArray versions = api.getArray(developerPath(appId) + "/versions");
    out().println(app.getString("name") + " (" + appId + ")");
    out().println("  status:  " + ("active".equals(app.getString("status"))
        ? cli.colour("@|green active|@")
        : cli.colour("@|red " + app.getString("status") + "|@") + ": " + app.getString("suspendedReason")));
    out().println("  live:    " + (app.getString("liveVersion") == null ? "none" : app.getString("liveVersion")));
    if (!versions.isEmpty()) {
      JsonObject newest = versions.getJsonObject(0);
      out().println("  newest:  " + newest.getString("version") + " " + newest.getString("state")
          + (newest.getString("reviewReason") == null ? "" : " (" + newest.getString("reviewReason") + ")")
          + (newest.getString("releaseAt") == null ? "" : ", release at " + newest.getString("releaseAt")));
    }
    return ExitCodes.OK;
  }
}
