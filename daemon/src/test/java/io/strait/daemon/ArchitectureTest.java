package io.strait.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ARCHITECTURE.md, checked on the main classes of every module the daemon
 * is built from (the pure modules check their own in their ArchitectureTest).
 */
class ArchitectureTest {
    static JavaClasses strait;

    @BeforeAll
    static void importClasses() {
        strait = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ArchitectureTest::mainCode).importPackages("io.strait");
    }

    /** Main classes only: not the test classes of the modules (their test-classes or test-jar). */
    static boolean mainCode(com.tngtech.archunit.core.importer.Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }

    @Test
    void onlyTheDaemonDependsOnTheDaemon() {
        noClasses().that().resideOutsideOfPackage("io.strait.daemon..")
                .should().dependOnClassesThat().resideInAPackage("io.strait.daemon..")
                .check(strait);
    }

    @Test
    void proxyCoreDependsOnNoModuleAboveIt() {
        noClasses().that().resideInAPackage("io.strait.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.strait.nodeport..", "io.strait.allocator..",
                        "io.strait.daemon..")
                .check(strait);
    }

    @Test
    void nodePortListenerDependsOnlyOnProxyCoreBelowIt() {
        noClasses().that().resideInAPackage("io.strait.nodeport..")
                .should().dependOnClassesThat().resideInAnyPackage("io.strait.allocator..", "io.strait.daemon..")
                .check(strait);
    }

    @Test
    void theAllocatorsPureCoreUsesOnlyTheJdkAndThePureModel() {
        classes().that().resideInAnyPackage("io.strait.allocator.config..", "io.strait.allocator.ipam..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.strait.allocator.config..",
                        "io.strait.allocator.ipam..", "io.strait.proxy.model..", "io.strait.lb..")
                .check(strait);
    }

    @Test
    void theModelAndThePlannerArePure() {
        classes().that().resideInAnyPackage("io.strait.proxy.model..", "io.strait.proxy.plan..",
                        "io.strait.proxy.problem..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.strait.proxy.model..",
                        "io.strait.proxy.plan..", "io.strait.proxy.problem..", "io.strait.lb..", "io.strait.nat..",
                        "org.slf4j..")
                .check(strait);
    }
}
