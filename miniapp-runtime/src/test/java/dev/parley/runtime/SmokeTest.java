package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void smoke() {
    try (RuntimeFixture f = new RuntimeFixture(RuntimeFixture.testOptions())) {
      System.out.println(f.runtime.info());
      AppVersion app = f.load("export function hi(e, ctx) { return { hello: e.name, user: ctx.userId }; }\n"
          + "export async function host(e) { const r = await parley.echo({a: 1}); return r; }\n"
          + "export function loop() { for(;;){} }", "hi");
      JsonObject r = RuntimeFixture.await(f.call(app, "hi", new JsonObject().put("name", "x")));
      System.out.println(r);
      System.out.println(RuntimeFixture.await(f.call(app, "host")));
      long t0 = System.nanoTime();
      System.out.println(RuntimeFixture.failure(f.call(app, "loop")) + " in " + (System.nanoTime() - t0) / 1000000 + "ms");
      for (int i = 0; i < 3; i++) {
        long t1 = System.nanoTime();
        for (int j = 0; j < 2000; j++) RuntimeFixture.await(f.call(app, "hi", new JsonObject().put("name", "x")));
        System.out.println("2000 calls " + (System.nanoTime() - t1) / 2000 / 1000.0 + " us/call");
      }
      System.out.println(f.runtime.info());
      assertThat(r.getString("hello")).isEqualTo("x");
    }
  }
}
