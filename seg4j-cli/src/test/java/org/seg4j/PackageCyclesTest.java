package org.seg4j;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.seg4j.cyclefixture.one.First;
import org.seg4j.cyclefixture.two.Second;

/**
 * No two org.seg4j packages depend on each other, directly or through others. The check reads the compiled classes
 * of every module on the CLI's class path (core, nn, bench, the CLI and whatever else it bundles), so a dependency
 * written as a fully qualified name in a method body counts as much as an import does. Sub-packages are packages of their own:
 * {@code org.seg4j.data} and {@code org.seg4j.data.coco} must not form a cycle either.
 */
class PackageCyclesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // a reactor build puts seg4j-core's test jar (test helpers, fixtures) on the class path as a jar
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.seg4j");

    /** Every package one slice; a cycle among slices fails the rule and names the classes on it. */
    private static ArchRule noPackageCycles() {
        return slices().matching("org.seg4j.(**)").should().beFreeOfCycles();
    }

    @Test
    void mainClassesOfAllModulesAreImported() {
        assertThat(MAIN.containPackage("org.seg4j.label")).isTrue();
        assertThat(MAIN.containPackage("org.seg4j.nn.train")).isTrue();
        assertThat(MAIN.containPackage("org.seg4j.cli")).isTrue();
        assertThat(MAIN.containPackage("org.seg4j.bench")).isTrue();
        assertThat(MAIN.stream().noneMatch(c -> c.getSimpleName().endsWith("Test"))).isTrue();
    }

    @Test
    void orgSeg4jPackagesFormNoCycle() {
        noPackageCycles().check(MAIN);
    }

    @Test
    void theRuleFailsOnACycle() {
        JavaClasses withCycle = new ClassFileImporter().importClasses(First.class, Second.class);
        assertThatThrownBy(() -> noPackageCycles().check(withCycle)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected").hasMessageContaining("cyclefixture.one")
                .hasMessageContaining("cyclefixture.two");
    }
}
