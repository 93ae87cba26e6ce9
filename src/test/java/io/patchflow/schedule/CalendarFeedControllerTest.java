package io.patchflow.schedule;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.SecuredSliceTest;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.NotFoundException;

@WebMvcTest({ CalendarFeedController.class, CalendarFeedApiController.class })
class CalendarFeedControllerTest extends SecuredSliceTest {

    private static final Actor DAVE = Actor.of("dave", Set.of(Role.CHANGE_MANAGER), Set.of("acme"));

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final String TOKEN = "a".repeat(43);

    @MockitoBean
    CalendarFeeds feeds;

    @MockitoBean
    CalendarImport imports;

    @Test
    void aCalendarApplicationReadsTheFeedWithoutSigningIn() throws Exception {
        given(feeds.read(eq(TOKEN), any())).willReturn(Optional.of("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"));

        mvc.perform(get("/calendar/feed/" + TOKEN + ".ics"))
            .andExpect(status().isOk())
            .andExpect(content().contentType("text/calendar;charset=UTF-8"))
            .andExpect(header().string("Cache-Control", "no-store, private"))
            .andExpect(content().string("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"));
    }

    @Test
    void anAddressThatOpensNoFeedIsA404ThatSaysNothingMore() throws Exception {
        given(feeds.read(anyString(), any())).willReturn(Optional.empty());

        mvc.perform(get("/calendar/feed/" + TOKEN + ".ics"))
            .andExpect(status().isNotFound())
            .andExpect(content().string("no such calendar feed\n"));
    }

    @Test
    void aNewAddressIsShownOnceAndNeedsTheFormsToken() throws Exception {
        signedIn(DAVE);
        given(feeds.issue(DAVE)).willReturn(TOKEN);

        mvc.perform(post("/calendar/feed").with(as(DAVE))).andExpect(status().isForbidden());
        verifyNoInteractions(feeds);

        mvc.perform(post("/calendar/feed").with(as(DAVE)).with(csrf()))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/calendar"))
            .andExpect(flash().attribute("feedUrl", "http://localhost/calendar/feed/" + TOKEN + ".ics"));
    }

    @Test
    void revokingOverTheApiWithoutAFeedIsA404() throws Exception {
        signedIn(DAVE);
        given(feeds.revoke(DAVE)).willReturn(false);

        mvc.perform(delete("/api/calendar-feed").with(as(DAVE)))
            .andExpect(status().isNotFound())
            .andExpect(jsonPath("$.detail").value("you have no calendar feed"));
    }

    @Test
    void anImportARoleMayNotMakeIsA403AndAnotherCustomersA404() throws Exception {
        signedIn(ALICE);
        given(imports.importFile(eq(ALICE), eq("acme"), any(), any(), any()))
            .willThrow(new ForbiddenException("only change managers and administrators define maintenance windows"));
        given(imports.importFile(eq(ALICE), eq("globex"), any(), any(), any()))
            .willThrow(new NotFoundException("no customer globex"));

        mvc.perform(post("/api/customers/acme/calendar-import").param("content", "WINDOWS")
            .contentType("text/calendar")
            .content("BEGIN:VCALENDAR")
            .with(as(ALICE))).andExpect(status().isForbidden());
        mvc.perform(post("/api/customers/globex/calendar-import").param("content", "WINDOWS")
            .contentType("text/calendar")
            .content("BEGIN:VCALENDAR")
            .with(as(ALICE))).andExpect(status().isNotFound());
        mvc.perform(post("/api/customers/acme/calendar-import").param("content", "TASKS")
            .contentType("text/calendar")
            .content("BEGIN:VCALENDAR")
            .with(as(ALICE))).andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("content"));
        verify(imports, org.mockito.Mockito.times(2)).importFile(any(), any(), any(), any(), any());
    }

}
