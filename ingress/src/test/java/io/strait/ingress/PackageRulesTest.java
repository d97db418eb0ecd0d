package io.strait.ingress;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The route model is pure: only the adapter sees fabric8, only the server sees Netty. */
class PackageRulesTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.strait.ingress");

    @Test
    void onlyTheAdapterUsesFabric8() {
        noClasses().that().resideOutsideOfPackage("io.strait.ingress.k8s..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..").check(CLASSES);
    }

    @Test
    void theModelAndCompilersStayFreeOfNetty() {
        noClasses().that().resideInAnyPackage("io.strait.ingress.api..", "io.strait.ingress.route..",
                "io.strait.ingress.compile..").should().dependOnClassesThat().resideInAPackage("io.netty..").check(CLASSES);
    }
}
