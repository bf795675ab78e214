package dev.barnum;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: config → discovery → remote → systemd, circus → logs, state (the
 * fleet's model, snapshot and store) → bailey (the probe) → fleet (fan-out, targets) → commands,
 * service, report → the surfaces (cli, api, jmx, metrics) → the application's wiring ({@code
 * dev.barnum}).
 */
class PackagesTest {

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.barnum");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.barnum.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theFleetsStateKnowsNothingOfWhoProbesOrShowsIt() {
        noClasses()
                .that()
                .resideInAPackage("dev.barnum.state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.barnum.bailey..",
                        "dev.barnum.fleet..",
                        "dev.barnum.commands..",
                        "dev.barnum.service..",
                        "dev.barnum.report..",
                        "dev.barnum.cli..",
                        "dev.barnum.api..",
                        "dev.barnum.jmx..",
                        "dev.barnum.metrics..")
                .check(MAIN);
    }

    @Test
    void noSurfaceDependsOnAnother() {
        String[] surfaces = {
            "dev.barnum.cli..", "dev.barnum.api..", "dev.barnum.jmx..", "dev.barnum.metrics.."
        };
        for (String surface : surfaces) {
            noClasses()
                    .that()
                    .resideInAPackage(surface)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            java.util.Arrays.stream(surfaces)
                                    .filter(s -> !s.equals(surface))
                                    .toArray(String[]::new))
                    .check(MAIN);
        }
    }

    @Test
    void nothingBelowTheSurfacesDependsOnThem() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.barnum.config..",
                        "dev.barnum.discovery..",
                        "dev.barnum.remote..",
                        "dev.barnum.systemd..",
                        "dev.barnum.circus..",
                        "dev.barnum.logs..",
                        "dev.barnum.state..",
                        "dev.barnum.bailey..",
                        "dev.barnum.fleet..",
                        "dev.barnum.commands..",
                        "dev.barnum.service..",
                        "dev.barnum.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.barnum.cli..",
                        "dev.barnum.api..",
                        "dev.barnum.jmx..",
                        "dev.barnum.metrics..")
                .check(MAIN);
    }
}
