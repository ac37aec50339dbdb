package dev.parley.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "secret", mixinStandardHelpOptions = true, description = "The app's signing secret (for launch parameters): 'secret rotate' makes a new one, shown this once; "
    + "the old one stops working at once.")
final class SecretCommand extends BaseCommand {

  @Parameters(index = "0", paramLabel = "ACTION", description = "rotate")
  String action;

  @Override
  public Integer call() {
    if (!"rotate".equals(action)) {
      throw new CliFailure(ExitCodes.USAGE,
          "'" + action + "' is not an action of secret: use parley app secret rotate");
    }
    String appId = appId();
    JsonObject rotated = cli.signedIn().post(developerPath(appId) + "/secret", new JsonObject());
    err().println("The new signing secret of " + appId + " (shown this once; the old one no longer works):");
    out().println(rotated.getString("secret"));
    return ExitCodes.OK;
  }
}
