package io.patchflow.notification;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

@WebMvcTest({ NotificationController.class, NotificationApiController.class })
class NotificationControllerTest extends SecuredSliceTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    @MockitoBean
    NotificationPreferences preferences;

    @MockitoBean
    CustomerNotifications customerSettings;

    @MockitoBean
    Customers customers;

    @Test
    void thePageShowsEachChoiceWithALabelAndTheCustomersSettingsToAChangeManager() throws Exception {
        signedIn(DAVE);
        Map<NotificationEvent, Delivery> choices = new EnumMap<>(NotificationEvent.class);
        choices.put(NotificationEvent.TASK_ASSIGNED, Delivery.DIGEST);
        given(preferences.of(DAVE)).willReturn(choices);
        given(preferences.recent(DAVE)).willReturn(List.of());
        given(customers.findAll(DAVE.customerIds())).willReturn(List.of(new Customer("acme", "ACME")));
        given(customerSettings.get(DAVE, "acme")).willReturn(
                new CustomerNotificationSettings("acme", List.of("ops@acme.test"), 24, "https://chat.acme.test/hook"));

        mvc.perform(get("/settings/notifications").with(as(DAVE)))
            .andExpect(status().isOk())
            .andExpect(content().string(Matchers.containsString("<label for=\"pref-TASK_ASSIGNED\"")))
            .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")))
            .andExpect(content().string(Matchers.containsString("ops@acme.test")))
            .andExpect(content().string(Matchers.containsString("href=\"/settings/notifications\"")));
    }

    @Test
    void savingChoicesNeedsTheFormsToken() throws Exception {
        signedIn(ALICE);

        mvc.perform(post("/settings/notifications").param("TASK_ASSIGNED", "OFF").with(as(ALICE)))
            .andExpect(status().isForbidden());
        verifyNoInteractions(preferences);

        mvc.perform(post("/settings/notifications").param("TASK_ASSIGNED", "OFF").with(as(ALICE)).with(csrf()))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/settings/notifications"))
            .andExpect(flash().attribute("notice", "Your notification settings are saved."));
        verify(preferences).update(ALICE, Map.of("TASK_ASSIGNED", "OFF"));
    }

    @Test
    void aWrongChoiceOverTheApiIsA400NamingIt() throws Exception {
        signedIn(ALICE);
        given(preferences.update(eq(ALICE), any()))
            .willThrow(new InvalidInputException("LUNCH", "'LUNCH' is not a kind of notification"));

        mvc.perform(put("/api/notification-preferences").contentType("application/json")
            .content("{\"LUNCH\":\"OFF\"}")
            .with(as(ALICE))).andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("LUNCH"));
    }

    @Test
    void aRequesterMayNotReadACustomersSettingsAndAnotherCustomersAreNotFound() throws Exception {
        signedIn(ALICE);
        given(customerSettings.get(ALICE, "acme")).willThrow(
                new ForbiddenException("only change managers and administrators manage a customer's notifications"));
        given(customerSettings.get(ALICE, "globex")).willThrow(new NotFoundException("no customer globex"));

        mvc.perform(get("/api/customers/acme/notification-settings").with(as(ALICE))).andExpect(status().isForbidden());
        mvc.perform(get("/api/customers/globex/notification-settings").with(as(ALICE)))
            .andExpect(status().isNotFound());
    }

    @Test
    void aChangeManagerReplacesTheSettingsOverTheApi() throws Exception {
        signedIn(DAVE);
        given(customerSettings.save(DAVE, "acme", List.of("ops@acme.test"), 12, "https://chat.acme.test/hook"))
            .willReturn(new CustomerNotificationSettings("acme", List.of("ops@acme.test"), 12,
                    "https://chat.acme.test/hook"));

        mvc.perform(put("/api/customers/acme/notification-settings").contentType("application/json")
            .content("{\"contacts\":[\"ops@acme.test\"],\"advanceNoticeHours\":12,"
                    + "\"webhookUrl\":\"https://chat.acme.test/hook\"}")
            .with(as(DAVE))).andExpect(status().isOk()).andExpect(jsonPath("$.advanceNoticeHours").value(12));
    }

    @Test
    void anotherCustomersSettingsFromThePageAreRefusedWithAMessage() throws Exception {
        signedIn(DAVE);
        given(customerSettings.save(eq(DAVE), eq("globex"), any(), any(), any()))
            .willThrow(new NotFoundException("no customer globex"));

        mvc.perform(post("/settings/notifications/customers/globex").param("contacts", "a@b.test")
            .param("advanceNoticeHours", "24")
            .with(as(DAVE))
            .with(csrf()))
            .andExpect(status().isFound())
            .andExpect(flash().attribute("error", "Nothing saved: no customer globex"));
    }

}
