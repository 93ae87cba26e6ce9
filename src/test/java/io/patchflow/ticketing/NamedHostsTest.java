package io.patchflow.ticketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class NamedHostsTest {

    private static final List<String> HOSTS = List.of("acme-web-01", "acme-web-010", "acme-db-01", "acme-app-01");

    @Test
    void aHostNamedAsAWordIsFoundWhateverItsCaseAndPunctuation() {
        assertThat(NamedHosts.in("ACME-WEB-01 is down since the update; acme-db-01.", HOSTS))
            .containsExactly("acme-web-01", "acme-db-01");
    }

    @Test
    void aNameThatIsOnlyPartOfALongerOneIsNotCounted() {
        assertThat(NamedHosts.in("acme-web-010 and acme-app-01.example.net and xacme-db-01", HOSTS))
            .containsExactly("acme-web-010");
    }

    @Test
    void noTextNamesNothing() {
        assertThat(NamedHosts.in(null, HOSTS)).isEmpty();
        assertThat(NamedHosts.in("printer jam", HOSTS)).isEmpty();
    }

    @Test
    void theAgeOfAStatusIsSaidCoarsely() {
        assertThat(Ticket.ago(Duration.ofSeconds(20))).isEqualTo("just now");
        assertThat(Ticket.ago(Duration.ofMinutes(3))).isEqualTo("3 min ago");
        assertThat(Ticket.ago(Duration.ofHours(5))).isEqualTo("5 h ago");
        assertThat(Ticket.ago(Duration.ofDays(3))).isEqualTo("3 days ago");
    }

}
