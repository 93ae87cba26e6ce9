package io.patchflow.change;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;

import io.patchflow.customer.Customers;
import io.patchflow.inventory.Inventory;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.shared.ConflictException;

/**
 * A cancellation that meets the process at work (the job executor has just taken the
 * change's next step) is tried again in a new transaction; only a process that stays busy
 * makes it a 409.
 */
class ChangeCancellationTest {

    private static final Actor ALICE = Actor.of("alice", Set.of(Role.REQUESTER), Set.of("acme"));

    private static final ChangeId ID = new ChangeId(7);

    private final ChangeRepository changes = mock(ChangeRepository.class);

    private final ChangeProcess process = mock(ChangeProcess.class);

    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);

    private final ChangeService service = new ChangeService(changes, mock(Customers.class), mock(Inventory.class),
            mock(PatchCatalog.class), process, mock(ApplicationEventPublisher.class), transactions);

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
    }

    @Test
    void aProcessThatStaysBusyIsAConflictToTryAgainLater() {
        willThrow(new OptimisticLockingFailureException("busy")).given(process).cancel(eq(change), eq(ALICE), any());

        assertThatThrownBy(() -> service.cancel(ALICE, ID, "superseded")).isInstanceOf(ConflictException.class)
            .hasMessageContaining("CHG-7")
            .hasMessageContaining("try again");
        verify(process, times(4)).cancel(change, ALICE, "superseded");
        verify(transactions, times(4)).rollback(any());
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
