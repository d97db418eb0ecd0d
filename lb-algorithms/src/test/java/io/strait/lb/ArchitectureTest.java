package io.strait.lb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * lb-algorithms stays pure: the JDK and Caffeine, nothing else (DESIGN.md, habit 1). A plain
 * Jupiter test rather than {@code @ArchTest}: under this build's surefire the ArchUnit engine
 * discovered no tests, so a rule it ran would have passed vacuously.
 */
class ArchitectureTest {
  @Test
  void dependsOnlyOnTheJdkAndCaffeine() {
    JavaClasses lb = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.strait.lb");
    assertThat(lb.contain(MaglevTable.class)).as("the importer read the JDK 25 class files").isTrue();
    classes().that().resideInAPackage("io.strait.lb..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("io.strait.lb..", "java..", "com.github.benmanes.caffeine..")
        .check(lb);
  }
}
