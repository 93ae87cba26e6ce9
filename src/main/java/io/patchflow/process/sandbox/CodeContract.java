package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.patchflow.change.ChangeType;
import io.patchflow.change.RiskLevel;
import io.patchflow.policy.SlaBand;
import io.patchflow.process.model.PatchChange;
import io.patchflow.risk.RiskAssessmentService;
import io.patchflow.security.Role;

/**
 * What Patchflow's Java code addresses in the models, which an analyst's version must
 * keep (ADR 0049). The patch-change process keeps every element and message the code
 * names: not every flow node (an analyst may add and remove tasks), only those the code
 * reaches by id. The risk decisions keep the outputs {@link RiskAssessmentService} reads,
 * and the outputs it turns into an enum or a group hold values it knows: any other would
 * fail the assessment of every change.
 */
final class CodeContract {

    /** An element the code reaches by id: its type and who reaches it. */
    record Addressed(String id, String type, String by) {
    }

    static final List<Addressed> ELEMENTS = List.of(
            new Addressed(PatchChange.START_EVENT_CHANGE_SUBMITTED, "startEvent",
                    "the change page, which shows the requester as the one who started it"),
            new Addressed(PatchChange.TASK_REVIEW_TECHNICALLY, "userTask", "bulk approval in the inbox"),
            new Addressed(PatchChange.TASK_APPROVE_CHANGE, "userTask", "bulk approval in the inbox"));

    /** Messages the code correlates, with who sends them. */
    static final Map<String, String> MESSAGES = Map.of(PatchChange.MSG_CANCEL_CHANGE,
            "a requester cancelling the change", PatchChange.MSG_BACKUPS_FINISHED,
            "the agents, when the backups have finished", PatchChange.MSG_WAVE_FINISHED,
            "the agents, when a deployment wave has finished", PatchChange.MSG_VERIFICATION_FINISHED,
            "the agents, when verification has finished", PatchChange.MSG_ROLLBACK_FINISHED,
            "the agents, when the rollback has finished");

    /** The values an output may take; null means any value. */
    record Output(String name, Set<String> values, String meaning) {
    }

    private static final Set<String> GROUPS = Arrays.stream(Role.values())
        .map(Role::groupId)
        .collect(Collectors.toCollection(TreeSet::new));

    /**
     * The outputs {@code RiskAssessmentService.evaluate} reads from each decision. A
     * group may be empty ("nobody to ask"), which the service reads as no group.
     */
    static final Map<String, List<Output>> DECISION_OUTPUTS = decisionOutputs();

    private static Map<String, List<Output>> decisionOutputs() {
        Set<String> groupOrNone = new TreeSet<>(GROUPS);
        groupOrNone.add("");
        Map<String, List<Output>> outputs = new LinkedHashMap<>();
        outputs.put(RiskAssessmentService.DECISION_RISK_SCORE, List.of(new Output("riskScore", null, "points")));
        outputs.put(RiskAssessmentService.DECISION_RISK_LEVEL,
                List.of(new Output("riskLevel", names(RiskLevel.values()), "a risk level")));
        outputs.put(RiskAssessmentService.DECISION_CHANGE_TYPE,
                List.of(new Output("changeType", names(ChangeType.values()), "a change type")));
        outputs.put(RiskAssessmentService.DECISION_BACKUP, List.of(new Output("backupRequired", null, "")));
        outputs.put(RiskAssessmentService.DECISION_ROUTING,
                List.of(new Output("reviewGroup", groupOrNone, "a role's group"),
                        new Output("cabGroup", groupOrNone, "a role's group"), new Output("cabSeats", null, ""),
                        new Output("cabQuorum", null, ""), new Output("emergencyGroup", groupOrNone, "a role's group"),
                        new Output("approvalDeadline", null, "")));
        outputs.put(RiskAssessmentService.DECISION_SLA,
                List.of(new Output("slaBand", names(SlaBand.values()), "an SLA band")));
        return outputs;
    }

    private static final Pattern QUOTED = Pattern.compile("^\"([^\"]*)\"$");

    private CodeContract() {
    }

