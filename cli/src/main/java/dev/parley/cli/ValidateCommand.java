package dev.parley.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true, description = "Run the checks of an upload here: archive rules, the manifest's schema, files it names, "
    + "and a load of server.js in the sandbox (handlers exported). Each problem with its file, JSON pointer and line.")
final class ValidateCommand extends BaseCommand {

  @Option(names = "--no-sandbox", description = "Skip loading server.js in the sandbox (faster).")
  boolean noSandbox;

  @Override
  public Integer call() {
    AppFolder app = folder();
    var problems = app.check(!noSandbox);
    if (problems.isEmpty()) {
      out().println(cli.colour("@|green ok|@ ") + app.appId() + " " + app.versionName() + ": no problems");
      return ExitCodes.OK;
    }
    for (AppFolder.Finding f : problems) {
      err().println(cli.colour("@|red problem|@ ") + f);
    }
    err().println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + ": an upload would be refused");
    return ExitCodes.FAILED;
  }
}
