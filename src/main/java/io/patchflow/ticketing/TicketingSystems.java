package io.patchflow.ticketing;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The ticketing adapters by name. A ticket is always served by the system it was found in
 * (its {@code system} column), whatever its customer uses today.
 */
@Component
class TicketingSystems {

    private final Map<String, TicketingSystem> bySystem;

    private final TicketingConnections connections;

    TicketingSystems(List<TicketingSystem> systems, TicketingConnections connections) {
        this.bySystem = systems.stream().collect(Collectors.toMap(TicketingSystem::system, Function.identity()));
        this.connections = connections;
    }

    /**
     * The system a customer links new tickets in: the one its admin made active, else the
     * built-in register.
     */
    TicketingSystem forCustomer(String customerId) {
        return named(connections.activeSystem(customerId));
    }

    /** The names of the external systems this server has adapters for, sorted. */
    List<String> externalNames() {
        return bySystem.values()
            .stream()
            .filter(TicketingSystem::external)
            .map(TicketingSystem::system)
            .sorted()
            .toList();
    }

    TicketingSystem named(String system) {
        TicketingSystem found = bySystem.get(system);
        if (found == null) {
            throw new TicketingException("no ticketing adapter named " + system + " runs on this server");
        }
        return found;
    }

}
