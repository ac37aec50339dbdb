package dev.parley.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The modules depend one way (server on the core, the core on the runtime), and the server's
 * package declares its nullness. The core's own layout is checked by platform-core's
 * {@code ArchitectureTest}.
 */
class ArchitectureTest {

  private static final JavaClasses PARLEY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("dev.parley");

  @Test
  void modules_areFreeOfCycles() {
    slices().matching("dev.parley.(*)..").should().beFreeOfCycles().check(PARLEY);
  }

  @Test
  void nothingButTheServer_dependsOnTheServer() {
    noClasses().that().resideOutsideOfPackage("dev.parley.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.parley.server..").check(PARLEY);
  }

  @Test
  void everyPackage_isNullMarked() {
    assertThat(PARLEY.stream().filter(c -> c.getPackageName().startsWith("dev.parley.server"))
        .map(JavaClass::getPackage).distinct().filter(p -> !p.isAnnotatedWith(NullMarked.class))
        .map(p -> p.getName()).toList())
        .as("packages without a package-info.java annotated @NullMarked").isEmpty();
  }
}
