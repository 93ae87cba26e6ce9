package io.patchflow.security;

import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Resolves the signed-in person into an {@link Actor} from the database on every request,
 * so a customer or role taken away applies at once, not at the next login.
 */
@Component
public class CurrentActor {

    private final UserDirectory users;

    public CurrentActor(UserDirectory users) {
        this.users = users;
    }

    public Optional<Actor> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return users.find(authentication.getName()).filter(AppUser::enabled).map(AppUser::actor);
    }

}
