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

    TicketingSystems(List<TicketingSystem> systems) {
        this.bySystem = systems.stream().collect(Collectors.toMap(TicketingSystem::system, Function.identity()));
    }

    /** The system a customer links new tickets in: the built-in register for now. */
    TicketingSystem forCustomer(String customerId) {
        return named(BuiltInTicketingAdapter.SYSTEM);
    }

    TicketingSystem named(String system) {
        TicketingSystem found = bySystem.get(system);
        if (found == null) {
            throw new TicketingException("no ticketing adapter named " + system + " runs on this server");
        }
        return found;
    }

}
