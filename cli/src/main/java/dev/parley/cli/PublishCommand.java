package dev.parley.cli;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true, description = "Zip the app folder, upload it as a new version (creating the app the first time) and submit it "
    + "for review. It goes live when an admin approves it, or at --release-at.")
final class PublishCommand extends BaseCommand {

  @Option(names = "--release-at", description = "Go live at this time after approval (ISO-8601, e.g. 2026-12-24T18:00:00Z).")
  String releaseAt;

  @Option(names = "--no-submit", description = "Upload only; the version stays a draft.")
  boolean noSubmit;

  @Option(names = "--category", defaultValue = "tools", description = "The directory category when the app is created (default: ${DEFAULT-VALUE}).")
  String category;

  @Override
  public Integer call() {
    if (releaseAt != null) {
      try {
        Instant.parse(releaseAt);
      } catch (DateTimeParseException e) {
        throw new CliFailure(ExitCodes.USAGE, "--release-at '" + releaseAt + "' is not an ISO-8601 time such as "
            + "2026-12-24T18:00:00Z");
      }
    }
    AppFolder folder = folder();
    JsonObject manifest = folder.manifest();
    String appId = appId();
    byte[] zip = folder.zip(); // first: a TypeScript app that does not compile never reaches the server
    ServerApi api = cli.signedIn();
    ensureApp(api, appId, manifest, category, cli, out());
    long started = System.nanoTime();
    JsonObject version = api.upload(developerPath(appId) + "/versions", zip);
    String number = version.getString("version");
    out().println(cli.colour("@|green Uploaded|@ ") + appId + " " + number + " (" + version.getInteger("fileCount")
        + " files, " + version.getLong("size") + " bytes, " + (System.nanoTime() - started) / 1_000_000 + " ms)");
    if (noSubmit || !"draft".equals(version.getString("state"))) {
      out().println(appId + " " + number + " is " + version.getString("state"));
      return ExitCodes.OK;
    }
    JsonObject body = new JsonObject();
    if (releaseAt != null) {
      body.put("releaseAt", releaseAt);
    }
    JsonObject submitted = api.post(developerPath(appId) + "/versions/" + number + "/submit", body);
    out().println(cli.colour("@|green Submitted|@ ") + appId + " " + number + " for review"
        + (releaseAt != null ? "; it goes live at " + releaseAt + " once approved" : "; it goes live when approved")
        + " (state: " + submitted.getString("state") + ")");
    return ExitCodes.OK;
  }

  /** Creates the app from the manifest's name and description when the server does not know it yet. */
  static void ensureApp(ServerApi api, String appId, JsonObject manifest, String category, ParleyCli cli,
      java.io.PrintWriter out) {
    List<?> mine = api.getArray("/api/developer/apps").getList();
    boolean exists = mine.stream().anyMatch(a -> a instanceof java.util.Map<?, ?> m && appId.equals(m.get("id")));
    if (exists) {
      return;
    }
    api.post("/api/developer/apps", new JsonObject().put("id", appId)
        .put("name", manifest.getString("name", appId))
        .put("description", manifest.getString("description", appId))
        .put("category", category));
    out.println(cli.colour("@|green Created|@ ") + "the app " + appId);
  }
}
