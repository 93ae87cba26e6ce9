package io.patchflow.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CompletionCondition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.LoopCardinality;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchflow.process.ContractClass.Constant;
import io.patchflow.process.model.PatchChange;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * Writes the tables of docs/process.md from the models, their forms and decisions, and
 * the contract classes: flow nodes (what each does is the element's own documentation in
 * the BPMN), user tasks, timers, gateways, variables, inputs, messages, forms, decisions
 * and counts. The tables stand between {@code <!-- generated from SOURCE: SECTION -->}
 * and {@code <!-- end generated -->}; the prose around them is written by hand.
 * ProcessDocumentTest fails when the file and the models differ, and rewrites it with
 * {@code -Dprocess.document.write=true}.
 */
final class ProcessDocument {

    static final Path FILE = RepositoryFiles.path("docs", "process.md");
    static final String REGENERATE = "mvn -B -o test -DskipFrontend=true -Dtest=ProcessDocumentTest -Dprocess.document.write=true";

    private static final Pattern BLOCK = Pattern.compile(
            "^(<!-- generated from ([^\\n]+?) -->\\n)(.*?)^(<!-- end generated -->)$",
            Pattern.DOTALL | Pattern.MULTILINE);

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private static final String NONE = "—";

    private ProcessDocument() {
    }