    static List<Finding> bpmn(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node process : BpmnTree.executableProcesses(definitions)) {
            if (PatchChange.PROCESS_KEY.equals(process.attribute("id"))) {
                patchChange(resource, definitions, process, findings);
            }
        }
        return findings;
    }

    private static void patchChange(String resource, ModelXml.Node definitions, ModelXml.Node process,
            List<Finding> findings) {
        Map<String, ModelXml.Node> ids = BpmnTree.ids(process);
        for (Addressed element : ELEMENTS) {
            ModelXml.Node node = ids.get(element.id());
            if (node == null) {
                findings.add(Finding.at(resource, process, "has no " + element.type() + " " + element.id()
                        + "; Patchflow's code reaches it by this id (" + element.by() + "), so keep it"));
            }
            else if (!BpmnTree.isBpmn(node) || !node.localName.equals(element.type())) {
                findings.add(Finding.at(resource, node, "must stay a " + element.type() + "; Patchflow's code reaches "
                        + element.id() + " as one (" + element.by() + ")"));
            }
        }
        Map<String, String> messageIds = new LinkedHashMap<>();
        for (ModelXml.Node message : BpmnTree.children(definitions,
                c -> BpmnTree.isBpmn(c) && c.localName.equals("message"))) {
            if (message.attribute("name") != null && message.attribute("id") != null) {
                messageIds.put(message.attribute("name").strip(), message.attribute("id"));
            }
        }
        Set<String> awaited = BpmnTree.descendants(process)
            .stream()
            .filter(n -> BpmnTree.isBpmn(n)
                    && (n.localName.equals("messageEventDefinition") || n.localName.equals("receiveTask")))
            .map(n -> n.plainAttribute("messageRef"))
            .filter(ref -> ref != null)
            .map(String::strip)
            .collect(Collectors.toSet());
        for (String message : new TreeSet<>(MESSAGES.keySet())) {
            String id = messageIds.get(message);
            if (id == null || !awaited.contains(id)) {
                findings.add(Finding.at(resource, process,
                        (id == null ? "has no message named " + message : "has no event that waits for " + message)
                                + "; Patchflow sends it (" + MESSAGES.get(message)
                                + "), so keep the message and an event that receives it"));
            }
        }
    }

    static List<Finding> dmn(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node decision : BpmnTree.children(definitions, c -> c.localName.equals("decision"))) {
            List<Output> required = DECISION_OUTPUTS.get(decision.attribute("id"));
            if (required != null) {
                decision(resource, decision, required, findings);
            }
        }
        return findings;
    }

    private static void decision(String resource, ModelXml.Node decision, List<Output> required,
            List<Finding> findings) {
        String key = decision.attribute("id");
        List<ModelXml.Node> tables = BpmnTree.children(decision, c -> c.localName.equals("decisionTable"));
        if (tables.isEmpty()) {
            findings.add(Finding.at(resource, decision, "must stay a decision table: Patchflow's risk assessment "
                    + "evaluates " + key + " as one and reads its outputs"));
            return;
        }
        ModelXml.Node table = tables.get(0);
        List<ModelXml.Node> outputs = BpmnTree.children(table, c -> c.localName.equals("output"));
        List<ModelXml.Node> rules = BpmnTree.children(table, c -> c.localName.equals("rule"));
        for (Output output : required) {
            int column = -1;
            for (int i = 0; i < outputs.size(); i++) {
                if (output.name().equals(outputs.get(i).attribute("name"))) {
                    column = i;
                }
            }
            if (column < 0) {
                findings.add(Finding.at(resource, table, "has no output named " + output.name()
                        + "; Patchflow's risk assessment reads it from " + key + ", so keep that output column"));
                continue;
            }
            if (output.values() == null) {
                continue;
            }
            for (ModelXml.Node rule : rules) {
                List<ModelXml.Node> entries = BpmnTree.children(rule, c -> c.localName.equals("outputEntry"));
                if (column < entries.size()) {
                    entry(resource, entries.get(column), output, findings);
                }
            }
        }
    }

    private static void entry(String resource, ModelXml.Node entry, Output output, List<Finding> findings) {
        String text = BpmnTree.children(entry, c -> c.localName.equals("text"))
            .stream()
            .map(ModelXml.Node::text)
            .findFirst()
            .orElse("");
        boolean groups = output.values().contains("");
        Matcher quoted = QUOTED.matcher(text.strip());
        String allowed = output.values()
            .stream()
            .filter(v -> !v.isEmpty())
            .map(v -> "\"" + v + "\"")
            .collect(Collectors.joining(", ")) + (groups ? " or \"\" for nobody" : "");
        if (text.isBlank() && groups) {
            return;
        }
        if (!quoted.matches()) {
            findings.add(Finding.at(resource, entry, output.name() + " is " + (text.isBlank() ? "empty" : text)
                    + "; Patchflow reads it as " + output.meaning() + ", so write one of " + allowed));
        }
        else if (!output.values().contains(quoted.group(1))) {
            findings.add(Finding.at(resource, entry, output.name() + " is " + text.strip() + ", which is not "
                    + output.meaning() + " Patchflow knows; write one of " + allowed));
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

}
