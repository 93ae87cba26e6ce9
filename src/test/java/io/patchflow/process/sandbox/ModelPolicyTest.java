package io.patchflow.process.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.patchflow.testsupport.EvilModels;
import io.patchflow.testsupport.EvilModels.Payload;
import io.patchflow.testsupport.EvilModels.Place;

/** The deploy-time rules, file by file: each refusal names the element and the rule. */
class ModelPolicyTest {

    static final ModelBeans BEANS = new ModelBeans(Set.of("assessRiskDelegate", "recordDecisionListener"),
            Map.of("proposalSettings", Set.of("cycle")), Set.of("patch-change"),
            Set.of("dataSource", "environment", "assessRiskDelegate"), name -> new Object());

    final ModelPolicy policy = new ModelPolicy(BEANS);

    @ParameterizedTest
    @EnumSource(Place.class)
    void everyPayloadIsRefusedWhereverItStands(Place place) {
        for (Payload payload : List.of(EvilModels.command(Path.of("/tmp/never")), EvilModels.systemProperty(),
                EvilModels.environment(), EvilModels.engineServices())) {
            List<Finding> findings = check(EvilModels.resourceName(place),
                    EvilModels.model(place, payload.expression()));
            assertThat(findings).as(place + " " + payload.name())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.elementId()).isEqualTo(place.elementId));
        }
    }

    @Test
    void aFindingSaysWhatWasCalledAndWhatIsAllowed() {
        Finding finding = check("evil.bpmn",
                EvilModels.model(Place.SERVICE_TASK, EvilModels.systemProperty().expression()))
            .get(0);
        assertThat(finding.message()).startsWith("evil.bpmn, serviceTask Task_Evil (line ")
            .contains("calls a method on something other than a named helper")
            .contains("proposalSettings.cycle()");
        assertThat(check("evil.bpmn", EvilModels.model(Place.CONDITION, "execution.processInstanceId == 'x'")).get(0)
            .rule()).contains("reads .processInstanceId of an object");
        assertThat(check("evil.bpmn", EvilModels.model(Place.TIMER, "dataSource.connection")).get(0).rule())
            .contains("reads .connection of an object");
    }

    @Test
    void variablesComparisonsAndAllowedHelpersPass() {
        for (String expression : new String[] { "cabApprovals >= cabQuorum and cabInfoRequests == 0",
                "outcome != 'SUCCESSFUL'", "empty reviewGroup ? 'approver' : reviewGroup", "proposalSettings.cycle()",
                "approvalDeadline" }) {
            assertThat(check("ok.bpmn", EvilModels.model(Place.OUTPUT_MAPPING, expression))).as(expression).isEmpty();
        }
    }

    @Test
    void helpersTakeNoArgumentsAndOfferOnlyTheirListedMethods() {
        assertThat(rules(EvilModels.model(Place.TIMER, "proposalSettings.cycle('x')"))).singleElement()
            .asString()
            .contains("passes arguments to proposalSettings.cycle()");
        assertThat(rules(EvilModels.model(Place.TIMER, "proposalSettings.getClass()"))).singleElement()
            .asString()
            .contains("calls proposalSettings.getClass(), which is not on the allow-list");
        assertThat(rules(EvilModels.model(Place.TIMER, "proposalSettings['cycle']()"))).isNotEmpty();
        assertThat(rules(EvilModels.model(Place.TIMER, "now()"))).singleElement()
            .asString()
            .contains("calls the function now()");
    }

    @Test
    void anotherBeanOfTheApplicationIsNamedInTheFinding() {
        assertThat(rules(EvilModels.model(Place.CONDITION, "dataSource != null"))).singleElement()
            .asString()
            .contains("names the bean dataSource, which is not on the allow-list");
        assertThat(check("ok.bpmn", EvilModels.model(Place.CONDITION, "assessRiskDelegate != null"))).as("on the list")
            .isEmpty();
    }

    @Test
    void delegateExpressionsNameOneDelegateOnTheList() {
        String model = EvilModels.model(Place.SERVICE_TASK, "x")
            .replace("camunda:expression=\"${x}\" camunda:resultVariable=\"leak\"",
                    "camunda:delegateExpression=\"DELEGATE\"");
        assertThat(check("ok.bpmn", model.replace("DELEGATE", "${assessRiskDelegate}"))).isEmpty();
        assertThat(rules(model.replace("DELEGATE", "${proposalSettings}"))).singleElement()
            .asString()
            .contains("names proposalSettings, which is not one of Patchflow's delegates");
        assertThat(rules(model.replace("DELEGATE", "${dataSource}"))).singleElement()
            .asString()
            .contains("names dataSource");
        assertThat(rules(model.replace("DELEGATE", "${assessRiskDelegate.execute(null)}"))).isNotEmpty();
        assertThat(rules(model.replace("DELEGATE", "assessRiskDelegate"))).singleElement()
            .asString()
            .contains("must name one delegate");
        // listeners write the attribute without a prefix
        String listener = EvilModels.model(Place.TASK_LISTENER, "x")
            .replace("expression=\"${x}\"", "delegateExpression=\"${dataSource}\"");
        assertThat(rules(listener)).singleElement().asString().contains("names dataSource");
    }

    @Test
    void javaClassesAreRefusedByAnyAttribute() {
        String service = EvilModels.model(Place.SERVICE_TASK, "x")
            .replace("camunda:expression=\"${x}\" camunda:resultVariable=\"leak\"",
                    "camunda:class=\"java.lang.Runtime\"");
        assertThat(rules(service)).singleElement()
            .asString()
            .contains("names the Java class java.lang.Runtime in camunda:class");
        String executionListener = EvilModels.model(Place.EXECUTION_LISTENER, "x")
            .replace("expression=\"${x}\"", "class=\"evil.Listener\"");
        assertThat(rules(executionListener)).singleElement()
            .asString()
            .contains("names the Java class evil.Listener in class");
        String taskListener = EvilModels.model(Place.TASK_LISTENER, "x")
            .replace("expression=\"${x}\"", "class=\"evil.Listener\"");
        assertThat(rules(taskListener)).singleElement().asString().contains("evil.Listener");
        String mapping = EvilModels.model(Place.SERVICE_TASK, "x")
            .replace(
                    "<bpmn:serviceTask id=\"Task_Evil\" camunda:expression=\"${x}\" camunda:resultVariable=\"leak\" />",
                    "<bpmn:callActivity id=\"Task_Evil\" calledElement=\"other\" camunda:variableMappingClass=\"evil.Mapping\" />");
        assertThat(rules(mapping)).singleElement().asString().contains("camunda:variableMappingClass");
    }

    @Test
    void scriptsConnectorsFieldInjectionExternalTasksAndValidatorsAreRefused() {
        String base = EvilModels.model(Place.SERVICE_TASK, "x");
        String serviceTask = "<bpmn:serviceTask id=\"Task_Evil\" camunda:expression=\"${x}\" camunda:resultVariable=\"leak\" />";
        assertThat(rules(base.replace(serviceTask,
                "<bpmn:scriptTask id=\"Task_Evil\" scriptFormat=\"groovy\"><bpmn:script>1</bpmn:script></bpmn:scriptTask>")))
            .anySatisfy(r -> assertThat(r).contains("is a script"))
            .anySatisfy(r -> assertThat(r).contains("script language 'groovy'"));
        assertThat(rules(base
            .replace(serviceTask, "<bpmn:task id=\"Task_Evil\"><bpmn:extensionElements><camunda:inputOutput>"
                    + "<camunda:inputParameter name=\"a\"><camunda:script scriptFormat=\"javascript\">1</camunda:script></camunda:inputParameter>"
                    + "</camunda:inputOutput></bpmn:extensionElements></bpmn:task>")))
            .anySatisfy(r -> assertThat(r).contains("is a script"));
        assertThat(rules(base.replace(serviceTask,
                "<bpmn:scriptTask id=\"Task_Evil\" scriptFormat=\"js\" camunda:resource=\"deployment://x.js\" />")))
            .anySatisfy(r -> assertThat(r).contains("loads a script"));
        assertThat(rules(base.replace(serviceTask,
                "<bpmn:serviceTask id=\"Task_Evil\" camunda:type=\"external\" camunda:topic=\"t\" />")))
            .singleElement()
            .asString()
            .contains("is an external task");
        assertThat(rules(base
            .replace(serviceTask, "<bpmn:serviceTask id=\"Task_Evil\"><bpmn:extensionElements><camunda:connector>"
                    + "<camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>")))
            .singleElement()
            .asString()
            .contains("uses a connector");
        assertThat(rules(base.replace(serviceTask,
                "<bpmn:serviceTask id=\"Task_Evil\" camunda:delegateExpression=\"${assessRiskDelegate}\">"
                        + "<bpmn:extensionElements><camunda:field name=\"risk\"><camunda:string>x</camunda:string></camunda:field>"
                        + "</bpmn:extensionElements></bpmn:serviceTask>")))
            .singleElement()
            .asString()
            .contains("injects the field 'risk'");
        assertThat(rules(base
            .replace(serviceTask, "<bpmn:userTask id=\"Task_Evil\"><bpmn:extensionElements><camunda:formData>"
                    + "<camunda:formField id=\"f\" type=\"string\"><camunda:validation><camunda:constraint name=\"validator\" config=\"evil.V\" />"
                    + "</camunda:validation></camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:userTask>")))
            .singleElement()
            .asString()
            .contains("custom form field validator");
        String condition = EvilModels.model(Place.CONDITION, "true")
            .replace("xsi:type=\"bpmn:tFormalExpression\"", "xsi:type=\"bpmn:tFormalExpression\" language=\"groovy\"");
        assertThat(rules(condition)).singleElement().asString().contains("script language 'groovy'");
    }

    @Test
    void activitisOldNamespaceIsReadAsCamundasIsByTheEngine() {
        String model = EvilModels.model(Place.SERVICE_TASK, "x")
            .replace("xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\"",
                    "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" xmlns:activiti=\"http://activiti.org/bpmn\"")
            .replace("camunda:expression=\"${x}\" camunda:resultVariable=\"leak\"",
                    "activiti:type=\"external\" activiti:topic=\"t\"");
        assertThat(rules(model)).singleElement().asString().contains("is an external task");
    }

    @Test
    void proseIsNotReadAsAnExpression() {
        String model = EvilModels.model(Place.SERVICE_TASK, "x")
            .replace("<bpmn:startEvent id=\"StartEvent_Evil\" />",
                    "<bpmn:startEvent id=\"StartEvent_Evil\"><bpmn:documentation>writes ${x.y()} into the log</bpmn:documentation></bpmn:startEvent>");
        assertThat(check("ok.bpmn", model.replace("camunda:expression=\"${x}\"", "camunda:expression=\"${y}\"")))
            .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "juel", "javascript", "groovy", "JUEL" })
    void decisionTablesAreFeelOnly(String language) {
        String feel = EvilModels.model(Place.DMN_INPUT, "x").replace(" expressionLanguage=\"juel\"", "");
        assertThat(check("ok.dmn", feel)).isEmpty();
        for (String place : new String[] { "<dmn:inputExpression id=\"Input_Evil\"", "<dmn:inputEntry id=\"Entry_1\"",
                "<dmn:outputEntry id=\"Output_Plain\"", "<dmn:definitions" }) {
            String model = feel.replace(place, place + " expressionLanguage=\"" + language + "\"");
            assertThat(rules(model, "evil.dmn")).as(place)
                .singleElement()
                .asString()
                .contains("uses the expression language '" + language + "'")
                .contains("FEEL only");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "feel", "FEEL", "https://www.omg.org/spec/DMN/20191111/FEEL/",
            "http://www.omg.org/spec/FEEL/20140401" })
    void everySpellingOfFeelPasses(String language) {
        String model = EvilModels.model(Place.DMN_INPUT, "x")
            .replace("expressionLanguage=\"juel\"", "expressionLanguage=\"" + language + "\"");
        assertThat(check("ok.dmn", model)).isEmpty();
    }

    @Test
    void aFormWhoseConditionTheServerCannotEvaluateIsRefused() {
        String form = """
                {"id":"f","components":[{"type":"radio","key":"d","values":[{"value":"x"}]},
                 {"type":"textarea","key":"c","conditional":{"hide":"=%s"},"validate":{"required":true}}]}""";

        assertThat(policy.check("f.form", form.formatted("d = \\\"x\\\"").getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(policy.check("f.form", form.formatted("d < 3").getBytes(StandardCharsets.UTF_8))).singleElement()
            .satisfies(f -> assertThat(f.rule()).contains("the server cannot check the form condition =d < 3"));
        assertThat(policy.check("f.form", form.formatted("c = null").getBytes(StandardCharsets.UTF_8))).singleElement()
            .satisfies(f -> assertThat(f.rule()).contains("reads c, which is not a choice"));
        assertThat(policy.check("f.form", "{\"components\":[".getBytes(StandardCharsets.UTF_8))).singleElement()
            .satisfies(f -> assertThat(f.rule()).contains("not valid JSON"));
    }

    @Test
    void onlyModelsFormsAndPngDiagramsMayBeDeployed() {
        assertThat(policy.check("review.form", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(policy.check("diagram.png", new byte[] { 1, 2, 3 })).isEmpty();
        assertThat(policy.check("case.cmmn", "<x/>".getBytes(StandardCharsets.UTF_8))).singleElement()
            .satisfies(f -> assertThat(f.rule()).contains("CMMN case models are refused"));
        for (String name : new String[] { "run.js", "run.groovy", "diagram.svg", "notes.xml" }) {
            assertThat(policy.check(name, "x".getBytes(StandardCharsets.UTF_8))).as(name)
                .singleElement()
                .satisfies(f -> assertThat(f.rule()).contains("only BPMN (.bpmn), DMN (.dmn), form (.form) and PNG"));
        }
    }

    @Test
    void malformedXmlAndDoctypesAreRefused() {
        assertThat(rules("<bpmn:definitions", "broken.bpmn")).singleElement()
            .asString()
            .contains("not well-formed XML");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</bpmn:definitions>
                """;
        assertThat(rules(xxe, "xxe.bpmn")).singleElement().asString().contains("DOCTYPE");
    }

    @Test
    void aFileBuiltToExhaustTheParserIsRefusedWithAFindingNotAServerError() {
        String open = "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
                + "xmlns:x=\"urn:other-vendor\"><bpmn:process id=\"p\" isExecutable=\"true\">"
                + "<bpmn:extensionElements>";
        String close = "</bpmn:extensionElements></bpmn:process></bpmn:definitions>";

        String deep = open + "<x:a>".repeat(100_000) + "</x:a>".repeat(100_000) + close;
        assertThat(rules(deep)).singleElement()
            .asString()
            .contains("nests elements more than 100 levels deep (x:a at line 1)");

        String wide = open + "<x:a/>".repeat(100_001) + close;
        assertThat(rules(wide)).singleElement().asString().contains("more than 100000 elements");

        byte[] big = (open + "<x:a>" + "y".repeat(ModelPolicy.MAX_BYTES) + "</x:a>" + close)
            .getBytes(StandardCharsets.UTF_8);
        assertThat(policy.check("big.bpmn", big)).singleElement()
            .extracting(Finding::rule)
            .asString()
            .contains("more than the 2097152 a model file may have");

        String nested = open + "<x:a>".repeat(90) + "</x:a>".repeat(90) + close;
        assertThat(rules(nested)).as("deep, but within the limit").isEmpty();
    }

    @Test
    void nothingOutsideTheFileIsReferenced_noSchemaLocationNoImportNoXInclude() {
        String bpmn = EvilModels.model(Place.SERVICE_TASK, "x");
        assertThat(check("ok.bpmn", bpmn)).isEmpty();

        String schema = bpmn.replace("id=\"Definitions_Evil\"", "id=\"Definitions_Evil\" xsi:schemaLocation=\""
                + "http://www.omg.org/spec/BPMN/20100524/MODEL http://example.com/BPMN20.xsd\"");
        assertThat(check("evil.bpmn", schema)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Definitions_Evil");
            assertThat(f.rule()).isEqualTo("points to a schema outside the file (xsi:schemaLocation=\""
                    + "http://www.omg.org/spec/BPMN/20100524/MODEL http://example.com/BPMN20.xsd\"); Patchflow loads "
                    + "nothing from outside a model file, so remove xsi:schemaLocation");
        });
        String noNamespace = bpmn.replace("<bpmn:userTask id=\"Task_Wait\" />",
                "<bpmn:userTask id=\"Task_Wait\" xsi:noNamespaceSchemaLocation=\"file:///etc/types.xsd\" />");
        assertThat(check("evil.bpmn", noNamespace)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Wait");
            assertThat(f.rule()).startsWith("points to a schema outside the file (xsi:noNamespaceSchemaLocation=");
        });

        String imported = bpmn.replace("targetNamespace=\"test\">",
                "targetNamespace=\"test\"><bpmn:import "
                        + "importType=\"http://www.w3.org/2001/XMLSchema\" location=\"http://example.com/types.xsd\" "
                        + "namespace=\"urn:types\" />");
        assertThat(check("evil.bpmn", imported)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Definitions_Evil");
            assertThat(f.elementType()).isEqualTo("definitions");
            assertThat(f.rule()).isEqualTo("imports http://example.com/types.xsd from outside the file; a model file "
                    + "must be complete in itself, so remove the import");
        });

        String included = bpmn.replace("<bpmn:userTask id=\"Task_Wait\" />", "<bpmn:userTask id=\"Task_Wait\">"
                + "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\" />"
                + "</bpmn:userTask>");
        assertThat(check("evil.bpmn", included)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Task_Wait");
            assertThat(f.rule()).isEqualTo(
                    "includes content from outside the file (xi:include); a model file must be complete in itself");
        });

        String dmn = EvilModels.model(Place.DMN_INPUT, "x")
            .replace(" expressionLanguage=\"juel\"", "")
            .replace("namespace=\"test\">", "namespace=\"test\"><dmn:import namespace=\"urn:shared\" name=\"shared\" "
                    + "importType=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" locationURI=\"https://example.com/shared.dmn\" />");
        assertThat(check("evil.dmn", dmn)).singleElement().satisfies(f -> {
            assertThat(f.elementId()).isEqualTo("Definitions_EvilDecision");
            assertThat(f.rule())
                .isEqualTo("imports https://example.com/shared.dmn; a decision model must be complete in "
                        + "itself, so remove the import");
        });
    }

    private List<Finding> check(String resource, String model) {
        return policy.check(resource, model.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> rules(String model) {
        return rules(model, "evil.bpmn");
    }

    private List<String> rules(String model, String resource) {
        return check(resource, model).stream().map(Finding::rule).toList();
    }

}
