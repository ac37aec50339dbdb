package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime must never depend on platform-core: it calls out through its host interface. */
class ArchitectureTest {

  @Test
  void runtime_doesNotDependOnPlatformCore() throws IOException {
    Path classes = Path.of("target", "classes");
    assertThat(classes).isDirectory();
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders = files.filter(p -> p.toString().endsWith(".class")).filter(p -> {
        try {
          String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
          return bytes.contains("dev/parley/core") || bytes.contains("dev.parley.core")
              || bytes.contains("dev/parley/platform");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertThat(offenders).as("classes referring to platform-core").isEmpty();
    String classPath = System.getProperty("java.class.path");
    assertThat(classPath).doesNotContain("platform-core");
  }

  @Test
  void pom_declaresNoPlatformCoreDependency() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).doesNotContain("<artifactId>platform-core</artifactId>");
  }
}
