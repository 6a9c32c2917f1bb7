package io.stratumpool.pool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of ARCHITECTURE.md, checked on the compiled main classes: the wire formats
 * stay at the edge, the domain in the middle knows no edge, and dependencies point one way.
 */
class ArchitectureTest {
    private static final String POOL = "io.stratumpool.pool";
    private static final String[] DOMAIN = {POOL + ".job..", POOL + ".share..", POOL + ".block..", POOL + ".ledger..",
            POOL + ".accounting..", POOL + ".node..", POOL + ".sandbox.."};
    private static final String[] EDGES_AND_ROOT = {POOL + ".stratum..", POOL + ".session..", POOL + ".api..",
            POOL + ".admin..", POOL + ".v2..", POOL + ".server.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(POOL, "io.stratumpool.validator");

    @Test
    void importsTheWholePool() {
        assertTrue(MAIN.size() > 150, "the rules below must see the pool's classes, saw " + MAIN.size());
        assertTrue(MAIN.containPackage(POOL + ".share"));
        assertTrue(MAIN.containPackage("io.stratumpool.validator"));
    }

    @Test
    void domainKnowsNoWireFormatNoNettyAndNoEdge() {
        check(noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
                .orShould().dependOnClassesThat().resideInAnyPackage(EDGES_AND_ROOT)
                .because("jobs, shares, blocks and accounting serve every edge (Stratum v1, V2, HTTP, a cluster)"));
    }

    @Test
    void clusterSitsBesideTheEdgesAndNoDomainPackageKnowsIt() {
        check(noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAPackage(POOL + ".cluster..")
                .because("the domain appends to a ShareLedger; which ledger (database or Kafka) is the root's choice"));
        check(noClasses().that().resideInAPackage(POOL + ".cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
                .orShould().dependOnClassesThat().resideInAnyPackage(EDGES_AND_ROOT)
                .because("the cluster publishes and consumes shares; sessions and wiring are not its business"));
    }

    @Test
    void stratumCodecDoesNotReachIntoSessionsOrTheServer() {
        check(noClasses().that().resideInAPackage(POOL + ".stratum..")
                .should().dependOnClassesThat().resideInAnyPackage(POOL + ".session..", POOL + ".server..",
                        POOL + ".api..", POOL + ".ledger..", POOL + ".accounting..", POOL + ".block..")
                .because("the codec turns lines into requests and jobs into lines, nothing more"));
    }

    @Test
    void httpApiAndStratumEdgeDoNotKnowEachOther() {
        check(noClasses().that().resideInAPackage(POOL + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage(POOL + ".session..", POOL + ".stratum.."));
        check(noClasses().that().resideInAnyPackage(POOL + ".session..", POOL + ".stratum..")
                .should().dependOnClassesThat().resideInAPackage(POOL + ".api.."));
    }

    @Test
    void adminApiSeesThePoolOnlyThroughItsOwnPort() {
        check(noClasses().that().resideInAPackage(POOL + ".admin..")
                .should().dependOnClassesThat().resideInAnyPackage(POOL + ".session..", POOL + ".stratum..", POOL + ".api..",
                        POOL + ".share..", POOL + ".job..", POOL + ".ledger..", POOL + ".accounting..")
                .because("the server wires AdminOperations; the admin edge knows no other edge and no domain type"));
        check(noClasses().that().resideInAnyPackage(POOL + ".session..", POOL + ".stratum..", POOL + ".api..")
                .should().dependOnClassesThat().resideInAPackage(POOL + ".admin.."));
    }

    @Test
    void v2EdgeSitsBesideTheV1EdgeWhichDoesNotKnowIt() {
        check(noClasses().that().resideInAnyPackage(POOL + ".session..", POOL + ".stratum..", POOL + ".api..", POOL + ".admin..")
                .should().dependOnClassesThat().resideInAPackage(POOL + ".v2..")
                .because("Stratum V2 is one more edge; V1, HTTP and admin work without it"));
        check(noClasses().that().resideInAPackage(POOL + ".v2..")
                .should().dependOnClassesThat().resideInAnyPackage(POOL + ".api..", POOL + ".admin..", POOL + ".ledger..",
                        POOL + ".accounting..", POOL + ".node..", POOL + ".sandbox..", POOL + ".cluster..")
                .because("the V2 edge reaches the pool through jobs and the share processor, as V1 does"));
        check(classes().that().resideInAPackage(POOL + ".v2..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage(POOL + ".v2..", POOL + ".server.."));
    }

    @Test
    void metricsAndHelpersAreLeaves() {
        check(classes().that().resideInAPackage(POOL + ".metrics..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(POOL + ".metrics..", "java..", "io.micrometer..")
                .because("metrics take plain numbers; the packages that own the data supply them"));
        check(classes().that().resideInAPackage(POOL + ".concurrent..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(POOL + ".concurrent..", "java.."));
    }

    @Test
    void onlyTheCompositionRootDependsOnTheServer() {
        check(classes().that().resideInAPackage(POOL + ".server..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage(POOL + ".server..", POOL));
    }

    @Test
    void validatorDependsOnNothingButTheJdk() {
        check(noClasses().that().resideInAPackage("io.stratumpool.validator..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.stratumpool.validator..", "java.."));
    }

    @Test
    void packagesFormNoCycles() {
        check(slices().matching(POOL + ".(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(MAIN);
    }
}
