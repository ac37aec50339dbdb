package dev.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;

/**
 * The developer CLI: {@code ./parley app <command>} from a clone, or {@code java -jar parley-cli.jar}.
 * Every failure is a sentence and an exit code (see {@link ExitCodes}); never a stack trace.
 */
@Command(name = "parley app", mixinStandardHelpOptions = true, version = "parley app 0.1.0", description = "Make, check, run and publish Parley mini-apps.", subcommands = {
    InitCommand.class, ValidateCommand.class, LoginCommand.class, PublishCommand.class,
    StatusCommand.class, VersionsCommand.class, LogsCommand.class, UsageCommand.class, SecretCommand.class,
    DevCommand.class, AutoComplete.GenerateCompletion.class}, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:done", "1:refused or failed (the message says why)", "2:usage: a wrong command line",
        "3:cannot reach the server", "4:not signed in, or the token was refused: run parley app login"}, footer = {"",
            "Guide: docs/guide.md. Completion for bash/zsh: source <(parley app generate-completion)"})
public final class ParleyCli implements Runnable {

  @Option(names = "--server", description = "The server's address (default: the one login remembered, "
      + "else $PARLEY_SERVER, else http://localhost:8080).", scope = CommandLine.ScopeType.INHERIT)
  String server;

  private final Map<String, String> env;
  private final CliConfig config;
  private Ansi ansi = Ansi.AUTO;

  public ParleyCli(Map<String, String> env, Path configDir) {
    this.env = env;
    this.config = new CliConfig(configDir);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), CliConfig.defaultDir(System.getenv()),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true), Ansi.AUTO));
  }

  /** Runs one command line; answers the exit code. Tests call this with their own writers. */
  public static int run(String[] args, Map<String, String> env, Path configDir, PrintWriter out, PrintWriter err,
      Ansi ansi) {
    ParleyCli cli = new ParleyCli(env, configDir);
    cli.ansi = env.containsKey("NO_COLOR") ? Ansi.OFF : ansi;
    CommandLine line = new CommandLine(cli);
    line.setOut(out).setErr(err).setColorScheme(CommandLine.Help.defaultColorScheme(cli.ansi));
    line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliFailure failure) {
        err.println(cli.colour("@|bold,red error:|@ ") + failure.getMessage());
        err.flush();
        return failure.exitCode();
      }
      err.println(cli.colour("@|bold,red error:|@ ") + "unexpected " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      err.flush();
      return ExitCodes.FAILED;
    });
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command (parley app --help lists them)");
  }

  Map<String, String> env() {
    return env;
  }

  CliConfig config() {
    return config;
  }

  /** Markup such as {@code @|green ok|@}, coloured on a terminal and plain when piped or with NO_COLOR. */
  String colour(String markup) {
    return ansi.string(markup);
  }

  /** The server to talk to: --server, else the one of the login, else $PARLEY_SERVER, else localhost:8080. */
  String serverAddress() {
    if (server != null) {
      return ServerApi.normalize(server);
    }
    return config.login().map(CliConfig.Login::server)
        .orElseGet(() -> ServerApi.normalize(env.getOrDefault("PARLEY_SERVER", "http://localhost:8080")));
  }

  /** An API client signed in with the stored token ($PARLEY_TOKEN wins), or exit 4 saying how to sign in. */
  ServerApi signedIn() {
    String address = serverAddress();
    String token = env.get("PARLEY_TOKEN");
    if (token == null || token.isBlank()) {
      token = config.login().filter(l -> ServerApi.normalize(l.server()).equals(address)).map(CliConfig.Login::token)
          .orElseThrow(() -> new CliFailure(ExitCodes.NOT_SIGNED_IN, "not signed in to " + address
              + ": run parley app login --server " + address));
    }
    return new ServerApi(address, java.util.Optional.of(token));
  }
}
