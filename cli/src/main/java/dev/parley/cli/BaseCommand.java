package dev.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command has: the CLI, its writers, and the app folder ({@code --dir}, default here). */
abstract class BaseCommand implements Callable<Integer> {

  @ParentCommand
  ParleyCli cli;

  @Spec
  CommandSpec spec;

  @Option(names = {"-d", "--dir"}, description = "The app folder (default: the current folder).", defaultValue = ".")
  Path dir;

  @Option(names = {"-a", "--app"}, description = "The app's id (default: app_id of the folder's manifest.json).")
  String app;

  /** The app this command is about. */
  String appId() {
    return app != null ? app : folder().appId();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  AppFolder folder() {
    return new AppFolder(dir, cli.env());
  }

  String developerPath(String appId) {
    return "/api/developer/apps/" + appId;
  }
}
