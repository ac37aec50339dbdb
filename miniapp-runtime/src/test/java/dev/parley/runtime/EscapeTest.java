package dev.parley.runtime;

import static dev.parley.runtime.RuntimeFixture.await;
import static dev.parley.runtime.RuntimeFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.MiniAppException.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile apps. For each attack: the classified error, a well-behaved app answering while the
 * attack runs, and a healthy runtime after.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscapeTest {

  static RuntimeFixture f;
  static AppVersion good;

  @BeforeAll
  static void start() {
    f = new RuntimeFixture(new RuntimeOptions().setKillGraceMillis(200).setLimits(new CallLimits()
        .setCpuTimeMillis(300).setWallTimeMillis(2000).setStatementLimit(5_000_000)
        .setMaxAllocatedBytes(48L << 20).setMaxConsoleBytes(4096).setMaxHostCalls(16)));
    good = f.load(
        "let calls = 0; export function ok(e) { return { ok: true, calls: ++calls, secret: typeof globalThis.secret, polluted: ({}).polluted === undefined }; }",
        "ok");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** Runs the attack while the good app keeps answering; returns the attack's failure. */
  static MiniAppException attack(String serverJs) {
    AppVersion bad = f.load(serverJs, "h");
    Future<JsonObject> attack = f.call(bad, "h");
    List<JsonObject> answers = new ArrayList<>();
    while (!attack.isComplete() || answers.isEmpty()) {
      answers.add(await(f.call(good, "ok")));
    }
    assertThat(answers).allSatisfy(a -> assertThat(a.getBoolean("ok")).isTrue());
    MiniAppException e = failure(attack);
    assertThat(await(f.call(good, "ok")).getBoolean("ok")).isTrue();
    assertThat(f.runtime.info().healthy()).isTrue();
    return e;
  }

  static JsonObject answer(String serverJs) {
    AppVersion app = f.load(serverJs, "h");
    return await(f.call(app, "h"));
  }

  @Test
  void hostClassLookup_isRefused() {
    MiniAppException e = attack("export function h() { return { c: Java.type('java.lang.System') }; }");
    assertThat(e.reason()).isEqualTo(Reason.GUEST_ERROR);
    assertThat(e.getMessage()).isEqualTo("ReferenceError: Java is not defined");
  }

  @Test
  void polyglotAndShellBuiltins_areAbsent() {
    JsonObject r = answer(
        "export function h() { return { p: typeof Polyglot, l: typeof load, g: typeof Graal, pr: typeof print, pk: typeof Packages, j: typeof java, q: typeof quit, sab: typeof SharedArrayBuffer, at: typeof Atomics }; }");
    assertThat(r).isEqualTo(new JsonObject().put("p", "undefined").put("l", "undefined").put("g", "undefined")
        .put("pr", "undefined").put("pk", "undefined").put("j", "undefined").put("q", "undefined")
        .put("sab", "undefined").put("at", "undefined"));
  }

  @Test
  void importsOutsideTheBundle_areRefusedAtUpload() {
    for (String spec : new String[] {"/etc/passwd", "fs", "node:fs", "../x.js", "file:///etc/passwd"}) {
      MiniAppException e = org.assertj.core.api.Assertions.catchThrowableOfType(MiniAppException.class,
          () -> TestBundles.bundle("importer", "1.0.0", "import fs from '" + spec
              + "';\nexport async function h() { return { a: await import('" + spec + "') }; }", "h"));
      assertThat(e.reason()).as(spec).isEqualTo(Reason.IMPORT_REFUSED);
      assertThat(e.problems()).as(spec).extracting(Problem::line).containsExactly(1, 2);
    }
  }

  @Test
  void computedImportsOfFiles_areRefusedByTheSandbox() {
    // the upload scan cannot see a computed specifier: the sandbox's file system holds only the bundle
    for (String spec : new String[] {"/etc/passwd", "../../../../etc/passwd", "file:///etc/passwd", "node:fs",
        "fs", "/proc/self/root/etc/passwd", "./server.js/../../etc/passwd", "jar:file:/x.jar!/a.js"}) {
      MiniAppException e = attack("export async function h() { const s = ['" + spec
          + "'][0]; const m = await import(s); return { m: String(Object.keys(m)) }; }");
      assertThat(e.reason()).as(spec).isEqualTo(Reason.GUEST_ERROR);
      assertThat(e.getMessage()).as(spec).doesNotContain("root:");
    }
  }

  @Test
  void hugeComputedImportChains_stayWithinTheCallLimits() {
    // a module importing itself under ever new names: no new files, so nothing new loads
    MiniAppException e = attack(
        "export async function h() { for (let i = 0; ; i++) { try { await import('./server.js?' + i); } catch (x) {} } }");
    assertThat(e.reason()).isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
  }

  @Test
  void walkingFromParleyObject_findsNoJava() {
    JsonObject r = answer(
        "export function h() { const f = parley.echo; return { gc: typeof f.getClass, k: Object.getOwnPropertyNames(parley).sort().join(), proto: Object.getPrototypeOf(parley) === Object.prototype, fn: Function.prototype.toString.call(f).includes('native') || true, frozen: Object.isFrozen(parley), ctor: typeof f.constructor('return this')().Java }; }");
    assertThat(r.getString("gc")).isEqualTo("undefined");
    assertThat(r.getString("k")).isEqualTo("call,cards,deny,echo,fail,later,never");
    assertThat(r.getBoolean("frozen")).isTrue();
    assertThat(r.getString("ctor")).isEqualTo("undefined");
  }

  @Test
  void infiniteLoop_isStopped() {
    assertThat(attack("export function h() { for (;;) {} }").reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT);
  }

  @Test
  void infiniteLoopInCatchAndFinally_isStopped() {
    assertThat(attack(
        "export function h() { try { throw new Error('x'); } catch (e) { for (;;) {} } finally { for (;;) {} } }")
        .reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT);
  }

  // Regression: recursion that retries inside catch or finally never returns normally and has
  // no loop, so it never reached a Truffle safepoint poll; near the stack limit GraalJS's own
  // cancellation overflowed and was lost. It used to survive interrupt, close(true) and the
  // statement limit, and cost a worker thread and a quarantined version (see GuestGuard). Each
  // retry builds a RangeError, so the allocation budget may end it first.
  @Test
  void recursionRetryingInCatch_isStopped() {
    assertThat(attack("export function h() { function f() { try { f(); } catch (e) { f(); } } f(); }").reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
    assertThat(f.runtime.info().quarantinedVersions()).isZero();
  }

  @Test
  void recursionRetryingInFinally_isStopped() {
    assertThat(attack("export function h() { function f() { try { f(); } finally { f(); } } f(); }").reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
  }

  @Test
  void recursionRetryingInCatchAndFinallyThroughCallbacks_isStopped() {
    assertThat(attack(
        "export function h() { function f() { try { [1].map(f); } catch (e) { ({ get x() { return f(); } }).x; } finally { f(); } } f(); }")
        .reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
  }

  @Test
  void recursionRetryingInCatch_whileTheModuleLoads_failsTheLoad() {
    MiniAppException e = failure(f.runtime.load(TestBundles.bundle("loadbomb", "1.0.0",
        "function f() { try { f(); } catch (e) { f(); } }\nf();\nexport function h() { return {}; }", "h")));
    assertThat(e.reason()).isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
    assertThat(await(f.call(good, "ok")).getBoolean("ok")).isTrue();
    assertThat(f.runtime.info().healthy()).isTrue();
  }

  @Test
  void deepRecursion_isACatchableRangeErrorWellBeforeTheStackEnds() {
    JsonObject r = answer(
        "export function h() { let max = 0; function d(n) { max = n; return d(n + 1) + 1; } try { d(0); } catch (e) { return { max, name: e.name, message: e.message }; } }");
    assertThat(r.getString("name")).isEqualTo("RangeError");
    assertThat(r.getInteger("max")).isBetween(CallLimits.DEFAULT_MAX_CALL_DEPTH - 10,
        CallLimits.DEFAULT_MAX_CALL_DEPTH);
  }

  @Test
  void allocationBomb_arrayFill_isStopped() {
    // the interpreter fills slowly while the JVM is cold (about 40 MB per CPU second, measured),
    // so which of the 48 MiB and 300 ms budgets runs out first depends on how warm it is
    assertThat(attack("export function h() { return { n: new Array(1e9).fill(0).length }; }").reason())
        .isIn(Reason.MEMORY_LIMIT, Reason.TIME_LIMIT);
  }

  @Test
  void allocationBomb_flattenedStringDoubling_isMemoryLimit() {
    assertThat(attack(
        "export function h() { let s = 'x'; for (let i = 0; i < 40; i++) { s = s + s; s.indexOf('y'); } return { n: s.length }; }")
        .reason())
        .isEqualTo(Reason.MEMORY_LIMIT);
  }

  @Test
  void allocationBomb_ropeStringDoubling_isAClassifiedGuestError() {
    MiniAppException e = attack("export function h() { let s = 'x'; for (;;) s += s; }");
    assertThat(e.reason()).isEqualTo(Reason.GUEST_ERROR);
    assertThat(e.getMessage()).isEqualTo("RangeError: Invalid string length");
  }

  @Test
  void allocationBomb_typedArrayFlood_isMemoryLimit() {
    assertThat(attack("export function h() { const a = []; for (;;) a.push(new Uint8Array(1 << 24)); }").reason())
        .isEqualTo(Reason.MEMORY_LIMIT);
  }

  @Test
  void outputFlood_isOutputLimit() {
    MiniAppException e = attack("export function h() { for (;;) console.log('x'.repeat(1000)); }");
    assertThat(e.reason()).isEqualTo(Reason.OUTPUT_LIMIT);
    assertThat(e.getMessage()).isEqualTo("the call wrote more than 4096 bytes to the console");
  }

  @Test
  void hugeResult_isOutputLimit() {
    MiniAppException e = attack("export function h() { return { s: 'x'.repeat(300000) }; }");
    assertThat(e.reason()).isEqualTo(Reason.OUTPUT_LIMIT);
    assertThat(e.getMessage()).isEqualTo("the result is more than 262144 characters as JSON");
  }

  // Regression (issue 19, finding 11): a result of 'x'.repeat(5e8) was copied whole into JSON and
  // into a Java string, inside built-ins where the interrupt cannot land, and outlasted the kill.
  // Now the JSON stops at the limit: what comes after the huge value is never even read.
  @Test
  void hugeResult_isRefusedWhileItIsTurnedIntoJson_beforeTheRestIsRead() {
    for (String async : new String[] {"", "async "}) {
      String js = "export " + async + "function h() { return { big: 'x'.repeat(300000), "
          + "get after() { parley.call('echo', { reached: true }); return 1; } }; }";
      AppVersion app = f.load(js, "h");
      MiniAppException e = failure(f.call(app, "h"));
      assertThat(e.reason()).as(js).isEqualTo(Reason.OUTPUT_LIMIT);
      assertThat(e.getMessage()).isEqualTo("the result is more than 262144 characters as JSON");
      assertThat(f.host.calls).as("the getter after the huge value ran: the JSON went on past the limit")
          .noneMatch(c -> c.context().appId().equals(app.appId()));
      assertThat(f.runtime.info().healthy()).isTrue();
    }
  }

  @Test
  void hugeHostCallArguments_areRefusedBeforeTheyLeaveTheSandbox() {
    JsonObject r = answer("export async function h() { try { await parley.echo({ s: 'x'.repeat(100000) }); "
        + "return { sent: true }; } catch (e) { return { code: e.code, message: e.message }; } }");
    assertThat(r.getString("code")).isEqualTo("invalid");
    assertThat(r.getString("message")).isEqualTo("the arguments of echo are larger than 65536 characters as JSON");
  }

  @Test
  void microtaskStorm_isStopped() {
    // the job queue grows with every round, so the allocation budget may end it first
    assertThat(
        attack("export function h() { function s() { Promise.resolve().then(s); } s(); return new Promise(() => {}); }")
            .reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
  }

  @Test
  void hostCallStorm_isHostCallLimit() {
    MiniAppException e = attack("export async function h() { for (;;) parley.echo({}); }");
    assertThat(e.reason()).isEqualTo(Reason.HOST_CALL_LIMIT);
    assertThat(e.getMessage()).isEqualTo("the call made more than 16 host calls");
  }

  @Test
  void neverSettlingPromise_isUnsettled() {
    MiniAppException e = attack("export function h() { return new Promise(() => {}); }");
    assertThat(e.reason()).isEqualTo(Reason.UNSETTLED_PROMISE);
  }

  @Test
  void neverAnsweredHostCall_endsAtTheWallTimeDeadline() {
    MiniAppException e = attack("export async function h() { await parley.never({}); return {}; }");
    assertThat(e.reason()).isEqualTo(Reason.TIME_LIMIT);
    assertThat(e.getMessage()).isEqualTo("the call took longer than 2000 ms");
  }

  @Test
  void hostileResult_getterLoop_isStopped() {
    assertThat(attack("export function h() { return { get x() { for (;;) {} } }; }").reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT);
  }

  @Test
  void hostileResult_toJsonBomb_isStopped() {
    assertThat(attack(
        "export function h() { return { toJSON() { const a = []; for (;;) a.push('x'.repeat(1000) + a.length); } }; }")
        .reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT, Reason.MEMORY_LIMIT);
  }

  @Test
  void hostileResult_proxy_isStopped() {
    assertThat(attack("export function h() { return new Proxy({}, { ownKeys() { for (;;) {} } }); }").reason())
        .isIn(Reason.TIME_LIMIT, Reason.STATEMENT_LIMIT);
  }

  @Test
  void oneAppCannotReadAnothersGlobalsOrPollutedPrototypes() {
    answer(
        "globalThis.secret = 'mine'; Object.prototype.polluted = 1; Array.prototype.push = null; JSON.stringify = () => 'x'; export function h() { return {}; }");
    JsonObject r = await(f.call(good, "ok"));
    assertThat(r.getString("secret")).isEqualTo("undefined");
    assertThat(r.getBoolean("polluted")).isTrue();
  }

  @Test
  void twoVersionsOfOneAppDoNotShareContexts() {
    AppVersion v1 = await(f.runtime.load(
        TestBundles.bundle("versions", "1.0.0", "let n = 0; export function h() { return { n: ++n, v: 1 }; }", "h")));
    AppVersion v2 = await(f.runtime.load(
        TestBundles.bundle("versions", "1.0.1", "let n = 0; export function h() { return { n: ++n, v: 2 }; }", "h")));
    assertThat(await(f.runtime.invoke(v1, "h", new JsonObject(), f.ctx(v1))))
        .isEqualTo(new JsonObject().put("n", 1).put("v", 1));
    assertThat(await(f.runtime.invoke(v2, "h", new JsonObject(), f.ctx(v2))))
        .isEqualTo(new JsonObject().put("n", 1).put("v", 2));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void heapGuard_cancelsTheAllocatingCallWhenTheHeapIsNearlyFull() {
    // a separate runtime whose per-call budget is larger than the heap: only the whole-heap
    // guard (or the JVM's own OutOfMemoryError) can stop this retention bomb
    try (RuntimeFixture big = new RuntimeFixture(new RuntimeOptions().setWarmUp(false)
        .setLimits(new CallLimits().setCpuTimeMillis(20_000).setWallTimeMillis(30_000)
            .setStatementLimit(1_000_000_000L).setMaxAllocatedBytes(8L << 30)))) {
      AppVersion bomb = big
          .load("export function h() { const keep = []; for (;;) keep.push(new Array(100000).fill(1.5)); }", "h");
      AppVersion fine = big.load("export function ok() { return { ok: true }; }", "ok");
      Future<JsonObject> attack = big.call(bomb, "h");
      MiniAppException e = failure(attack);
      assertThat(e.reason()).isEqualTo(Reason.MEMORY_LIMIT);
      assertThat(await(big.call(fine, "ok")).getBoolean("ok")).isTrue();
      assertThat(big.runtime.info().healthy()).isTrue();
    }
  }
}
