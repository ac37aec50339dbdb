package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.samples.tools.ShopCatalogue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shop's catalogue is what its committed generator makes, byte for byte (regenerate with
 * {@code java sample-miniapps/src/test/java/dev/parley/samples/tools/ShopCatalogue.java}); it has a
 * few hundred products of many categories, every picture it names is in the bundle, and the bundle
 * stays far below the upload limits (10 MiB, 1,000 entries).
 */
class ShopCatalogueTest {

  /** The sample's folder; Maven runs tests in the module's folder. */
  private static final Path FOLDER = Path.of("src/main/resources/samples/search");

  @Test
  void committedFiles_areExactlyWhatTheGeneratorMakes() throws IOException {
    Path generated = Files.createTempDirectory("shop-catalogue");
    try {
      Files.createDirectories(generated.resolve("ui"));
      Files.copy(FOLDER.resolve("server.js"), generated.resolve("server.js"));
      ShopCatalogue.main(new String[] {generated.toString()});
      assertThat(Files.readString(FOLDER.resolve("ui/catalogue.json")))
          .as("ui/catalogue.json is stale: run ShopCatalogue.java")
          .isEqualTo(Files.readString(generated.resolve("ui/catalogue.json")));
      assertThat(Files.readString(FOLDER.resolve("server.js")))
          .as("the CATALOGUE block of server.js is stale: run ShopCatalogue.java")
          .isEqualTo(Files.readString(generated.resolve("server.js")));
      assertThat(names(FOLDER.resolve("ui/img"))).isEqualTo(names(generated.resolve("ui/img")));
      for (String name : names(generated.resolve("ui/img"))) {
        assertThat(Files.readString(FOLDER.resolve("ui/img").resolve(name))).as(name)
            .isEqualTo(Files.readString(generated.resolve("ui/img").resolve(name)));
      }
    } finally {
      try (Stream<Path> files = Files.walk(generated)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void catalogue_hasAFewHundredProducts_withPricesInCents_andPicturesInTheBundle() throws IOException {
    byte[] zip = SampleBundles.zip("search");
    Bundle bundle = BundleReader.create().read(zip);
    assertThat(bundle.manifest().appId()).isEqualTo("shop");
    assertThat(zip.length).as("well under the 10 MiB archive limit").isLessThan(1 << 20);
    assertThat(bundle.files()).as("well under 1,000 entries").hasSizeLessThan(200);

    JsonObject catalogue = new JsonObject(
        new String(bundle.content("ui/catalogue.json").orElseThrow(), StandardCharsets.UTF_8));
    JsonArray products = catalogue.getJsonArray("products");
    assertThat(products.size()).isBetween(200, 500);
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    Set<String> categories = new HashSet<>();
    for (Object o : products) {
      JsonObject p = (JsonObject) o;
      assertThat(ids.add(p.getString("id"))).as("unique id %s", p.getString("id")).isTrue();
      assertThat(names.add(p.getString("name"))).as("unique name %s", p.getString("name")).isTrue();
      assertThat(p.getString("id")).matches("p[0-9]{3}");
      long minor = p.getLong("priceMinor");
      assertThat(minor).isPositive();
      assertThat(p.getString("price")).isEqualTo(minor / 100 + "." + String.format("%02d", minor % 100));
      assertThat(bundle.file("ui/" + p.getString("image"))).as("picture of %s", p.getString("id")).isPresent();
      assertThat(p.getString("description")).isNotBlank();
      p.getJsonArray("categories").forEach(c -> categories.add((String) c));
    }
    assertThat(categories).contains("shoes", "running", "outdoor", "kitchen", "clothing", "electronics");
    assertThat(catalogue.getString("about")).contains("Made up for Parley");
  }

  private static Set<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return new java.util.TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
