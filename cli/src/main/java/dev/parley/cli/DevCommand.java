package dev.parley.cli;

import picocli.CommandLine.Command;

@Command(name = "dev", mixinStandardHelpOptions = true, description = "Watch the app folder and install each save, unreviewed, as your development version.")
final class DevCommand extends BaseCommand {

  @Override
  public Integer call() {
    throw new CliFailure(ExitCodes.FAILED, "dev mode is not available in this build");
  }
}
