package io.stratumpool.sv2;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The stratum-v2 lines of ARCHITECTURE.md's dependency rule, checked on the compiled classes. */
class Sv2ArchitectureTest {
    private static final String SV2 = "io.stratumpool.sv2";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SV2);

    @Test
    void importsEveryPackage() {
        for (String p : new String[] {".crypto", ".noise", ".codec", ".message"}) {
            assertTrue(MAIN.containPackage(SV2 + p), p);
        }
    }

    @Test
    void knowsNothingOfThePoolOrNetty() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.stratumpool.pool..", "io.stratumpool.validator..", "io.stratumpool.sim..", "io.netty..")
                .because("stratum-v2 is a library the pool and miner-sim use, never the other way")
                .check(MAIN);
    }

    @Test
    void cryptoAndCodecDependOnNoOtherPackageOfTheModule() {
        noClasses().that().resideInAPackage(SV2 + ".crypto..")
                .should().dependOnClassesThat().resideInAnyPackage(SV2 + ".noise..", SV2 + ".codec..", SV2 + ".message..")
                .check(MAIN);
        noClasses().that().resideInAPackage(SV2 + ".codec..")
                .should().dependOnClassesThat().resideInAnyPackage(SV2 + ".noise..", SV2 + ".crypto..", SV2 + ".message..")
                .check(MAIN);
    }

    @Test
    void noiseUsesCryptoAndMessagesUseCodecOnly() {
        noClasses().that().resideInAPackage(SV2 + ".noise..")
                .should().dependOnClassesThat().resideInAnyPackage(SV2 + ".codec..", SV2 + ".message..")
                .because("the transport encrypts frames as bytes; it does not parse messages")
                .check(MAIN);
        noClasses().that().resideInAPackage(SV2 + ".message..")
                .should().dependOnClassesThat().resideInAnyPackage(SV2 + ".noise..", SV2 + ".crypto..")
                .check(MAIN);
    }
}
