package dev.parley.runtime;

import static dev.parley.runtime.RuntimeFixture.await;
import static dev.parley.runtime.RuntimeFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.runtime.MiniAppException.Reason;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniAppRuntimeTest {

  static RuntimeFixture f;

  @BeforeAll
  static void start() {
    f = new RuntimeFixture(RuntimeFixture.testOptions().setMaxCallsPerContext(50));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void invoke_passesEventAndContextAndReturnsResult() {
    AppVersion app = f.load(
        "export function hi(e, ctx) { return { hello: e.name, user: ctx.userId, conv: ctx.conversationId, perms: ctx.permissions }; }",
        "hi");
    JsonObject r = await(f.call(app, "hi", new JsonObject().put("name", "dana")));
    assertThat(r).isEqualTo(new JsonObject().put("hello", "dana").put("user", "user-1")
        .put("conv", "conv-1").put("perms", new io.vertx.core.json.JsonArray().add("cards.post")));
  }

  @Test
  void invoke_returnsEmptyObjectWhenHandlerReturnsNothing() {
    AppVersion app = f.load("export function h() {}", "h");
    assertThat(await(f.call(app, "h"))).isEqualTo(new JsonObject());
  }

  @Test
  void invoke_hostCallIsAPromiseWithVerifiedContext() {
    AppVersion app = f.load(
        "export async function h() { const a = await parley.echo({ x: 1 }); const b = await parley.cards.post({ text: 'hi' }); return { a, b }; }",
        "h");
    JsonObject r = await(f.call(app, "h"));
    assertThat(r.getJsonObject("a").getJsonObject("args")).isEqualTo(new JsonObject().put("x", 1));
    assertThat(r.getJsonObject("b").getString("user")).isEqualTo("user-1");
    assertThat(f.host.calls).anySatisfy(c -> {
      assertThat(c.capability()).isEqualTo("cards.post");
      assertThat(c.context().appId()).isEqualTo(app.appId());
      assertThat(c.context().conversationId()).contains("conv-1");
    });
  }

  @Test
  void invoke_hostCallCompletedLaterFromAnotherThreadResumesTheGuest() throws Exception {
    AppVersion app = f.load("export async function h() { const v = await parley.later({}); return { v }; }", "h");
    var fut = f.call(app, "h");
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
        .until(() -> f.host.calls.stream().anyMatch(c -> c.capability().equals("later")));
    CompletableFuture.runAsync(f.host::completeLater).get();
    assertThat(await(fut)).isEqualTo(new JsonObject().put("v", "later-value"));
  }

  @Test
  void invoke_refusedHostCallIsCatchableByTheGuest() {
    AppVersion app = f.load(
        "export async function h() { try { await parley.deny({}); return {}; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } }",
        "h");
    assertThat(await(f.call(app, "h"))).isEqualTo(new JsonObject().put("name", "ParleyError")
        .put("code", "refused").put("message", "permission cards.post is not granted"));
  }

  @Test
  void invoke_uncaughtRefusalIsHostCallRefused() {
    AppVersion app = f.load("export async function h() { await parley.deny({}); }", "h");
    MiniAppException e = failure(f.call(app, "h"));
    assertThat(e.reason()).isEqualTo(Reason.HOST_CALL_REFUSED);
    assertThat(e.getMessage()).isEqualTo("ParleyError: permission cards.post is not granted");
  }

  @Test
  void invoke_hostFailureDoesNotLeakHostDetails() {
    AppVersion app = f.load(
        "export async function h() { try { await parley.fail({}); } catch (e) { return { m: e.message, c: e.code }; } }",
        "h");
    assertThat(await(f.call(app, "h"))).isEqualTo(new JsonObject().put("m", "the host call failed").put("c", "failed"));
  }

  @Test
  void invoke_unknownCapabilityIsRejectedInTheGuest() {
    AppVersion app = f.load(
        "export async function h() { try { await parley.call('payments.steal', {}); } catch (e) { return { m: e.message }; } }",
        "h");
    assertThat(await(f.call(app, "h"))).isEqualTo(new JsonObject().put("m", "unknown capability \"payments.steal\""));
  }

  @Test
  void invoke_guestErrorHasGuestMessageAndStackInAppCode() {
    AppVersion app = f.load("function inner() { throw new TypeError('bad input'); }\nexport function h() { inner(); }",
        "h");
    MiniAppException e = failure(f.call(app, "h"));
    assertThat(e.reason()).isEqualTo(Reason.GUEST_ERROR);
    assertThat(e.getMessage()).isEqualTo("TypeError: bad input");
    assertThat(e.guestStack()).get().asString().contains("inner (server.js:1").doesNotContain("parley-shim");
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void load_reportsSyntaxError() {
    MiniAppException e = failure(f.runtime.load(TestBundles.bundle("broken", "1.0.0", "export function h( {", "h")));
    assertThat(e.reason()).isEqualTo(Reason.SYNTAX_ERROR);
    assertThat(e.getMessage()).startsWith("server.js:1:");
  }

  @Test
  void load_reportsEveryMissingHandler() {
    MiniAppException e = failure(f.runtime
        .load(TestBundles.bundle("partial", "1.0.0", "export function a() {} export const b = 1;", "a", "b", "c")));
    assertThat(e.reason()).isEqualTo(Reason.MISSING_HANDLER);
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "/commands/1/handler: \"b\" is not a function exported by server.js (it exports a)",
        "/commands/2/handler: \"c\" is not a function exported by server.js (it exports a)");
  }

  @Test
  void verify_checksWithoutLoading() {
    Bundle b = TestBundles.bundle("verified", "1.0.0", "export function a() {}", "a");
    await(f.runtime.verify(b));
    assertThat(f.runtime.loaded()).doesNotContain(b.appVersion());
  }

  @Test
  void invoke_moduleStateLivesInThePooledContextAndIsResetAfterAnError() {
    AppVersion app = f.load(
        "let n = 0; export function inc() { return { n: ++n }; } export function boom() { throw new Error('x'); }",
        "inc");
    assertThat(await(f.call(app, "inc")).getInteger("n")).isEqualTo(1);
    assertThat(await(f.call(app, "inc")).getInteger("n")).isEqualTo(2);
    failure(f.call(app, "boom"));
    // the pool may still hold the first context; calls go on, and a failed context never comes back
    int n = await(f.call(app, "inc")).getInteger("n");
    assertThat(n).isIn(1, 3);
  }

  @Test
  void invoke_contextIsReplacedAfterMaxCalls() {
    AppVersion app = f.load("let n = 0; export function inc() { return { n: ++n }; }", "inc");
    int last = 0;
    for (int i = 0; i < 60; i++) {
      last = await(f.call(app, "inc")).getInteger("n");
    }
    assertThat(last).isEqualTo(10);
  }

  @Test
  void invoke_opensTheSuccessorOfARetiringContextAhead() {
    AppVersion app = f.load("let n = 0; export function inc() { return { n: ++n }; }", "inc");
    for (int i = 0; i < 44; i++) {
      await(f.call(app, "inc"));
    }
    int before = f.runtime.info().pooledContexts();
    // the 45th call of 50 opens the successor in the background; it waits behind the old one
    assertThat(await(f.call(app, "inc")).getInteger("n")).isEqualTo(45);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
        .until(() -> f.runtime.info().pooledContexts() != before);
    assertThat(f.runtime.info().pooledContexts()).isEqualTo(before + 1);
    for (int i = 46; i <= 50; i++) {
      assertThat(await(f.call(app, "inc")).getInteger("n")).isEqualTo(i);
    }
    assertThat(await(f.call(app, "inc")).getInteger("n")).isEqualTo(1);
    assertThat(f.runtime.info().pooledContexts()).isEqualTo(before);
  }

  @Test
  void invoke_unknownHandlerAndUnknownApp() {
    AppVersion app = f.load("export function a() {}", "a");
    assertThat(failure(f.call(app, "nope")).reason()).isEqualTo(Reason.UNKNOWN_HANDLER);
    await(f.runtime.unload(app));
    assertThat(failure(f.call(app, "a")).reason()).isEqualTo(Reason.UNKNOWN_APP);
  }

  @Test
  void invoke_completesOnTheCallersVertxContext() {
    AppVersion app = f.load("export function a() { return { ok: true }; }", "a");
    io.vertx.core.Context ctx = f.vertx.getOrCreateContext();
    Promise<Boolean> same = Promise.promise();
    ctx.runOnContext(
        v -> f.call(app, "a").onComplete(ar -> same.complete(io.vertx.core.Vertx.currentContext() == ctx)));
    assertThat(await(same.future())).isTrue();
  }

  @Test
  void invoke_deliversConsoleOutputToTheHost() {
    AppVersion app = f.load("export function a() { console.log('hello from', 'app'); console.error('oops'); }", "a");
    await(f.call(app, "a"));
    assertThat(f.host.console).anySatisfy(o -> {
      assertThat(o.context().appId()).isEqualTo(app.appId());
      assertThat(o.text()).isEqualTo("hello from app\noops\n");
    });
  }

  @Test
  void invoke_rejectsContextOfAnotherApp() {
    AppVersion app = f.load("export function a() {}", "a");
    CallContext other = CallContext.of(new AppVersion("other", "1.0.0", "x"), "u", "c", "r", Set.of());
    assertThatThrownBy(() -> f.runtime.invoke(app, "a", new JsonObject(), other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the call context is for other@1.0.0, not ");
  }

  @Test
  void invoke_nonObjectResultIsInvalid() {
    AppVersion app = f
        .load("export function a() { return 42; } export function b() { return { toJSON() { return [1]; } }; }", "a");
    MiniAppException e = failure(f.call(app, "a"));
    assertThat(e.reason()).isEqualTo(Reason.GUEST_ERROR);
    assertThat(e.getMessage()).isEqualTo("TypeError: a handler must return an object or nothing, not number");
    assertThat(failure(f.call(app, "b")).reason()).isEqualTo(Reason.INVALID_RESULT);
  }

  @Test
  void info_namesTheTruffleRuntime() {
    RuntimeInfo info = f.runtime.info();
    assertThat(info.truffleRuntime()).isNotBlank();
    assertThat(info.workerThreads()).isEqualTo(f.runtime.info().workerThreads());
    assertThat(info.healthy()).isTrue();
  }

  @Test
  void options_roundTripThroughJson() {
    RuntimeOptions o = new RuntimeOptions().setWorkerThreads(3)
        .setLimits(new CallLimits().setCpuTimeMillis(42).setMaxHostCalls(7));
    RuntimeOptions back = new RuntimeOptions(o.toJson());
    assertThat(back.toJson()).isEqualTo(o.toJson());
    assertThat(back.getLimits().getCpuTimeMillis()).isEqualTo(42);
    assertThat(new RuntimeOptions(o).getLimits().getMaxHostCalls()).isEqualTo(7);
    assertThatThrownBy(() -> new CallLimits().setCpuTimeMillis(0))
        .hasMessage("cpuTimeMillis must be > 0, got 0");
  }
}
