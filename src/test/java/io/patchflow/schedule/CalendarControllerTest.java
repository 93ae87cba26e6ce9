package io.patchflow.schedule;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.change.ChangeId;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.MaintenanceWindows;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;

@WebMvcTest(CalendarController.class)
class CalendarControllerTest extends SecuredSliceTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme", "globex"));

    @MockitoBean
    CalendarService calendars;

    @MockitoBean
    Blackouts blackouts;

    @MockitoBean
    MaintenanceWindows windows;

    @MockitoBean
    Customers customers;

    @MockitoBean
    CalendarFeeds feeds;

    @Test
    void theCalendarHasTheSharedCustomerFilterLabelledFormsAndAnnouncesAnError() throws Exception {
        signedIn(DAVE);
        given(customers.findAll(DAVE.customerIds()))
            .willReturn(List.of(new Customer("acme", "Acme"), new Customer("globex", "Globex")));
        given(calendars.calendar(eq(DAVE), eq("globex"), any(), any()))
            .willReturn(new Calendar("globex", Instant.EPOCH, Instant.EPOCH, List.of(), List.of(), List.of()));
        given(windows.ofCustomer(DAVE, "globex")).willReturn(List.of());

        mvc.perform(get("/calendar").param("customer", "globex")
            .flashAttr("error", "No window defined: timeZone: unknown")
            .with(as(DAVE)))
            .andExpect(status().isOk())
            .andExpect(view().name(CalendarController.CALENDAR))
            .andExpect(content()
                .string(Matchers.containsString("<option value=\"globex\" selected=\"selected\">Globex</option>")))
            .andExpect(content()
                .string(Matchers.containsString("<a href=\"/calendar\" aria-current=\"page\">Calendar</a>")))
            .andExpect(content()
                .string(Matchers.containsString("<label>Time zone <input type=\"text\" name=\"timeZone\"")))
            .andExpect(content().string(Matchers
                .containsString("role=\"alert\" id=\"page-error\">No window defined: timeZone: unknown</p>")));
    }

    @Test
    void theMonthViewShowsTheScheduledChangeOnItsDayAndSaysItsConflictInWords() throws Exception {
        signedIn(DAVE);
        given(customers.findAll(DAVE.customerIds())).willReturn(List.of(new Customer("acme", "Acme")));
        Instant slot = Instant.parse("2027-03-10T22:00:00Z");
        ChangeConflict conflict = new ChangeConflict(ChangeId.parse("CHG-9"), 1, "POSTPONED", "shares acme-web-01",
                null);
        given(calendars.calendar(eq(DAVE), eq("acme"), eq(Instant.parse("2027-03-01T00:00:00Z")), any())).willReturn(
                new Calendar("acme", slot, slot, List.of(), List.of(), List.of(new Calendar.ScheduledChange("CHG-12",
                        "OpenSSL <urgent>", "SCHEDULED", "NORMAL", slot, slot.plusSeconds(7200), List.of(conflict)))));
        given(windows.ofCustomer(DAVE, "acme")).willReturn(List.of());

        String page = mvc
            .perform(get("/calendar").param("customer", "acme")
                .param("from", "2027-03-17")
                .param("view", "month")
                .with(as(DAVE)))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

        org.assertj.core.api.Assertions.assertThat(page)
            .contains("<caption>March 2027</caption>")
            .contains("id=\"calendar-grid\"")
            .contains("<strong class=\"badge overdue\">conflict</strong>")
            .contains("<li class=\"entry change conflict\">")
            .contains("CHG-12 OpenSSL &lt;urgent&gt;")
            .doesNotContain("id=\"calendar\"");
        // March 2027 starts on a Monday and ends on a Wednesday: five weeks
        String grid = page.substring(page.indexOf("id=\"calendar-grid\""),
                page.indexOf("</table>", page.indexOf("id=\"calendar-grid\"")));
        org.assertj.core.api.Assertions.assertThat(grid.split("<tr>").length - 2).isEqualTo(5);
    }

    @Test
    void signedOutVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/calendar")).andExpect(status().isFound()).andExpect(redirectedUrl("http://localhost/login"));

        verifyNoInteractions(calendars, customers);
    }

}
