package dev.parley.core.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteShapes} may let a set's router be skipped only when Vert.x Web would not match any of
 * its routes: each route path below is mounted as the platform mounts a set (under {@code /api/*}),
 * and every request path is sent through a real server, which tells whether Vert.x took it and what
 * the shapes said.
 */
class RouteShapesTest {

  private static final List<String> ROUTES = List.of("/conversations/:id/commands", "/conversations/:id",
      "/conversations", "/admin/*", "/files*", "/apps/:id/*", "/me/", "/", "/pages/:id*", "/a/:x.json",
      "/b/:x-:y/c");

  private static final List<String> REQUESTS = List.of("/api", "/api/", "/api/conversations",
      "/api/conversations/", "/api/conversations/c1", "/api/conversations/c1/", "/api/conversations/c1/commands",
      "/api/conversations/c1/commands/", "/api/conversations/c1/messages", "/api/conversations//commands",
      "/api/conversations/c1/commands/x", "/api/admin", "/api/admin/", "/api/admin/apps/1", "/api/adminx",
      "/api/files", "/api/files/x", "/api/filesx/y", "/api/fil", "/api/apps/a1", "/api/apps/a1/", "/api/apps/a1/v/2",
      "/api/me", "/api/me/", "/api/me/x", "/api/pages/p1", "/api/pages/p1/x", "/api/pages/", "/api/a/1.json",
      "/api/a/1.xml", "/api/a/", "/api/b/1-2/c", "/api/b/1/c", "/api/x/../conversations/c1/commands",
      "/api/%63onversations/c1", "/api/conversations/c%2F1/commands");

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void everyPathVertxTakes_theShapesTakeToo() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<String> wrong = new ArrayList<>();
    int skipped = 0;
    int taken = 0;
    for (String route : ROUTES) {
      Router own = Router.router(vertx);
      own.get(route).handler(ctx -> ctx.end("hit:" + ctx.get("may")));
      RouteShapes shapes = RouteShapes.of(own);
      assertThat(shapes).as(route).isNotNull();
      Router api = Router.router(vertx);
      api.route().handler(ctx -> {
        ctx.put("may", shapes.mayMatch(ctx.normalizedPath(), WebRoutes.mountLength(ctx)));
        ctx.next();
      });
      api.route().subRouter(own);
      api.route().handler(ctx -> ctx.end("miss:" + ctx.get("may")));
      Router root = Router.router(vertx);
      root.route("/api/*").subRouter(api);
      HttpServer server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
      try {
        for (String path : REQUESTS) {
          String answer = client
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                  .build(), HttpResponse.BodyHandlers.ofString())
              .body();
          if (answer.equals("hit:false")) {
            wrong.add(route + " took " + path + " but its shape did not");
          }
          if (answer.startsWith("hit:")) {
            taken++;
          }
          if (answer.equals("miss:false")) {
            skipped++;
          }
        }
      } finally {
        server.close().await();
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(taken).as("paths Vert.x took").isGreaterThanOrEqualTo(20);
    assertThat(skipped).as("the shapes rule most of these out").isGreaterThan(ROUTES.size() * REQUESTS.size() / 2);
  }

  @Test
  void segments_ignoreOneTrailingSlash() {
    assertThat(RouteShapes.segments("/a/b/")).containsExactly("a", "b");
    assertThat(RouteShapes.segments("/")).isEmpty();
    assertThat(RouteShapes.segments("")).isEmpty();
    assertThat(RouteShapes.segments("/a//")).containsExactly("a", "");
  }
}
