package dev.parley.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Prints an app's developer log lines not printed before, oldest first (the route answers newest first). */
final class LogFollower {

  private final ServerApi api;
  private final String path;
  private final Set<String> seen = new LinkedHashSet<>();

  LogFollower(ServerApi api, String appId, int limit) {
    this.api = api;
    this.path = "/api/developer/apps/" + appId + "/logs?limit=" + Math.max(1, Math.min(limit, 500));
  }

  /** Marks the lines there are now as seen, without printing them. */
  void skipExisting() {
    api.getArray(path).forEach(o -> seen.add(((JsonObject) o).encode()));
  }

  void printNew(PrintWriter out, ParleyCli cli) {
    JsonArray newestFirst = api.getArray(path);
    List<JsonObject> lines = new ArrayList<>();
    newestFirst.forEach(o -> lines.add((JsonObject) o));
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonObject l = lines.get(i);
      if (seen.add(l.encode())) {
        String level = "error".equals(l.getString("level")) ? cli.colour("@|red error|@") : "info ";
        out.println(level + " " + line(l));
      }
    }
    out.flush();
  }

  static String line(JsonObject l) {
    return l.getString("at", "") + " " + l.getString("version", "") + " " + l.getString("text", "")
        + (l.getString("requestId") == null ? "" : " [request " + l.getString("requestId") + "]");
  }
}
