package dev.parley.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The layout of platform-core (docs/DESIGN.md, "Packages"): {@code boot} wires, {@code common} is
 * shared, every other part is a slice ({@code accounts}, {@code audit}, {@code chat}, {@code search},
 * {@code apps.*}, {@code money.*}); neither the slices nor the packages inside them depend on each
 * other in a cycle, nothing but the server imports {@code boot}, and the mini-app runtime never
 * imports the core. Main classes only: the tests' fixtures may reach anywhere.
 */
class ArchitectureTest {

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.parley.core", "db.migration");

  private static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.parley.runtime");

  @Test
  void slices_areFreeOfCycles() {
    slices().matching("dev.parley.core.(*)..").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void packages_areFreeOfCycles() {
    slices().matching("dev.parley.core.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void boot_isImportedByNothingInTheCore() {
    noClasses().that().resideInAPackage("dev.parley.core..").and().resideOutsideOfPackage("dev.parley.core.boot..")
        .should().dependOnClassesThat().resideInAPackage("dev.parley.core.boot..")
        .check(CORE);
  }

  @Test
  void everyClass_livesInASlice() {
    noClasses().should().resideInAPackage("dev.parley.core").check(CORE);
  }

  @Test
  void runtime_neverDependsOnTheCore() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.parley.core..")
        .check(RUNTIME);
  }

  @Test
  void everyPackage_isNullMarked() {
    List<String> unmarked = new ArrayList<>();
    for (String root : List.of("dev.parley.core", "db.migration")) {
      collectUnmarked(CORE.getPackage(root), unmarked);
    }
    assertThat(unmarked).as("packages without a package-info.java annotated @NullMarked").isEmpty();
  }

  /** Every package below {@code pkg} that holds classes and is not {@code @NullMarked}. */
  static void collectUnmarked(JavaPackage pkg, List<String> unmarked) {
    boolean holdsClasses = pkg.getClasses().stream().anyMatch(c -> !c.getSimpleName().equals("package-info"));
    if (holdsClasses && !pkg.isAnnotatedWith(NullMarked.class)) {
      unmarked.add(pkg.getName());
    }
    pkg.getSubpackages().forEach(sub -> collectUnmarked(sub, unmarked));
  }
}
