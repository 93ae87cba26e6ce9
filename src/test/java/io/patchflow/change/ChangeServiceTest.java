package io.patchflow.change;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.Asset;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.DowntimeTolerance;
import io.patchflow.inventory.Environment;
import io.patchflow.inventory.Exposure;
import io.patchflow.inventory.Inventory;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.patch.PatchType;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;

/**
 * A cancellation that meets the process at work (the job executor has just taken the
 * change's next step) is tried again in a new transaction; only a process that stays busy
 * makes it a 409.
 */
class ChangeServiceTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final ChangeId ID = new ChangeId(7);

    private final ChangeRepository changes = mock(ChangeRepository.class);

    private final ChangeProcess process = mock(ChangeProcess.class);

    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);

    private final Customers customers = mock(Customers.class);

    private final Inventory inventory = mock(Inventory.class);

    private final PatchCatalog patches = mock(PatchCatalog.class);

    private final ApplicationEventPublisher events = mock(ApplicationEventPublisher.class);

    private final List<Duration> pauses = new ArrayList<>();

    private final ChangeService service = new ChangeService(changes, customers, inventory, patches, process, events,
            transactions, pauses::add);

    private final ChangeRequest change = new ChangeRequest(ID, "acme", "Patch git", null, "alice", false, null, null,
            null, ChangeStatus.SUBMITTED, null, null, null, null, null, "pi-7", OffsetDateTime.now(ZoneOffset.UTC),
            OffsetDateTime.now(ZoneOffset.UTC), null);

    @BeforeEach
    void aFreshSubmittedChange() {
        given(changes.findForUpdate(ID)).willReturn(Optional.of(change));
        given(transactions.getTransaction(any())).willAnswer(call -> mock(TransactionStatus.class));
    }

    @Test
    void aCancellationThatMeetsTheProcessAtWorkIsTriedAgainInANewTransaction() {
        willThrow(new OptimisticLockingFailureException("busy"))
            .willThrow(new OptimisticLockingFailureException("busy"))
            .willDoNothing()
            .given(process)
            .cancel(change, ALICE, "superseded");

        service.cancel(ALICE, ID, "superseded");

        verify(process, times(3)).cancel(change, ALICE, "superseded");
        verify(transactions, times(3)).getTransaction(any());
        verify(transactions, times(2)).rollback(any());
        verify(transactions, times(1)).commit(any());
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void aProcessThatStaysBusyIsAConflictToTryAgainLater() {
        willThrow(new OptimisticLockingFailureException("busy")).given(process).cancel(eq(change), eq(ALICE), any());

        assertThatThrownBy(() -> service.cancel(ALICE, ID, "superseded")).isInstanceOf(ConflictException.class)
            .hasMessageContaining("CHG-7")
            .hasMessageContaining("try again");
        verify(process, times(4)).cancel(change, ALICE, "superseded");
        verify(transactions, times(4)).rollback(any());
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(800));
    }

    @Test
    void insideTheCallersTransactionACancellationIsTriedOnceAndTheConflictIsTheCallers() {
        willThrow(new OptimisticLockingFailureException("busy")).given(process).cancel(eq(change), eq(ALICE), any());
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThatThrownBy(() -> service.cancel(ALICE, ID, "superseded"))
                .isInstanceOf(OptimisticLockingFailureException.class);
        }
        finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
        verify(process, times(1)).cancel(change, ALICE, "superseded");
        verify(transactions, never()).getTransaction(any());
        assertThat(pauses).isEmpty();
    }

    @Test
    void aBadTicketReferenceIsRefusedBeforeAnythingIsWritten() {
        given(customers.find("acme")).willReturn(Optional.of(new Customer("acme", "Acme")));
        given(patches.find(List.of(1L))).willReturn(List.of(new Patch(1, "Debian", "debian:git:2.39", "git 2.39", "git",
                "2.39", PatchType.SECURITY, false, null, List.of())));
        given(inventory.assets(List.of(10L)))
            .willReturn(List.of(new Asset(10, "acme", "acme-app-01", "Debian", "12", Criticality.MEDIUM,
                    Exposure.INTERNAL, 1, null, Environment.PRODUCTION, DowntimeTolerance.LOW, null, null, null)));

        assertThatThrownBy(() -> service.submit(ALICE,
                new SubmitChange("acme", "Patch git", null, List.of(1L), List.of(10L), null, true, "../etc/passwd")))
            .isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("ticketReference"));
        verify(changes, never()).insert(any(), any(), any(), any(), anyBoolean(), any(), any());
        verifyNoInteractions(events, process);
    }

    @Test
    void aRefusalIsNotTriedAgain() {
        willThrow(new ConflictException("cancellation refused: deployment of CHG-7 has started")).given(process)
            .cancel(eq(change), eq(ALICE), any());

        assertThatThrownBy(() -> service.cancel(ALICE, ID, "superseded")).isInstanceOf(ConflictException.class)
            .hasMessageContaining("deployment of CHG-7 has started");
        verify(process, times(1)).cancel(change, ALICE, "superseded");
    }

}
