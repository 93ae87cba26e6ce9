package io.patchflow.ticketing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeId;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.ChangeStatus;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * Who may link a ticket to which change: the checks come before anything reaches a
 * ticketing system.
 */
class TicketServiceTest {

    private static final ChangeId ID = new ChangeId(5);

    private final TicketRepository tickets = mock(TicketRepository.class);

    private final ChangeService changes = mock(ChangeService.class);

    private final TicketingSystems systems = mock(TicketingSystems.class);

    private final TicketNotes notes = mock(TicketNotes.class);

    private final TicketService service = new TicketService(tickets, systems, notes, mock(AuditTrail.class), changes,
            mock(io.patchflow.inventory.Inventory.class));

    @Test
    void anotherCustomersChangeIsNotFoundAndNoTicketIsTouched() {
        Actor gina = Actor.of("gina", Set.of(Role.SERVICE_DESK), Set.of("globex"));
        given(changes.get(gina, ID)).willThrow(new NotFoundException("no change CHG-5"));

        assertThatThrownBy(() -> service.link(gina, ID, "PSA-77")).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(systems, notes, tickets);
    }

    @Test
    void aRoleThatDoesNotLinkTicketsIsForbidden() {
        Actor grace = Actor.of("grace", Set.of(Role.AUDITOR), Set.of("acme"));
        given(changes.get(grace, ID)).willReturn(change());

        assertThatThrownBy(() -> service.link(grace, ID, "PSA-77")).isInstanceOf(ForbiddenException.class);
        verifyNoInteractions(systems, notes, tickets);
    }

    @Test
    void aReferenceOfTheWrongFormIsRefusedBeforeTheTicketingSystemIsAsked() {
        Actor erin = Actor.of("erin", Set.of(Role.SERVICE_DESK), Set.of("acme"));
        given(changes.get(erin, ID)).willReturn(change());

        assertThatThrownBy(() -> service.link(erin, ID, "../../etc")).isInstanceOf(InvalidInputException.class);
        verifyNoInteractions(systems, notes);
        verify(tickets, never()).link(anyLong(), anyLong(), any());
    }

    @Test
    void aReferenceWrittenWithAHashIsTheTicketItNumbers() {
        Actor erin = Actor.of("erin", Set.of(Role.SERVICE_DESK), Set.of("acme"));
        given(changes.get(erin, ID)).willReturn(change());
        TicketingSystem redmine = mock(TicketingSystem.class);
        given(redmine.system()).willReturn("redmine");
        given(systems.forCustomer("acme")).willReturn(redmine);
        given(redmine.find("acme", "42")).willReturn(new TicketDetails("42", "Printer", "New", ""));
        given(tickets.find("acme", "redmine", "42")).willReturn(java.util.Optional.of(9L));

        service.link(erin, ID, "#42");

        verify(redmine).find("acme", "42");
        verify(tickets).link(5L, 9L, "erin");
        assertThatThrownBy(() -> service.link(erin, ID, "##42")).isInstanceOf(InvalidInputException.class);
    }

    private static ChangeRequest change() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new ChangeRequest(ID, "acme", "Patch git", null, "alice", false, null, null, null,
                ChangeStatus.SUBMITTED, null, null, null, null, null, "pi-5", now, now, null);
    }

}
