package dev.parley.sdk.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.MiniAppException.Reason;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator runs a developer's app folder in the real sandbox, with the platform's rules. */
class SimulatorTest {

  static final String MANIFEST = """
      {
        "app_id": "tally",
        "name": "Tally",
        "version": {"name": "1.0.0", "code": 1},
        "icons": [{"src": "icon.png", "sizes": "1x1"}],
        "req_permissions": [{"name": "cards.post", "reason": "to post"},
                            {"name": "storage.conversation", "reason": "to count"}],
        "commands": [{"name": "add", "description": "adds", "handler": "add"},
                     {"name": "wait", "description": "waits", "handler": "wait"}],
        "card_actions": [{"id": "again", "handler": "again"}]
      }
      """;

  static Path app(Path dir, String serverJs) throws IOException {
    Files.writeString(dir.resolve("manifest.json"), MANIFEST);
    Files.write(dir.resolve("icon.png"), Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
    Files.createDirectories(dir.resolve("lib"));
    Files.copy(Path.of("src", "amounts.js"), dir.resolve("lib/amounts.js"));
    Files.writeString(dir.resolve("server.js"), serverJs);
    return dir;
  }

  static final String SERVER = """
      import { parseAmount, formatAmount } from './lib/amounts.js';
      export async function add(event, ctx) {
        const parsed = parseAmount(event.args[0], 'EUR');
        if (parsed.error) return { text: parsed.error };
        const total = ((await parley.storage.get({ scope: 'conversation', key: 'total' })) || 0) + parsed.minor;
        await parley.storage.set({ scope: 'conversation', key: 'total', value: total });
        await parley.cards.post({ card: { title: 'Total ' + formatAmount(total, 'EUR'),
          buttons: [{ id: 'again', label: 'Again', type: 'callback', value: event.args[0] }] } });
        return {};
      }
      export async function again(event, ctx) { return add({ args: [event.value] }, ctx); }
      export function wait() { setTimeout(() => {}, 10); return {}; }
      """;

  @Test
  void commandsAndButtons_runInTheSandbox_withImports(@TempDir Path dir) throws IOException {
    try (Simulator sim = Simulator.load(app(dir, SERVER))) {
      assertThat(sim.command("ann", "/add 12.50")).isEmpty();
      assertThat(sim.host().lastCard().getString("title")).isEqualTo("Total 12.50");
      sim.press("bob", sim.host().posted.get(0), "again");
      assertThat(sim.host().lastCard().getString("title")).isEqualTo("Total 25.00");
      assertThat(sim.command("ann", "/add 1,50").getString("text")).contains("not an amount");
    }
  }

  @Test
  void theSandboxRulesHold_noTimers(@TempDir Path dir) throws IOException {
    try (Simulator sim = Simulator.load(app(dir, SERVER))) {
      MiniAppException e = catchThrowableOfType(MiniAppException.class, () -> sim.command("ann", "/wait"));
      assertThat(e.reason()).isEqualTo(Reason.GUEST_ERROR);
      assertThat(e.getMessage()).contains("setTimeout");
    }
  }

  @Test
  void importsOutsideTheBundle_areRefusedAsAtUpload(@TempDir Path dir) throws IOException {
    MiniAppException e = catchThrowableOfType(MiniAppException.class, () -> Simulator.load(app(dir,
        "import fs from 'node:fs';\n" + SERVER)));
    assertThat(e.reason()).isEqualTo(Reason.IMPORT_REFUSED);
    assertThat(e.problems().get(0).toString()).startsWith("server.js:1:16: import \"node:fs\" is refused");
  }

  @Test
  void pageCalls_reachTheirHandler_andUnknownCapabilitiesAreRefused(@TempDir Path dir) throws IOException {
    try (Simulator sim = Simulator.load(app(dir, SERVER))) {
      assertThat(sim.invoke("add", new JsonObject().put("args", new io.vertx.core.json.JsonArray().add("2")), "ann",
          "c2")).isEmpty();
      assertThat(sim.host().stored("c2", "total")).isEqualTo(200);
    }
  }

  @Test
  void theTemplates_loadAndAnswer(@TempDir Path dir) throws IOException {
    Path command = copy(Path.of("templates", "command"), dir.resolve("command"));
    Files.copy(Path.of("src", "amounts.js"), command.resolve("lib/amounts.js"));
    try (Simulator sim = Simulator.load(command)) {
      sim.command("ann", "/add 2.50");
      sim.press("bob", sim.host().posted.get(0), "again");
      assertThat(sim.host().lastCard().getString("title")).isEqualTo("Total 5.00 EUR");
    }
    try (Simulator sim = Simulator.load(copy(Path.of("templates", "page"), dir.resolve("page")))) {
      assertThat(sim.pageCall("ann", new JsonObject().put("name", "Ann")).getJsonObject("result").getString("text"))
          .isEqualTo("Hello, Ann!");
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
