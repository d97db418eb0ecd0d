package io.strait.allocator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The allocation core stays free of client types: only the k8s adapter touches fabric8. */
class ArchitectureTest {
    @Test
    void coreIsFreeOfClientTypesAndNetty() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.strait.allocator");
        noClasses().that().resideInAnyPackage("io.strait.allocator.config..", "io.strait.allocator.ipam..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.netty..")
                .check(classes);
    }
}
