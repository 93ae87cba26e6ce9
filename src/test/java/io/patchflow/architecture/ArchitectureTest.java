package io.patchflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layout tells the story: feature packages, the engine behind ports, thin delegates.
 */
@AnalyzeClasses(packages = "io.patchflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule camundaOnlyInTheWorkflowAdapter = noClasses().that()
        .resideOutsideOfPackages("io.patchflow.process..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.camunda..")
        .because(
                "the domain talks to the engine through ports (ChangeProcess, TaskInbox, ApprovalTasks, DecisionTables)");

    @ArchTest
    static final ArchRule nothingDependsOnTheWorkflowAdapter = noClasses().that()
        .resideOutsideOfPackages("io.patchflow.process..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.patchflow.process..")
        .because("the adapter implements the domain's ports, not the other way round");

    @ArchTest
    static final ArchRule theProcessContractIsALeaf = classes().that()
        .resideInAPackage("io.patchflow.process.model..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.patchflow.process.model..", "java.lang", "java.lang.annotation", "java.util")
        .because(
                "the names the model and the code share (STYLE.md, habit 15) are plain constants that anything in process may use");

    @ArchTest
    static final ArchRule demoAndSimulatorAreLeaves = noClasses().that()
        .resideOutsideOfPackages("io.patchflow.demo..", "io.patchflow.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.patchflow.demo..", "io.patchflow.simulator..");

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices().matching("io.patchflow.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule delegatesAreThin = classes().that()
        .resideInAPackage("io.patchflow.process.delegate..")
        .and()
        .haveSimpleNameEndingWith("Delegate")
        .should()
        .implement(org.camunda.bpm.engine.delegate.JavaDelegate.class)
        .andShould()
        .notBePublic()
        .andShould()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.patchflow..", "org.camunda.bpm.engine.delegate..", "org.springframework.stereotype..",
                "java..")
        .because("a delegate reads the business key and variables, calls one service and writes results");

    @ArchTest
    static final ArchRule noRuntimeServiceInDelegates = noClasses().that()
        .resideInAPackage("io.patchflow.process.delegate..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.camunda.bpm.engine.RuntimeService");

    /**
     * The reference agent is its own artifact (ADR 0024): plain Java and Jackson, and
     * none of the server's.
     */
    @ArchTest
    static final ArchRule theAgentIsPlainJava = classes().that()
        .resideInAPackage("io.patchflow.hostagent..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.patchflow.hostagent..", "java..", "javax.crypto..", "javax.net..",
                "com.fasterxml.jackson..")
        .because("the agent runs on customers' machines with the JDK and Jackson only (docs/agent.md)");

    @ArchTest
    static final ArchRule nothingDependsOnTheAgent = noClasses().that()
        .resideOutsideOfPackages("io.patchflow.hostagent..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.patchflow.hostagent..")
        .because("the server talks to agents only over the agent API");

    @ArchTest
    static final ArchRule controllersDoNotDriveTheEngine = noClasses().that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.camunda..");

    // --- each feature owns its data ---

    /**
     * The Flyway migration that runs Camunda's own schema scripts is the one exception:
     * it is not a feature's data.
     */
    private static final DescribedPredicate<JavaClass> SQL = DescribedPredicate.describe("a JDBC API",
            c -> c.getPackageName().equals("org.springframework.jdbc.core.simple")
                    || c.getPackageName().equals("org.springframework.jdbc.core")
                    || c.getPackageName().equals("org.springframework.jdbc.core.namedparam")
                    || c.getPackageName().startsWith("javax.sql") || c.getName().equals("java.sql.Connection")
                    || c.getName().equals("java.sql.Statement") || c.getName().equals("java.sql.PreparedStatement")
                    || c.getName().equals("java.sql.DriverManager"));

    @ArchTest
    static final ArchRule onlyRepositoriesHoldSql = classes().that(DescribedPredicate.describe("use a JDBC API",
            (JavaClass c) -> c.getDirectDependenciesFromSelf().stream().anyMatch(d -> SQL.test(d.getTargetClass()))))
        .and()
        .resideOutsideOfPackages("io.patchflow.process.schema..")
        .should(beInARepository())
        .because("SQL lives in repositories (ADR 0011), so each feature's data has one door");

    @ArchTest
    static final ArchRule repositoriesAreNamedSo = classes().that()
        .areAnnotatedWith(Repository.class)
        .should()
        .haveSimpleNameEndingWith("Repository")
        .andShould()
        .notBePublic()
        .because("a feature's repository is its own; other features ask through the package's public services");

    @ArchTest
    static final ArchRule whatIsNamedARepositoryIsOne = classes().that()
        .haveSimpleNameEndingWith("Repository")
        .and()
        .areTopLevelClasses()
        .should()
        .beAnnotatedWith(Repository.class)
        .andShould()
        .notBePublic()
        .because("a *Repository that is a plain component, or public, would open the door the rules above close");

    @ArchTest
    static final ArchRule repositoriesAreUsedOnlyInTheirOwnPackage = classes().that()
        .haveSimpleNameEndingWith("Repository")
        .and()
        .areTopLevelClasses()
        .should(beUsedOnlyFromTheirOwnPackage())
        .because("a feature owns its data: another feature asks its public API (STYLE.md, habit 14)");

    @ArchTest
    static final ArchRule controllersUseNoOtherFeaturesRepository = noClasses().that()
        .haveSimpleNameEndingWith("Controller")
        .should(dependOnARepositoryOfAnotherPackage());

    // --- names and boundaries ---

    @ArchTest
    static final ArchRule pageControllersAreNamedSo = classes().that()
        .areAnnotatedWith(Controller.class)
        .should()
        .haveSimpleNameEndingWith("Controller")
        .andShould()
        .notBePublic();

    @ArchTest
    static final ArchRule apiControllersAreNamedSo = classes().that()
        .areAnnotatedWith(RestController.class)
        .should()
        .haveSimpleNameEndingWith("ApiController")
        .andShould()
        .notBePublic()
        .because("a controller that answers JSON is an *ApiController, one that renders pages a *Controller");

    @ArchTest
    static final ArchRule portsAreNamedForWhatTheyStandFor = noClasses().should()
        .haveSimpleNameEndingWith("Port")
        .because(
                "a port is named for what it stands for in the domain (ChangeProcess, TaskInbox, DecisionTables, TicketingSystem)");

    @ArchTest
    static final ArchRule adaptersImplementPorts = classes().that(implementAPort())
        .should()
        .haveSimpleNameEndingWith("Adapter")
        .because("the class that implements a port (on the engine, or on a ticketing system) is its *Adapter");

    @ArchTest
    static final ArchRule oneMvcConfiguration = classes().that()
        .implement(WebMvcConfigurer.class)
        .should()
        .resideInAPackage("io.patchflow.web")
        .because("one WebMvcConfigurer (web.WebMvcSetup) configures Spring MVC");

    @ArchTest
    static final ArchRule webKnowsNoFeature = classes().that()
        .resideInAPackage("io.patchflow.web..")
        .should()
        .onlyDependOnClassesThat(DescribedPredicate.describe("outside the feature packages",
                (JavaClass c) -> !c.getPackageName().startsWith("io.patchflow.")
                        || c.getPackageName().startsWith("io.patchflow.web")
                        || c.getPackageName().startsWith("io.patchflow.shared")
                        || c.getPackageName().startsWith("io.patchflow.security")))
        .because("the web layer (layout, errors, limits) serves every feature and knows none of them");

    private static String featureOf(JavaClass c) {
        return c.getPackageName();
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static ArchCondition<JavaClass> beInARepository() {
        return new ArchCondition<>("be a repository (or inside one)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!topLevel(c).getSimpleName().endsWith("Repository")) {
                    events.add(SimpleConditionEvent.violated(c,
                            c.getName() + " uses Spring's JDBC API but is not a *Repository"));
                }
            }
        };
    }

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnPackage() {
        return new ArchCondition<>("be used only from their own package") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                for (Dependency d : repository.getDirectDependenciesToSelf()) {
                    JavaClass user = d.getOriginClass();
                    if (!user.getPackageName().equals(repository.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(repository, d.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> dependOnARepositoryOfAnotherPackage() {
        return new ArchCondition<>("depend on another feature's repository") {
            @Override
            public void check(JavaClass controller, ConditionEvents events) {
                for (Dependency d : controller.getDirectDependenciesFromSelf()) {
                    JavaClass target = topLevel(d.getTargetClass());
                    boolean foreign = target.getSimpleName().endsWith("Repository")
                            && !featureOf(target).equals(featureOf(controller))
                            && target.getPackageName().startsWith("io.patchflow.");
                    events.add(new SimpleConditionEvent(controller, foreign, d.getDescription()));
                }
            }
        };
    }

    /**
     * Implements an interface of Patchflow's that stands for something outside the
     * domain: a port.
     */
    private static DescribedPredicate<JavaClass> implementAPort() {
        return DescribedPredicate.describe("implement a port",
                c -> c.isTopLevelClass() && !c.isInterface()
                        && c.getRawInterfaces()
                            .stream()
                            .anyMatch(i -> i.getPackageName().startsWith("io.patchflow.")
                                    && !i.isAnnotatedWith(FunctionalInterface.class)
                                    && !i.getName().equals("io.patchflow.audit.Auditable")
                                    && !i.getPackageName().startsWith("io.patchflow.process")
                                    && !i.getPackageName().startsWith("io.patchflow.hostagent")));
    }

}
