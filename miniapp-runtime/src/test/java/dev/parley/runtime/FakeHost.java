package dev.parley.runtime;

import dev.parley.runtime.spi.ConsoleOutput;
import dev.parley.runtime.spi.HostCall;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host for tests: {@code echo} answers with its arguments, {@code deny} refuses,
 * {@code fail} fails, {@code never} never answers, {@code later} answers when
 * {@link #completeLater()} is called.
 */
public final class FakeHost implements HostInterface {

  public final List<HostCall> calls = new CopyOnWriteArrayList<>();
  public final List<ConsoleOutput> console = new CopyOnWriteArrayList<>();
  private final List<Promise<Object>> later = new CopyOnWriteArrayList<>();

  @Override
  public Set<String> capabilities() {
    return Set.of("echo", "deny", "fail", "never", "later", "cards.post");
  }

  @Override
  public Future<Object> call(HostCall call) {
    Future<Object> answer = answer(call);
    // recorded after the answer is set up: a test that sees the call may complete it at once
    // (recorded first, a "later" call could be completed before its promise was in the list,
    // and the guest then waited for nothing until its wall-time limit)
    calls.add(call);
    return answer;
  }

  private Future<Object> answer(HostCall call) {
    return switch (call.capability()) {
      case "echo", "cards.post" -> Future.succeededFuture(new JsonObject()
          .put("args", call.args()).put("user", call.context().userId()));
      case "deny" -> Future.failedFuture(MiniAppException.refused("permission cards.post is not granted"));
      case "fail" -> Future.failedFuture(new IllegalStateException("secret host detail"));
      case "later" -> {
        Promise<Object> p = Promise.promise();
        later.add(p);
        yield p.future();
      }
      default -> Promise.<Object>promise().future();
    };
  }

  /** Completes every pending {@code later} call from this thread. */
  public void completeLater() {
    for (Promise<Object> p : later) {
      p.tryComplete("later-value");
    }
  }

  @Override
  public void console(ConsoleOutput output) {
    console.add(output);
  }
}
