package dev.parley.cli;

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
    LogFollower logs = new LogFollower(cli.signedIn(), appId(), limit);
    logs.printNew(out(), cli);
    long until = followFor > 0 ? System.currentTimeMillis() + followFor : Long.MAX_VALUE;
    while (follow && System.currentTimeMillis() < until) {
      Thread.sleep(pollMillis);
      logs.printNew(out(), cli);
    }
    return ExitCodes.OK;
  }
}
