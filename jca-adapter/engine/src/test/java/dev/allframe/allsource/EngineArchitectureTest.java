package dev.allframe.allsource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class EngineArchitectureTest {

    @Test
    void engineImportsNothingFromJakartaOrJavax() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.allframe.allsource");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.transaction..", "javax.resource..")
                .because("the engine must run without a container")
                .check(classes);
    }
}
