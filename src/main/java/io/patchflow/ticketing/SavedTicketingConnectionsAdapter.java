package io.patchflow.ticketing;

import java.util.Optional;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** The connections admins saved, secrets opened in memory when an adapter asks. */
@Component
class SavedTicketingConnectionsAdapter implements TicketingConnections {

    private final TicketingAdministration administration;

    // lazy: the administration knows the adapters, which know this
    SavedTicketingConnectionsAdapter(@Lazy TicketingAdministration administration) {
        this.administration = administration;
    }

    @Override
    public Optional<TicketingConnection> find(String customerId, String system) {
        return administration.open(customerId, system);
    }

    @Override
    public String activeSystem(String customerId) {
        return administration.activeSystem(customerId);
    }

}
