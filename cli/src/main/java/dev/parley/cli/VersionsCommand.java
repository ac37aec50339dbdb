package dev.parley.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

@Command(name = "versions", mixinStandardHelpOptions = true, description = "The app's versions, newest first.")
final class VersionsCommand extends BaseCommand {

  @Override
  public Integer call() {
    String appId = appId();
    var versions = cli.signedIn().getArray(developerPath(appId) + "/versions");
    out().printf("%-12s %-10s %-5s %-24s %s%n", "VERSION", "STATE", "LIVE", "UPLOADED", "REVIEW");
    for (Object o : versions) {
      JsonObject v = (JsonObject) o;
      out().printf("%-12s %-10s %-5s %-24s %s%n", v.getString("version"), v.getString("state"),
          v.getBoolean("live", false) ? "yes" : "", v.getString("uploadedAt"),
          v.getString("reviewReason") == null ? "" : v.getString("reviewReason"));
    }
    if (versions.isEmpty()) {
      out().println("(no versions yet: parley app publish)");
    }
    return ExitCodes.OK;
  }
}
