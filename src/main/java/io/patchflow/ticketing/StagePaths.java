package io.patchflow.ticketing;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The statuses a ticket passes, in order, on its way to each {@link TicketStage}, for a
 * system whose workflow the customer names (Jira, ConnectWise): from the connection's
 * settings {@code stages.IMPLEMENTING} and {@code stages.CLOSED}, comma-separated status
 * names, the last one the stage's own.
 */
public final class StagePaths {

    private final Map<TicketStage, List<String>> paths = new EnumMap<>(TicketStage.class);

    private StagePaths(TicketingConnection connection, Map<TicketStage, String> defaults) {
        for (TicketStage stage : TicketStage.values()) {
            String names = connection.setting("stages." + stage.name(), defaults.get(stage));
            List<String> path = Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
            if (path.isEmpty()) {
                throw new TicketingException("the " + connection.system() + " connection of customer "
                        + connection.customerId() + " names no status for stage " + stage);
            }
            paths.put(stage, path);
        }
    }

    /** The paths the connection names, {@code defaults} for those it does not. */
    public static StagePaths of(TicketingConnection connection, Map<TicketStage, String> defaults) {
        return new StagePaths(connection, defaults);
    }

    /**
     * The statuses still to pass, in order, from {@code current} to {@code stage}; none
     * when the ticket is at the stage or beyond it: in a final status ({@code finished},
     * e.g. Jira's done category or a closed ConnectWise ticket), or further along a later
     * stage's path. A status on no path starts the stage's path from its beginning.
     */
    public List<String> stepsTo(TicketStage stage, String current, boolean finished) {
        List<String> path = paths.get(stage);
        String target = path.get(path.size() - 1);
        if (finished || target.equalsIgnoreCase(current)) {
            return List.of();
        }
        for (TicketStage later : TicketStage.values()) {
            if (later.compareTo(stage) > 0) {
                List<String> further = paths.get(later);
                int at = indexOf(further, current);
                int targetAt = indexOf(further, target);
                if (at >= 0 && at > targetAt) {
                    return List.of();
                }
            }
        }
        return path.subList(indexOf(path, current) + 1, path.size());
    }

    private static int indexOf(List<String> path, String status) {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i).equalsIgnoreCase(status)) {
                return i;
            }
        }
        return -1;
    }

}
