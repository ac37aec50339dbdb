package dev.parley.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Make a working app folder: manifest.json, server.js, a page using the SDK, a test and a README.")
final class InitCommand extends BaseCommand {

  private static final Pattern APP_ID = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");

  @Parameters(index = "0", paramLabel = "APP_ID", description = "The app's id: 3-32 of a-z 0-9 -, starting with a letter.")
  String appId;

  @Option(names = {"-t",
      "--template"}, defaultValue = "command", description = "What the app starts as: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Templates.Template template;

  @Option(names = "--typescript", description = "Make a TypeScript app (src/server.ts, types/, tsconfig.json), "
      + "compiled with esbuild by validate, dev and publish. With the command template only.")
  boolean typeScript;

  @Option(names = "--name", description = "The app's display name (default: from the id).")
  String name;

  @Override
  public Integer call() {
    if (!APP_ID.matcher(appId).matches()) {
      throw new CliFailure(ExitCodes.USAGE, "'" + appId + "' is not an app id: 3-32 characters of a-z 0-9 -,"
          + " starting with a letter, not ending with -");
    }
    if (typeScript && template != Templates.Template.command) {
      throw new CliFailure(ExitCodes.USAGE, "--typescript makes the command template; drop --template " + template);
    }
    Path folder = dir.resolve(appId);
    var written = Templates.write(template, typeScript, folder, appId, name == null ? Templates.nameOf(appId) : name);
    out().println(cli.colour("@|green Made|@ ") + folder.normalize() + " (" + written.size() + " files, template "
        + template + (typeScript ? ", TypeScript" : "") + ")");
    out().println("Next: cd " + folder.normalize() + " && parley app validate && parley app dev");
    return ExitCodes.OK;
  }
}