    /**
     * Every generated section by its marker, e.g.
     * {@code bpmn/patch-change.bpmn: flow nodes}.
     */
    static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        ModelFile change = ModelFile.read("patch-change.bpmn");
        ContractClass changeContract = ContractClass.of(PatchChange.class);
        ModelFile proposals = ModelFile.read("patch-proposals.bpmn");
        ContractClass proposalsContract = ContractClass.of(PatchProposals.class);
        for (ModelFile model : List.of(change, proposals)) {
            ContractClass contract = model == change ? changeContract : proposalsContract;
            String source = "bpmn/" + model.fileName() + ": ";
            sections.put(source + "counts", counts(model));
            sections.put(source + "flow nodes", flowNodes(model));
            sections.put(source + "gateways", gateways(model));
            sections.put(source + "variables", variables(model, contract));
        }
        String source = "bpmn/" + change.fileName() + ": ";
        sections.put(source + "user tasks", userTasks(change));
        sections.put(source + "timers", timers(change));
        sections.put(source + "inputs", inputs(change, changeContract));
        sections.put(source + "messages", messages(change, changeContract));
        sections.put(source + "forms", forms(change));
        sections.put("bpmn/change-risk.dmn: decisions", decisions());
        return sections;
    }

    /**
     * The document with each generated block replaced by its section; refuses unknown
     * blocks and sections without one.
     */
    static String render(String document) {
        Map<String, String> sections = sections();
        Set<String> placed = new LinkedHashSet<>();
        Matcher matcher = BLOCK.matcher(document);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(2);
            if (!sections.containsKey(key)) {
                throw new IllegalStateException("docs/process.md has a generated block '" + key
                        + "' that ProcessDocument does not know; " + "known are " + sections.keySet());
            }
            if (!placed.add(key)) {
                throw new IllegalStateException("docs/process.md has the generated block '" + key + "' twice");
            }
            matcher.appendReplacement(out,
                    Matcher.quoteReplacement(matcher.group(1) + sections.get(key) + matcher.group(4)));
        }
        matcher.appendTail(out);
        Set<String> missing = new LinkedHashSet<>(sections.keySet());
        missing.removeAll(placed);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("docs/process.md has no place for " + missing
                    + "; add <!-- generated from KEY --> and " + "<!-- end generated --> where each belongs");
        }
        return out.toString();
    }

    static String read() {
        try {
            return Files.readString(FILE);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String document) {
        try {
            Files.writeString(FILE, document);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- sections ---

    private static String counts(ModelFile model) {
        List<FlowNode> nodes = model.flowNodes();
        return "The model has " + nodes.size() + " flow nodes and " + model.sequenceFlows().size() + " sequence flows: "
                + ModelFile.countByKind(nodes.stream().map(ProcessDocument::kind).toList()) + ".\n";
    }

    private static String flowNodes(ModelFile model) {
        StringBuilder out = new StringBuilder();
        int[] number = { 1 };
        flowNodeTables(model, model.process().getFlowElements(), "`" + model.process().getId() + "`", out, number);
        return out.toString();
    }

    /**
     * One table per stretch of a container; a sub-process's own nodes follow its row in a
     * table of their own.
     */
    private static void flowNodeTables(ModelFile model, Collection<FlowElement> elements, String heading,
            StringBuilder out, int[] number) {
        List<List<String>> rows = new ArrayList<>();
        String current = heading;
        for (FlowNode node : inFlowOrder(model, elements)) {
            rows.add(List.of(String.valueOf(number[0]++), code(node.getId()), orNone(node.getName()), type(node),
                    documentation(node), bean(node), async(node), retryCycle(node)));
            if (node instanceof SubProcess sub) {
                table(out, current, rows);
                rows.clear();
                flowNodeTables(model, sub.getFlowElements(), "Inside " + code(sub.getId()) + ", " + sub.getName(), out,
                        number);
                current = heading + ", after " + code(sub.getId());
            }
        }
        table(out, current, rows);
    }

    private static void table(StringBuilder out, String heading, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!out.isEmpty()) {
            out.append('\n');
        }
        out.append("#### ").append(heading).append("\n\n");
        out.append(markdownTable(List.of("#", "id", "name", "type", "what it does", "bean", "async", "retry cycle"),
                rows));
    }

    private static String userTasks(ModelFile model) {
        List<List<String>> rows = new ArrayList<>();
        StringBuilder notes = new StringBuilder();
        for (FlowNode node : inFlowOrder(model)) {
            if (!(node instanceof UserTask task)) {
                continue;
            }
            Map<String, String> properties = ModelProperties.of(task);
            String groups = task.getCamundaCandidateGroups() != null
                    ? "groups " + code(task.getCamundaCandidateGroups())
                    : "assignee " + code(task.getCamundaAssignee());
            String decision = properties.get(PatchChange.PROP_DECISION_VARIABLE);
            String values = properties.get(PatchChange.PROP_DECISION_VALUES);
            String decisionCell = decision == null ? NONE : code(decision) + ": " + (values == null
                    ? "free text (not checked)"
                    : List.of(values.split(",")).stream().map(ProcessDocument::code).collect(Collectors.joining(", ")));
            String formRef = task.getAttributeValueNs(CAMUNDA_NS, "formRef");
            String binding = task.getAttributeValueNs(CAMUNDA_NS, "formRefBinding");
            rows.add(List.of(code(task.getId()), task.getName(), groups, code(task.getCamundaDueDate()),
                    formRef == null ? NONE : code(formRef) + " (" + binding + ")", decisionCell,
                    codeOrNone(properties.get(PatchChange.PROP_COMMENT_VARIABLE)),
                    properties.containsKey(PatchChange.PROP_DECISION_STEP)
                            ? code(properties.get(PatchChange.PROP_DECISION_STEP)) : NONE + " (not a decision)",
                    "true".equals(properties.get(PatchChange.PROP_FOUR_EYES)) ? "yes" : "no"));
            MultiInstanceLoopCharacteristics loop = task.getChildElementsByType(MultiInstanceLoopCharacteristics.class)
                .stream()
                .findFirst()
                .orElse(null);
            if (loop != null) {
                notes.append("\n")
                    .append(code(task.getId()))
                    .append(" is a ")
                    .append(loop.isSequential() ? "sequential" : "parallel")
                    .append(" multi-instance task with ")
                    .append(code(loop.getChildElementsByType(LoopCardinality.class).iterator().next().getTextContent()))
                    .append(" instances. When one completes, the engine checks the completion condition ")
                    .append(code(
                            loop.getChildElementsByType(CompletionCondition.class).iterator().next().getTextContent()))
                    .append(" and, when it is true, cancels the instances still open.\n");
            }
        }
        return markdownTable(
                List.of("id", "name", "candidate groups / assignee", "due date", "form (`formRef`, binding)",
                        "decision variable: allowed values", "comment variable", "`decisionStep`", "four-eyes"),
                rows) + notes;
    }

    private static String timers(ModelFile model) {
        List<List<String>> rows = new ArrayList<>();
        for (FlowNode node : inFlowOrder(model)) {
            TimerEventDefinition timer = node.getChildElementsByType(TimerEventDefinition.class)
                .stream()
                .findFirst()
                .orElse(null);
            if (timer == null) {
                continue;
            }
            String kind;
            String position;
            if (node instanceof BoundaryEvent boundary) {
                kind = "boundary, " + (boundary.cancelActivity() ? "interrupting" : "non-interrupting");
                position = code(boundary.getAttachedTo().getId());
            }
            else if (node instanceof StartEvent) {
                kind = "start";
                position = NONE;
            }
            else {
                kind = "intermediate catch";
                position = "after " + ids(model.incoming(node).stream().map(SequenceFlow::getSource).toList());
            }
            String definition = timer.getTimeDuration() != null
                    ? "timeDuration " + code(timer.getTimeDuration().getTextContent())
                    : timer.getTimeDate() != null ? "timeDate " + code(timer.getTimeDate().getTextContent())
                            : "timeCycle " + code(timer.getTimeCycle().getTextContent());
            rows.add(List.of(code(node.getId()), node.getName(), kind, position, definition,
                    ids(model.outgoing(node).stream().map(SequenceFlow::getTarget).toList())));
        }
        return markdownTable(List.of("id", "name", "kind", "attached to / position", "timer", "then"), rows);
    }

    private static String gateways(ModelFile model) {
        List<List<String>> choosing = new ArrayList<>();
        List<List<String>> merging = new ArrayList<>();
        for (FlowNode node : inFlowOrder(model)) {
            if (!(node instanceof ExclusiveGateway gateway)) {
                continue;
            }
            List<SequenceFlow> outgoing = model.outgoing(gateway);
            if (outgoing.size() == 1) {
                merging.add(List.of(code(gateway.getId()), String.valueOf(model.incoming(gateway).size()),
                        code(outgoing.get(0).getTarget().getId())));
                continue;
            }
            boolean first = true;
            for (SequenceFlow flow : outgoing) {
                choosing.add(List.of(first ? code(gateway.getId()) : "", first ? orNone(gateway.getName()) : "",
                        code(flow.getId()) + " → " + code(flow.getTarget().getId()), orNone(flow.getName()),
                        flow.getConditionExpression() == null ? NONE
                                : code(flow.getConditionExpression().getTextContent()),
                        gateway.getDefault() == flow ? "yes" : ""));
                first = false;
            }
        }
        long choosingGateways = choosing.stream().filter(r -> !r.get(0).isEmpty()).count();
        String text = (choosingGateways == 1 ? "1 gateway chooses" : choosingGateways + " gateways choose")
                + " a path:\n\n" + markdownTable(
                        List.of("gateway", "name", "outgoing flow", "flow name", "condition", "default"), choosing);
        if (merging.isEmpty()) {
            return text + "\nNo gateway only merges flows.\n";
        }
        return text + "\nThe other " + merging.size()
                + " only merge flows; each has one outgoing flow without a condition:\n\n"
                + markdownTable(List.of("merge gateway", "incoming flows", "leads to"), merging);
    }

    private static String variables(ModelFile model, ContractClass contract) {
        List<List<String>> rows = new ArrayList<>();
        for (Constant variable : contract.withPrefix("VAR_")) {
            List<ModelFile.Use> uses = model.names().getOrDefault(variable.value(), List.of());
            String used = variable.codeOnly() != null ? NONE + " (code only: " + variable.codeOnly() + ")" : uses(uses);
            rows.add(List.of(code(variable.value()), code(variable.name()), variable.description(), used));
        }
        return markdownTable(List.of("variable", "constant", "what it holds", "used in the model"), rows);
    }

    private static String inputs(ModelFile model, ContractClass contract) {
        Map<String, Constant> constants = contract.constants()
            .stream()
            .filter(c -> c.name().startsWith("INPUT_") || c.name().startsWith("VAR_"))
            .collect(Collectors.toMap(Constant::value, c -> c, (a, b) -> a));
        List<List<String>> rows = new ArrayList<>();
        model.names().forEach((name, uses) -> {
            List<String> given = new ArrayList<>();
            for (ModelFile.Use use : uses) {
                if (use.how().startsWith("input ")) {
                    given.add(code(use.element()) + ": " + code(use.how().substring("input ".length())));
                }
                else if (use.how().equals("local to each instance")) {
                    given.add(code(use.element()) + ": no value (local to each instance)");
                }
            }
            if (!given.isEmpty()) {
                Constant constant = constants.get(name);
                rows.add(
                        List.of(code(name), constant == null ? NONE : code(constant.name()),
                                constant == null || !constant.name().startsWith("INPUT_")
                                        ? "declares the variable local" : constant.description(),
                                String.join("; ", given)));
            }
        });
        return markdownTable(List.of("parameter", "constant", "what it is", "on: value"), rows);
    }

    private static String messages(ModelFile model, ContractClass contract) {
        Map<String, String> constants = contract.withPrefix("MSG_")
            .stream()
            .collect(Collectors.toMap(Constant::value, Constant::name));
        List<List<String>> rows = new ArrayList<>();
        for (Message message : model.model().getModelElementsByType(Message.class)) {
            List<FlowNode> catching = new ArrayList<>();
            for (FlowNode node : model.flowNodes()) {
                boolean receives = node instanceof ReceiveTask receive && receive.getMessage() == message;
                boolean starts = node.getChildElementsByType(MessageEventDefinition.class)
                    .stream()
                    .anyMatch(d -> d.getMessage() == message);
                if (receives || starts) {
                    catching.add(node);
                }
            }
            rows.add(List.of(code(message.getId()), code(message.getName()),
                    codeOrNone(constants.get(message.getName())), ids(catching), ModelFile.text(message)));
        }
        return markdownTable(List.of("message id", "message name", "constant", "caught by", "what it means"), rows);
    }

    private static String forms(ModelFile model) {
        List<List<String>> rows = new ArrayList<>();
        List<String> formRefs = inFlowOrder(model).stream()
            .map(n -> n.getAttributeValueNs(CAMUNDA_NS, "formRef"))
            .filter(model.forms()::containsKey)
            .distinct()
            .toList();
        for (String formRef : formRefs) {
            Map.Entry<String, JsonNode> form = Map.entry(formRef, model.forms().get(formRef));
            List<FlowNode> tasks = inFlowOrder(model).stream()
                .filter(n -> form.getKey().equals(n.getAttributeValueNs(CAMUNDA_NS, "formRef")))
                .toList();
            List<String> fields = new ArrayList<>();
            for (JsonNode field : ModelFile.formFields(form.getValue())) {
                StringBuilder text = new StringBuilder(code(field.get("key").asText())).append(": ")
                    .append(field.path("type").asText());
                List<String> values = field.path("values").findValuesAsText("value");
                if (!values.isEmpty()) {
                    text.append(' ')
                        .append(values.stream().map(ProcessDocument::code).collect(Collectors.joining(" / ")));
                }
                String required = field.path("validate").path("required").asBoolean() ? "required" : "optional";
                String hide = field.path("conditional").path("hide").asText("");
                if (hide.startsWith("=")) {
                    text.append(", hidden when ").append(code(hide.substring(1).strip())).append(", otherwise");
                }
                text.append(hide.startsWith("=") ? " " : ", ").append(required);
                if (field.path("validate").has("maxLength")) {
                    text.append(", max ").append(field.path("validate").path("maxLength").asInt());
                }
                fields.add(text.toString());
            }
            rows.add(List.of(code("forms/" + form.getKey() + ".form"), ids(tasks), String.join("; ", fields)));
        }
        return markdownTable(List.of("file", "task", "fields (key: type, choices, validation)"), rows);
    }

    private static String decisions() {
        DmnModelInstance dmn = Dmn.readModelFromFile(RepositoryFiles.path("bpmn", "change-risk.dmn").toFile());
        List<List<String>> rows = new ArrayList<>();
        for (Decision decision : dmn.getModelElementsByType(Decision.class)) {
            DecisionTable table = (DecisionTable) decision.getExpression();
            String hitPolicy = table.getHitPolicy().name()
                    + (table.getAggregation() == null ? "" : "/" + table.getAggregation().name());
            String inputs = table.getInputs()
                .stream()
                .map(i -> code(inputExpression(i)))
                .collect(Collectors.joining(", "));
            String outputs = table.getOutputs()
                .stream()
                .map(Output::getName)
                .map(ProcessDocument::code)
                .collect(Collectors.joining(", "));
            rows.add(List.of(code(decision.getId()), decision.getName(), hitPolicy, inputs, outputs,
                    String.valueOf(table.getRules().size()), decision.getDescription() == null ? ""
                            : decision.getDescription().getTextContent().strip().replaceAll("\\s+", " ")));
        }
        return markdownTable(List.of("decision", "name", "hit policy", "inputs", "outputs", "rules", "what it decides"),
                rows);
    }

    // --- cells ---

    /**
     * The kind of a flow node as the counts say it: "exclusive gateway", "boundary
     * timer".
     */
    static String kind(FlowNode node) {
        boolean timer = !node.getChildElementsByType(TimerEventDefinition.class).isEmpty();
        if (node instanceof BoundaryEvent) {
            return timer ? "boundary timer" : "boundary event";
        }
        if (node instanceof IntermediateCatchEvent) {
            return timer ? "intermediate timer" : "intermediate catch event";
        }
        if (node instanceof SubProcess) {
            return "sub-process";
        }
        return node.getElementType().getTypeName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private static String type(FlowNode node) {
        if (node instanceof StartEvent start) {
            if (!start.getChildElementsByType(MessageEventDefinition.class).isEmpty()) {
                return "message start event (" + (start.isInterrupting() ? "interrupting" : "non-interrupting") + ")";
            }
            return start.getChildElementsByType(TimerEventDefinition.class).isEmpty() ? "start event"
                    : "timer start event";
        }
        if (node instanceof BoundaryEvent boundary) {
            return kind(node) + " on " + code(boundary.getAttachedTo().getId()) + ", "
                    + (boundary.cancelActivity() ? "interrupting" : "non-interrupting");
        }
        if (node instanceof SubProcess sub) {
            return sub.triggeredByEvent() ? "event sub-process" : "sub-process";
        }
        if (node instanceof ReceiveTask receive && receive.getMessage() != null) {
            return "receive task (" + code(receive.getMessage().getName()) + ")";
        }
        if (node instanceof IntermediateCatchEvent) {
            return kind(node) + " catch event";
        }
        MultiInstanceLoopCharacteristics loop = node.getChildElementsByType(MultiInstanceLoopCharacteristics.class)
            .stream()
            .findFirst()
            .orElse(null);
        return kind(node) + (loop == null ? ""
                : loop.isSequential() ? ", sequential multi-instance" : ", parallel multi-instance");
    }

    private static String documentation(FlowNode node) {
        String text = ModelFile.text(node);
        return text.isEmpty() ? "**no documentation in the model**" : text;
    }

    private static String bean(FlowNode node) {
        String delegate = node.getAttributeValueNs(CAMUNDA_NS, "delegateExpression");
        if (delegate != null) {
            return code(delegate);
        }
        if (node instanceof UserTask && node.getExtensionElements() != null) {
            return node.getExtensionElements()
                .getElementsQuery()
                .filterByType(CamundaTaskListener.class)
                .list()
                .stream()
                .map(l -> code(l.getCamundaDelegateExpression()) + " (task listener on " + code(l.getCamundaEvent())
                        + ")")
                .collect(Collectors.joining(", "));
        }
        return NONE;
    }

    private static String async(FlowNode node) {
        List<String> async = new ArrayList<>();
        if (node.isCamundaAsyncBefore()) {
            async.add("asyncBefore");
        }
        if (node.isCamundaAsyncAfter()) {
            async.add("asyncAfter");
        }
        return async.isEmpty() ? NONE : String.join(", ", async);
    }

    private static String retryCycle(FlowNode node) {
        if (node.getExtensionElements() == null) {
            return NONE;
        }
        return node.getExtensionElements()
            .getElementsQuery()
            .filterByType(CamundaFailedJobRetryTimeCycle.class)
            .list()
            .stream()
            .map(c -> code(c.getTextContent()))
            .findFirst()
            .orElse(NONE);
    }

    private static String uses(List<ModelFile.Use> uses) {
        Map<String, Set<String>> byHow = new LinkedHashMap<>();
        uses.forEach(u -> byHow.computeIfAbsent(u.how(), h -> new LinkedHashSet<>()).add(code(u.element())));
        return byHow.entrySet()
            .stream()
            .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
            .collect(Collectors.joining("; "));
    }

    private static String inputExpression(Input input) {
        return input.getInputExpression().getText().getTextContent().strip();
    }

    private static String ids(List<FlowNode> nodes) {
        return nodes.isEmpty() ? NONE
                : nodes.stream().map(FlowNode::getId).map(ProcessDocument::code).collect(Collectors.joining(", "));
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static String codeOrNone(String text) {
        return text == null ? NONE : code(text);
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? NONE : text;
    }

    static String markdownTable(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        Function<List<String>, String> line = cells -> cells.stream()
            .map(c -> c.replace("|", "\\|"))
            .collect(Collectors.joining(" | ", "| ", " |\n"));
        out.append(line.apply(header));
        out.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|\n")));
        rows.forEach(r -> out.append(line.apply(r)));
        return out.toString();
    }

    // --- order ---

    /**
     * All flow nodes of the model, sub-processes' after their sub-process, in flow order.
     */
    private static List<FlowNode> inFlowOrder(ModelFile model) {
        List<FlowNode> all = new ArrayList<>();
        addInFlowOrder(model, model.process().getFlowElements(), all);
        return all;
    }

    private static void addInFlowOrder(ModelFile model, Collection<FlowElement> elements, List<FlowNode> all) {
        for (FlowNode node : inFlowOrder(model, elements)) {
            all.add(node);
            if (node instanceof SubProcess sub) {
                addInFlowOrder(model, sub.getFlowElements(), all);
            }
        }
    }

    /**
     * The flow nodes of one container in reading order: each node after the nodes its
     * flows come from (flows that loop back do not count), following one path to where it
     * joins another before taking the next; an activity's boundary events right after it.
     * What no flow reaches (an event sub-process) comes last.
     */
    private static List<FlowNode> inFlowOrder(ModelFile model, Collection<FlowElement> elements) {
        List<FlowNode> nodes = elements.stream().filter(FlowNode.class::isInstance).map(FlowNode.class::cast).toList();
        Set<SequenceFlow> loops = new LinkedHashSet<>();
        Set<FlowNode> visited = new LinkedHashSet<>();
        nodes.stream()
            .filter(n -> n instanceof StartEvent && model.incoming(n).isEmpty())
            .forEach(n -> findLoops(model, n, new LinkedHashSet<>(), visited, loops));
        nodes.forEach(n -> findLoops(model, n, new LinkedHashSet<>(), visited, loops));
        Map<FlowNode, Integer> waitingFor = new LinkedHashMap<>();
        for (FlowNode node : nodes) {
            waitingFor.put(node,
                    (int) model.incoming(node)
                        .stream()
                        .filter(f -> nodes.contains(f.getSource()) && !loops.contains(f))
                        .count());
        }
        List<FlowNode> order = new ArrayList<>();
        Deque<FlowNode> ready = new ArrayDeque<>();
        List<FlowNode> starts = nodes.stream().filter(n -> n instanceof StartEvent && waitingFor.get(n) == 0).toList();
        for (int i = starts.size() - 1; i >= 0; i--) {
            ready.push(starts.get(i));
        }
        while (order.size() < nodes.size()) {
            if (ready.isEmpty()) {
                nodes.stream()
                    .filter(n -> !order.contains(n) && !(n instanceof BoundaryEvent))
                    .findFirst()
                    .ifPresent(ready::push);
            }
            FlowNode node = ready.pop();
            if (order.contains(node)) {
                continue;
            }
            order.add(node);
            List<FlowNode> boundaries = nodes.stream()
                .filter(n -> n instanceof BoundaryEvent b && b.getAttachedTo() == node)
                .toList();
            order.addAll(boundaries);
            // what the node leads to is pushed first, so what its boundary events lead to
            // is read first
            for (FlowNode source : concat(List.of(node), boundaries)) {
                List<SequenceFlow> flows = model.outgoing(source)
                    .stream()
                    .filter(f -> nodes.contains(f.getTarget()))
                    .toList();
                for (int i = flows.size() - 1; i >= 0; i--) {
                    SequenceFlow flow = flows.get(i);
                    if (!loops.contains(flow) && waitingFor.merge(flow.getTarget(), -1, Integer::sum) == 0) {
                        ready.push(flow.getTarget());
                    }
                }
            }
        }
        return List.copyOf(order);
    }

    /**
     * Depth first from {@code node}: a flow back to a node on the current path closes a
     * loop.
     */
    private static void findLoops(ModelFile model, FlowNode node, Set<FlowNode> path, Set<FlowNode> visited,
            Set<SequenceFlow> loops) {
        if (!visited.add(node)) {
            return;
        }
        path.add(node);
        List<FlowNode> sources = new ArrayList<>(List.of(node));
        model.flowNodes()
            .stream()
            .filter(n -> n instanceof BoundaryEvent b && b.getAttachedTo() == node)
            .forEach(sources::add);
        for (FlowNode source : sources) {
            for (SequenceFlow flow : model.outgoing(source)) {
                if (path.contains(flow.getTarget())) {
                    loops.add(flow);
                }
                else {
                    findLoops(model, flow.getTarget(), path, visited, loops);
                }
            }
        }
        path.remove(node);
    }

    private static List<FlowNode> concat(List<FlowNode> a, List<FlowNode> b) {
        List<FlowNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Flow nodes and messages whose documentation is empty, as "file: id". */
    static Set<String> undocumented() {
        Set<String> undocumented = new TreeSet<>();
        for (String file : List.of("patch-change.bpmn", "patch-proposals.bpmn")) {
            ModelFile model = ModelFile.read(file);
            model.flowNodes()
                .stream()
                .filter(n -> ModelFile.text(n).isEmpty())
                .forEach(n -> undocumented.add(file + ": " + n.getId()));
            model.model()
                .getModelElementsByType(Message.class)
                .stream()
                .filter(m -> ModelFile.text(m).isEmpty())
                .forEach(m -> undocumented.add(file + ": " + m.getId()));
        }
        return undocumented;
    }

}
