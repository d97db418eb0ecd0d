package io.strait.netpol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The model, the engine and the compiler are pure: only the k8s adapter touches fabric8 (and nothing touches Netty). */
class ArchitectureTest {
    @Test
    void onlyTheAdapterImportsFabric8() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.strait.netpol");
        noClasses().that().resideInAnyPackage("io.strait.netpol.model..", "io.strait.netpol.engine..", "io.strait.netpol.nft..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.netty..", "com.fasterxml..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.strait.netpol.model..", "io.strait.netpol.engine..", "io.strait.netpol.nft..")
                .should().dependOnClassesThat().resideInAnyPackage("io.strait.netpol.apply..", "io.strait.netpol.k8s..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.strait.netpol.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.strait.netpol.engine..", "io.strait.netpol.nft..",
                        "io.strait.netpol.k8s..")
                .check(classes);
    }
}
