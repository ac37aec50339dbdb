package dev.parley.cli;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true, description = {
    "Sign in to a server and remember it: creates a personal API token (or stores one you made in the "
        + "messenger) in cli.json of your config folder, readable by you only (0600).",
    "The password comes from --password-stdin, $PARLEY_PASSWORD, or a prompt."})
final class LoginCommand extends BaseCommand {

  @Option(names = {"-u", "--username"}, description = "Your username (asked when missing).")
  String username;

  @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--token", description = "A personal API token you already have (then no password is needed).")
  String token;

  @Override
  public Integer call() {
    String server = cli.serverAddress();
    String personal = token;
    if (personal == null) {
      String user = username != null ? username : prompt("Username: ", false);
      String password = password();
      ServerApi session = new ServerApi(server, Optional.empty());
      session.signIn(user, password);
      JsonObject made = session.post("/api/tokens", new JsonObject().put("name", "parley app on " + hostName()));
      personal = made.getString("token");
    }
    ServerApi api = new ServerApi(server, Optional.of(personal));
    JsonObject me = api.getObject("/api/session");
    JsonObject account = me.getJsonObject("account", new JsonObject());
    cli.config().save(new CliConfig.Login(server, personal, account.getString("username", "")));
    if (!account.getJsonArray("roles", new io.vertx.core.json.JsonArray()).contains("developer")) {
      err().println(cli.colour("@|yellow note:|@ ") + account.getString("username")
          + " has no developer role yet: an admin can grant it in the admin console (" + server + "/admin/)");
    }
    out().println(cli.colour("@|green Signed in|@ ") + "to " + server + " as " + account.getString("username")
        + "; token stored in " + cli.config().file());
    return ExitCodes.OK;
  }

  private String password() {
    if (passwordStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
          throw new CliFailure(ExitCodes.USAGE, "--password-stdin: standard input is empty");
        }
        return line;
      } catch (IOException e) {
        throw new CliFailure(ExitCodes.FAILED, "cannot read standard input: " + e.getMessage());
      }
    }
    String fromEnv = cli.env().get("PARLEY_PASSWORD");
    return fromEnv != null ? fromEnv : prompt("Password: ", true);
  }

  private static String prompt(String text, boolean secret) {
    Console console = System.console();
    if (console == null) {
      throw new CliFailure(ExitCodes.USAGE, "no terminal to ask on: pass --username and --password-stdin "
          + "(or $PARLEY_PASSWORD), or --token");
    }
    String answer = secret ? new String(console.readPassword(text)) : console.readLine(text);
    if (answer == null || answer.isBlank()) {
      throw new CliFailure(ExitCodes.USAGE, "nothing entered");
    }
    return answer;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this computer";
    }
  }
}
