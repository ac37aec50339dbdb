package dev.parley.runtime;

import static dev.parley.runtime.RuntimeFixture.await;
import static dev.parley.runtime.RuntimeFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.waitAtMost;

import dev.parley.runtime.spi.HostCall;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker given up because what runs on it ignored every way to stop it. Guest code that does so
 * is not known (see the README), so a host call that blocks its worker and ignores interrupts
 * stands in for it: to the runtime both are a segment that does not return when asked.
 */
class AbandonedWorkerTest {

  // Regression (issue 19, finding 11): readiness stayed down (abandonedThreads: 1) until a restart,
  // even after the given-up thread had ended.
  @Test
  void givenUpThread_stopsCounting_whenItEnds_andTheRuntimeIsHealthyAgain() {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HostInterface host = new HostInterface() {
      @Override
      public Set<String> capabilities() {
        return Set.of("block");
      }

      @Override
      public Future<Object> call(HostCall call) {
        entered.countDown();
        while (true) { // on the worker, deaf to Thread.interrupt, like code that never polls
          try {
            if (release.await(1, TimeUnit.SECONDS)) {
              return Future.succeededFuture(new JsonObject());
            }
          } catch (InterruptedException ignored) {
            // keep waiting
          }
        }
      }
    };
    Vertx vertx = Vertx.vertx();
    MiniAppRuntime runtime = MiniAppRuntime.create(vertx, host, new RuntimeOptions().setWarmUp(false)
        .setWorkerThreads(2).setKillGraceMillis(100)
        .setLimits(new CallLimits().setCpuTimeMillis(5000).setWallTimeMillis(5000))); // roomy: loads run under them
    try {
      AppVersion stuck = await(runtime.load(TestBundles.bundle("stuck", "1.0.0",
          "export function h() { parley.block({}); return {}; }", "h")));
      AppVersion good = await(runtime.load(TestBundles.bundle("good", "1.0.0",
          "export function ok() { return { ok: true }; }", "ok")));

      Future<JsonObject> call = runtime.invoke(stuck, "h", new JsonObject(), ctx(stuck));
      assertThat(reached(entered)).isTrue();
      failure(call); // the watchdog ends the call when it gives the thread up
      RuntimeInfo given = runtime.info();
      assertThat(given.abandonedThreads()).isEqualTo(1);
      assertThat(given.healthy()).isFalse();
      assertThat(given.workerThreads()).as("replaced at once").isEqualTo(2);
      assertThat(given.quarantinedVersions()).isEqualTo(1);
      assertThat(await(runtime.invoke(good, "ok", new JsonObject(), ctx(good))).getBoolean("ok")).isTrue();

      release.countDown();
      waitAtMost(Duration.ofSeconds(30)).until(() -> runtime.info().healthy());
      RuntimeInfo after = runtime.info();
      assertThat(after.abandonedThreads()).isZero();
      assertThat(after.abandonedThreadsTotal()).isEqualTo(1);
      assertThat(after.workerThreads()).isEqualTo(2);
      assertThat(await(runtime.invoke(good, "ok", new JsonObject(), ctx(good))).getBoolean("ok")).isTrue();
      MiniAppException quarantined = failure(runtime.invoke(stuck, "h", new JsonObject(), ctx(stuck)));
      assertThat(quarantined.reason()).as("the version stays out of service")
          .isEqualTo(MiniAppException.Reason.QUARANTINED);
    } finally {
      release.countDown();
      await(runtime.close());
      await(vertx.close());
    }
  }

  private static CallContext ctx(AppVersion app) {
    return CallContext.of(app, "user-1", "conv-1", "req-1", Set.of());
  }

  private static boolean reached(CountDownLatch latch) {
    try {
      return latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
