package io.strait.nat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** nat-table is pure: the JDK and itself, nothing else (DESIGN.md, "Modules"). */
class ArchitectureTest {

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.strait.nat");

  @Test
  void dependsOnlyOnTheJdk() {
    assertTrue(MAIN.size() >= 7, "imported " + MAIN.size() + " classes: wrong package?");
    classes().that().resideInAPackage("io.strait.nat..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.strait.nat..")
        .because("nat-table is a pure module: no Netty, fabric8 or I/O library")
        .check(MAIN);
  }

  @Test
  void theRuleWouldCatchAForeignDependency() {
    JavaClasses tests = new ClassFileImporter().importClasses(ArchitectureTest.class);
    var rule = classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.strait.nat..");
    assertTrue(rule.evaluate(tests).hasViolation(), "this test class uses ArchUnit and JUnit");
  }
}
