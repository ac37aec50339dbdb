package dev.parley.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", mixinStandardHelpOptions = true, description = {
    "Dev mode: installs the app folder, unreviewed, as your development version in a development "
        + "conversation of yours (\"<app name> (development)\"; add people to it to let them try), and again at every "
        + "save, printing how long each took to be live. The app's log (console output, failures with their "
        + "positions in your files) streams here. Nobody else sees a development version, and it asks nobody for money.",
    "Needs a server with dev mode on (devMode.enabled: on by default with the embedded database)."})
final class DevCommand extends BaseCommand {

  @Option(names = "--once", description = "Install once and stop (no watching).")
  boolean once;

  @Option(names = "--for-millis", defaultValue = "0", hidden = true, description = "Stop watching after this long (tests).")
  long forMillis;

  @Option(names = "--category", defaultValue = "tools", hidden = true)
  String category;

  private ServerApi api;
  private String appId;
  private String conversation;

  @Override
  public Integer call() throws InterruptedException {
    AppFolder folder = folder();
    appId = appId();
    api = cli.signedIn();
    PublishCommand.ensureApp(api, appId, folder.manifest(), category, cli, out());
    LogFollower logs = new LogFollower(api, appId, 200);
    logs.skipExisting();
    boolean installed = install(folder, System.nanoTime());
    if (once) {
      logs.printNew(out(), cli);
      return installed ? ExitCodes.OK : ExitCodes.FAILED;
    }
    out().println("Watching " + folder.dir() + " (Ctrl-C stops)");
    out().flush();
    long until = forMillis > 0 ? System.currentTimeMillis() + forMillis : Long.MAX_VALUE;
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      register(watcher, folder.dir());
      while (System.currentTimeMillis() < until) {
        WatchKey key = watcher.poll(300, TimeUnit.MILLISECONDS);
        logs.printNew(out(), cli);
        if (key == null) {
          continue;
        }
        long saved = System.nanoTime();
        boolean relevant = false;
        do {
          for (var event : key.pollEvents()) {
            if (event.context() instanceof Path p && !p.toString().startsWith(".")) {
              relevant = true;
              Path changed = ((Path) key.watchable()).resolve(p);
              if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                register(watcher, changed);
              }
            }
          }
          key.reset();
          key = watcher.poll(30, TimeUnit.MILLISECONDS); // a save often writes more than one file
        } while (key != null);
        if (relevant) {
          install(folder, saved);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClosedWatchServiceException e) {
      // stopped
    }
    return ExitCodes.OK;
  }

  /** Uploads the folder as the development version; a refusal is printed and watching goes on. */
  private boolean install(AppFolder folder, long savedNanos) {
    try {
      JsonObject answer = api.upload("/api/developer/apps/" + appId + "/dev", folder.zip());
      long ms = (System.nanoTime() - savedNanos) / 1_000_000;
      out().println(cli.colour("@|green live|@ ") + appId + " " + answer.getString("version") + " in " + ms
          + " ms (server load " + answer.getLong("loadMillis") + " ms)");
      String c = answer.getString("conversationId");
      if (!c.equals(conversation)) {
        conversation = c;
        out().println("Your development conversation: " + c + " (in the messenger, it is the group of the app's name"
            + " with \"(development)\"); type the app's commands there");
      }
      out().flush();
      return true;
    } catch (CliFailure f) {
      if (f.exitCode() != ExitCodes.FAILED) {
        throw f; // cannot reach the server, or not signed in: nothing to watch for
      }
      err().println(cli.colour("@|red refused|@ ") + f.getMessage());
      err().flush();
      return false;
    }
  }

  private static void register(WatchService watcher, Path dir) throws IOException {
    try (Stream<Path> dirs = Files.walk(dir)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        String rel = dir.relativize(d).toString().replace('\\', '/');
        if (rel.isEmpty() || AppFolder.packaged(rel + "/x")) {
          d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
        }
      }
    }
  }
}
