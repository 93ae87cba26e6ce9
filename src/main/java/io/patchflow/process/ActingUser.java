package io.patchflow.process;

import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

import io.patchflow.security.Actor;

/**
 * Every engine call made for a person runs with that person as the engine's authenticated
 * user, so the engine's history and tenant checks know who it was.
 */
@Component
class ActingUser {

    private final IdentityService identity;

    ActingUser(IdentityService identity) {
        this.identity = identity;
    }

    <T> T call(Actor actor, Supplier<T> work) {
        identity.setAuthentication(actor.username(), actor.groupIds(), actor.sortedCustomerIds());
        try {
            return work.get();
        }
        finally {
            identity.clearAuthentication();
        }
    }

    void run(Actor actor, Runnable work) {
        call(actor, () -> {
            work.run();
            return null;
        });
    }

}
