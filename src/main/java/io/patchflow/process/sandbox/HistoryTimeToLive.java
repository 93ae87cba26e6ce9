package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every process that runs and every decision says how long the engine keeps its history
 * ({@code camunda:historyTimeToLive}): the history cleanup removes what is older, and
 * without a value it removes nothing, so the audit history of every change would grow for
 * ever. The engine refuses a process without one at deployment
 * ({@code enforceHistoryTimeToLive}); decisions it checks only in its own deployer. Read
 * as the engine reads it: a number of days, {@code 180} or {@code P180D}.
 */
final class HistoryTimeToLive {

    static final String CAMUNDA_DMN_NS = "http://camunda.org/schema/1.0/dmn";

    private static final Pattern DAYS = Pattern.compile("^(?:P(\\d+)D|(\\d+))$");

    private HistoryTimeToLive() {
    }

    static List<Finding> bpmn(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node process : BpmnTree.executableProcesses(definitions)) {
            check(resource, process, process.attribute(ModelPolicy.EXTENSION_NS, "historyTimeToLive"), "process",
                    findings);
        }
        return findings;
    }

    static List<Finding> dmn(String resource, ModelXml.Node definitions) {
        List<Finding> findings = new ArrayList<>();
        for (ModelXml.Node decision : BpmnTree.children(definitions, c -> c.localName.equals("decision"))) {
            check(resource, decision, decision.attribute(Set.of(CAMUNDA_DMN_NS), "historyTimeToLive"), "decision",
                    findings);
        }
        return findings;
    }

    private static void check(String resource, ModelXml.Node element, String value, String kind,
            List<Finding> findings) {
        if (value == null || value.isBlank()) {
            findings.add(Finding.at(resource, element, "the " + kind + " has no camunda:historyTimeToLive; set how "
                    + "many days the engine keeps its history, e.g. P180D (Camunda Modeler: History cleanup, Time to live)"));
            return;
        }
        Matcher days = DAYS.matcher(value.strip());
        if (!days.matches() || !fitsAnInt(days.group(1) != null ? days.group(1) : days.group(2))) {
            findings.add(Finding.at(resource, element, "the " + kind + "'s camunda:historyTimeToLive '" + value
                    + "' is not a number of days; write it as 180 or P180D"));
        }
    }

    private static boolean fitsAnInt(String digits) {
        try {
            Integer.parseInt(digits);
            return true;
        }
        catch (NumberFormatException e) {
            return false;
        }
    }

    /** The engine's own message for the same problem, which a finding above replaces. */
    static boolean isAbout(String engineMessage) {
        String lower = engineMessage == null ? "" : engineMessage.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("history time to live") || lower.contains("historytimetolive");
    }

}
