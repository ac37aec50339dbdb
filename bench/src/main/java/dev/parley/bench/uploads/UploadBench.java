package dev.parley.bench.uploads;

import dev.parley.core.attachments.AttachmentOptions;
import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.common.web.RequestHeads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./parley bench uploads}: a file of random bytes (not compressible, a "file" attachment)
 * uploaded through tus to an in-process platform on H2 over loopback HTTP, in chunks streamed from
 * disk, until the last byte has been checked (SHA-256, the content inspection) and stored as a
 * blob; against copying the same bytes on the same disk in the same run. Prints MB/s of each
 * round and the medians.
 */
public final class UploadBench {

  private UploadBench() {
  }

  public static void main(String[] args) throws Exception {
    int megabytes = 64;
    int chunkMegabytes = 8;
    int rounds = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--megabytes" -> megabytes = Integer.parseInt(args[i + 1]);
        case "--chunk-megabytes" -> chunkMegabytes = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> {
          System.err.println("usage: ./parley bench uploads [--megabytes 64] [--chunk-megabytes 8] [--rounds 3]");
          System.exit(2);
        }
      }
    }
    Path work = Files.createTempDirectory("parley-bench-uploads-");
    long size = megabytes * 1024L * 1024;
    long chunk = chunkMegabytes * 1024L * 1024;
    Path source = work.resolve("source.bin");
    writeRandom(source, size);
    Vertx vertx = Vertx.vertx();
    try {
      PlatformOptions options = new PlatformOptions()
          .setDatabase(new DatabaseOptions().setUrl("jdbc:h2:file:" + work.resolve("db").resolve("parley")))
          .setPasswordCost(64, 1)
          .setAttachments(new AttachmentOptions().setDirectory(work.resolve("attachments").toString())
              .setMaxFileBytes(Math.max(size, 1)).setQuotaBytes(size * (rounds + 1)).setMaxUnfinishedUploads(1000));
      Platform platform = Platform.start(vertx, options).await(2, TimeUnit.MINUTES);
      HttpServer server = vertx.createHttpServer().requestHandler(RequestHeads.guard(platform.router()))
          .listen(0, "127.0.0.1").await(1, TimeUnit.MINUTES);
      WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(server.actualPort()).setKeepAlive(true));
      HttpResponse<Buffer> signUp = web.post("/api/auth/signup").sendJsonObject(new JsonObject()
          .put("username", "uploader").put("displayName", "Uploader").put("password", "bench-password-0123"))
          .await(1, TimeUnit.MINUTES);
      if (signUp.statusCode() != 201) {
        throw new IllegalStateException("sign-up: " + signUp.statusCode() + " " + signUp.bodyAsString());
      }
      String cookie = signUp.cookies().stream().filter(c -> c.startsWith("parley_session=")).findFirst()
          .orElseThrow().split(";")[0];
      String csrf = signUp.bodyAsJsonObject().getString("csrfToken");

      System.out.printf(Locale.ROOT, "bench uploads: %d MiB of random bytes, chunks of %d MiB, %d rounds%n",
          megabytes, chunkMegabytes, rounds);
      List<Double> tusRates = new ArrayList<>();
      List<Double> copyRates = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        long t0 = System.nanoTime();
        Path copy = work.resolve("copy-" + round + ".bin");
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        try (var channel = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        double copySeconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(copy);

        long u0 = System.nanoTime();
        String id = upload(vertx, web, cookie, csrf, source, size, chunk, round);
        double tusSeconds = (System.nanoTime() - u0) / 1e9;
        double tusRate = megabytes / tusSeconds;
        double copyRate = megabytes / copySeconds;
        tusRates.add(tusRate);
        copyRates.add(copyRate);
        System.out.printf(Locale.ROOT,
            "  round %d: tus %.1f MB/s (%.2f s, attachment %s), disk copy %.1f MB/s (%.2f s)%n",
            round, tusRate, tusSeconds, id, copyRate, copySeconds);
      }
      double tus = median(tusRates);
      double disk = median(copyRates);
      System.out.printf(Locale.ROOT, """

          == uploads (tus, in-process platform on H2, loopback HTTP) ==
          tus upload to a ready attachment   %8.1f MiB/s (median of %d)
          copying the same bytes on disk     %8.1f MiB/s
          ratio                              %8.2f
          (the upload includes the whole-file SHA-256 twice, the content inspection and the move into the blob store)
          """, tus, rounds, disk, tus / disk);
      server.close().await(1, TimeUnit.MINUTES);
      platform.close().await(1, TimeUnit.MINUTES);
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  private static String upload(Vertx vertx, WebClient web, String cookie, String csrf, Path source, long size,
      long chunk, int round) throws Exception {
    String meta = "filename " + b64("bench-" + round + ".bin") + ",filetype " + b64("application/octet-stream");
    HttpResponse<Buffer> created = web.post("/api/uploads").putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrf)
        .putHeader("Tus-Resumable", "1.0.0").putHeader("Upload-Length", Long.toString(size))
        .putHeader("Upload-Metadata", meta).send().await(1, TimeUnit.MINUTES);
    if (created.statusCode() != 201) {
      throw new IllegalStateException("create: " + created.statusCode() + " " + created.bodyAsString());
    }
    String path = created.getHeader("Location");
    String id = null;
    for (long offset = 0; offset < size; offset += chunk) {
      long length = Math.min(chunk, size - offset);
      long from = offset;
      HttpResponse<Buffer> patched = vertx.fileSystem().open(source.toString(), new OpenOptions().setRead(true))
          .compose(file -> {
            file.setReadPos(from).setReadLength(length);
            return web.request(HttpMethod.PATCH, path).putHeader("Cookie", cookie).putHeader("X-CSRF-Token", csrf)
                .putHeader("Tus-Resumable", "1.0.0").putHeader("Upload-Offset", Long.toString(from))
                .putHeader("Content-Type", "application/offset+octet-stream")
                .putHeader("Content-Length", Long.toString(length)).sendStream(file)
                .eventually(() -> file.close().recover(e -> Future.succeededFuture()));
          }).await(10, TimeUnit.MINUTES);
      if (patched.statusCode() != 204) {
        throw new IllegalStateException("patch: " + patched.statusCode() + " " + patched.bodyAsString());
      }
      id = patched.getHeader("Parley-Attachment-Id");
    }
    return id;
  }

  private static void writeRandom(Path file, long size) throws java.io.IOException {
    Random random = new Random(16);
    byte[] block = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
