package dev.parley.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "The app's developer log (console output, failures, refused host calls), oldest first.")
final class LogsCommand extends BaseCommand {

  @Option(names = {"-n",
      "--limit"}, defaultValue = "50", description = "How many recent lines (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they come (Ctrl-C stops).")
  boolean follow;

  @Option(names = "--poll-millis", defaultValue = "1000", hidden = true)
  long pollMillis;

  @Option(names = "--follow-for-millis", defaultValue = "0", hidden = true, description = "Stop following after this long (tests).")
  long followFor;

  @Override
  public Integer call() throws InterruptedException {
    String appId = appId();
    ServerApi api = cli.signedIn();
    Set<String> seen = new LinkedHashSet<>();
    print(fetch(api, appId), seen);
    long until = followFor > 0 ? System.currentTimeMillis() + followFor : Long.MAX_VALUE;
    while (follow && System.currentTimeMillis() < until) {
      Thread.sleep(pollMillis);
      print(fetch(api, appId), seen);
    }
    return ExitCodes.OK;
  }

  private JsonArray fetch(ServerApi api, String appId) {
    return api.getArray(developerPath(appId) + "/logs?limit=" + Math.max(1, Math.min(limit, 500)));
  }

  /** Prints the lines not printed before, oldest first (the server answers newest first). */
  private void print(JsonArray newestFirst, Set<String> seen) {
    List<JsonObject> lines = new ArrayList<>();
    newestFirst.forEach(o -> lines.add((JsonObject) o));
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonObject l = lines.get(i);
      if (seen.add(l.encode())) {
        String level = "error".equals(l.getString("level")) ? cli.colour("@|red error|@") : "info ";
        out().println(level + " " + line(l));
      }
    }
    out().flush();
  }

  static String line(JsonObject l) {
    return l.getString("at", "") + " " + l.getString("version", "") + " " + l.getString("text", "")
        + (l.getString("requestId") == null ? "" : " [request " + l.getString("requestId") + "]");
  }
}
