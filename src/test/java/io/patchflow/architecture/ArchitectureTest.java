package io.patchflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layout tells the story: feature packages, the engine behind ports, thin delegates. */
@AnalyzeClasses(packages = "io.patchflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule camundaOnlyInTheWorkflowAdapter = noClasses()
            .that().resideOutsideOfPackages("io.patchflow.process..")
            .should().dependOnClassesThat().resideInAPackage("org.camunda..")
            .because("the domain talks to the engine through ports (ChangeProcess, TaskInbox, ApprovalTasks, DecisionPort)");

    @ArchTest
    static final ArchRule nothingDependsOnTheWorkflowAdapter = noClasses()
            .that().resideOutsideOfPackages("io.patchflow.process..")
            .should().dependOnClassesThat().resideInAPackage("io.patchflow.process..")
            .because("the adapter implements the domain's ports, not the other way round");

    @ArchTest
    static final ArchRule demoAndSimulatorAreLeaves = noClasses()
            .that().resideOutsideOfPackages("io.patchflow.demo..", "io.patchflow.simulator..")
            .should().dependOnClassesThat().resideInAnyPackage("io.patchflow.demo..", "io.patchflow.simulator..");

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices().matching("io.patchflow.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule delegatesAreThin = classes()
            .that().resideInAPackage("io.patchflow.process.delegate..").and().haveSimpleNameEndingWith("Delegate")
            .should().implement(org.camunda.bpm.engine.delegate.JavaDelegate.class)
            .andShould().notBePublic()
            .andShould().onlyDependOnClassesThat().resideInAnyPackage("io.patchflow..", "org.camunda.bpm.engine.delegate..",
                    "org.springframework.stereotype..", "java..")
            .because("a delegate reads the business key and variables, calls one service and writes results");

    @ArchTest
    static final ArchRule noRuntimeServiceInDelegates = noClasses()
            .that().resideInAPackage("io.patchflow.process.delegate..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.camunda.bpm.engine.RuntimeService");

    /** The reference agent is its own artifact (ADR 0024): plain Java and Jackson, and none of the server's. */
    @ArchTest
    static final ArchRule theAgentIsPlainJava = classes()
            .that().resideInAPackage("io.patchflow.hostagent..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.patchflow.hostagent..", "java..", "javax.crypto..",
                    "javax.net..", "com.fasterxml.jackson..")
            .because("the agent runs on customers' machines with the JDK and Jackson only (docs/agent.md)");

    @ArchTest
    static final ArchRule nothingDependsOnTheAgent = noClasses()
            .that().resideOutsideOfPackages("io.patchflow.hostagent..")
            .should().dependOnClassesThat().resideInAPackage("io.patchflow.hostagent..")
            .because("the server talks to agents only over the agent API");

    @ArchTest
    static final ArchRule controllersDoNotDriveTheEngine = noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().resideInAPackage("org.camunda..");
}
