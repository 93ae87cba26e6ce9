package io.patchflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * What people may choose and what a customer's settings may hold; checked before storing.
 */
class NotificationSettingsRulesTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private final PreferenceRepository preferenceRows = mock(PreferenceRepository.class);

    private final NotificationPreferences preferences = new NotificationPreferences(preferenceRows,
            mock(OutboxRepository.class));

    private final CustomerSettingsRepository settingsRows = mock(CustomerSettingsRepository.class);

    private final Customers customers = mock(Customers.class);

    private final CustomerNotifications customerSettings = new CustomerNotifications(settingsRows, customers,
            new NotificationSettings("p@localhost", false, Duration.ofSeconds(10), Duration.ofMinutes(1), 50,
                    Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5), 7, ZoneId.of("UTC"), false,
                    false, Duration.ofDays(90)));

    @Test
    void everyPersonalKindIsImmediateUntilThePersonChoosesAndTheCustomerNoticeIsNotTheirs() {
        given(preferenceRows.of("alice")).willReturn(Map.of(NotificationEvent.SLA_BREACHED, Delivery.OFF));

        Map<NotificationEvent, Delivery> choices = preferences.of(ALICE);

        assertThat(choices).hasSize(6)
            .containsEntry(NotificationEvent.TASK_ASSIGNED, Delivery.IMMEDIATE)
            .containsEntry(NotificationEvent.SLA_BREACHED, Delivery.OFF)
            .doesNotContainKey(NotificationEvent.WINDOW_NOTICE);
    }

    @Test
    void anUnknownKindOrDeliveryIsRefusedByNameAndNothingIsStored() {
        given(preferenceRows.of("alice")).willReturn(Map.of());

        assertThatThrownBy(() -> preferences.update(ALICE, Map.of("LUNCH", "OFF")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("'LUNCH' is not a kind of notification");
        assertThatThrownBy(() -> preferences.update(ALICE, Map.of("TASK_ASSIGNED", "HOURLY")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("IMMEDIATE, DIGEST or OFF");
        assertThatThrownBy(() -> preferences.update(ALICE, Map.of("WINDOW_NOTICE", "OFF")))
            .isInstanceOf(InvalidInputException.class);
        verify(preferenceRows, never()).replace(anyString(), any());
    }

    @Test
    void aChoiceKeepsTheOthers() {
        given(preferenceRows.of("alice")).willReturn(Map.of(NotificationEvent.SLA_BREACHED, Delivery.OFF));

        Map<NotificationEvent, Delivery> saved = preferences.update(ALICE, Map.of("task_assigned", "digest"));

        assertThat(saved).containsEntry(NotificationEvent.TASK_ASSIGNED, Delivery.DIGEST)
            .containsEntry(NotificationEvent.SLA_BREACHED, Delivery.OFF);
        verify(preferenceRows).replace("alice", saved);
    }

    @Test
    void anotherCustomersSettingsAreNotFoundAndARequesterMayNotSeeThem() {
        given(customers.find("acme")).willReturn(Optional.of(new Customer("acme", "ACME")));

        assertThatThrownBy(() -> customerSettings.get(DAVE, "globex")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> customerSettings.get(ALICE, "acme")).isInstanceOf(ForbiddenException.class);
        assertThat(customerSettings.get(DAVE, "acme").advanceNoticeHours()).isEqualTo(24);
    }

    @Test
    void theWebhookMustBeHttpsAndContactsMailAddresses() {
        given(customers.find("acme")).willReturn(Optional.of(new Customer("acme", "ACME")));

        assertThatThrownBy(() -> customerSettings.save(DAVE, "acme", List.of(), 24, "http://chat.example.com/hook"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("https");
        assertThatThrownBy(() -> customerSettings.save(DAVE, "acme", List.of(), 24, "file:///etc/passwd"))
            .isInstanceOf(InvalidInputException.class);
        for (String internal : List.of("https://localhost:8080/api/x", "https://127.0.0.1/x", "https://10.1.2.3/x",
                "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://192.168.0.10/hook",
                "https://gitlab.internal/hook")) {
            assertThatThrownBy(() -> customerSettings.save(DAVE, "acme", List.of(), 24, internal)).as(internal)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("this host or a");
        }
        assertThatThrownBy(() -> customerSettings.save(DAVE, "acme", List.of("ops@example.com, x@y.z"), 24, null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("not a mail address");
        assertThatThrownBy(() -> customerSettings.save(DAVE, "acme", List.of("Ops <ops@example.com>"), 24, null))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> customerSettings.save(DAVE, "acme", List.of(), 0, null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("1 to 336 hours");
        verify(settingsRows, never()).save(any(), any(), any());

        CustomerNotificationSettings saved = customerSettings.save(DAVE, "acme",
                List.of(" ops@example.com", "", "ops@example.com", "cto@example.com"), 48,
                "https://hooks.slack.com/services/T/B/x");
        assertThat(saved.contacts()).containsExactly("ops@example.com", "cto@example.com");
        assertThat(saved.webhookUrl()).isEqualTo("https://hooks.slack.com/services/T/B/x");
    }

}
