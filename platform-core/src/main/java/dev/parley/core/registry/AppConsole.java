package dev.parley.core.registry;

import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.spi.ConsoleOutput;
import dev.parley.runtime.spi.HostCall;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.Set;

/**
 * The host side of the sandbox while no capability exists yet: every host call is refused, and
 * what an app writes to its console goes to its developer's log.
 */
public final class AppConsole implements HostInterface {

  private final UsageLog usage;

  public AppConsole(UsageLog usage) {
    this.usage = usage;
  }

  @Override
  public Set<String> capabilities() {
    return Set.of();
  }

  @Override
  public Future<Object> call(HostCall call) {
    return Future.failedFuture(MiniAppException.refused("no capability is available"));
  }

  @Override
  public void console(ConsoleOutput output) {
    String text = output.truncated() ? output.text() + "\n[output truncated]" : output.text();
    usage.log(output.context().appId(), Optional.of(output.context().version()), UsageLog.Level.INFO, text,
        Optional.of(output.context().requestId()));
  }
}
