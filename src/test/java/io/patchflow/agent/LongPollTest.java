package io.patchflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * A parked poll answered after its client stopped waiting: the job leased for it must go
 * back to the queue at once, not wait for its lease to run out (the benchmark's fan-out
 * found 1,330 of 5,000 installs waiting two minutes for that).
 */
class LongPollTest {

    private final AgentJobService jobs = mock(AgentJobService.class);

    private final LongPoll longPoll = new LongPoll(mock(AgentJobRepository.class), jobs);

    private final AgentPrincipal agent = new AgentPrincipal("agent-1", "acme", 7L, "acme-web-01", false);

    private final AgentJobService.Lease nothing = new AgentJobService.Lease(List.of(), List.of());

    private final AgentJobService.Lease oneJob = new AgentJobService.Lease(List.of(new LeasedJob("job-1", "INSTALL",
            "CHG-1", 1, OffsetDateTime.now().plusMinutes(2), "{}", "token", null, OffsetDateTime.now().plusHours(1))),
            List.of());

    @AfterEach
    void stop() {
        longPoll.stop();
    }

    @Test
    void aReadyPollGetsItsJobs() {
        given(jobs.lease(agent, 10)).willReturn(nothing, oneJob);
        DeferredResult<AgentJobService.Lease> poll = longPoll.lease(agent, 10, Duration.ofSeconds(30));
        assertThat(longPoll.waitingCount()).isEqualTo(1);

        longPoll.answer("agent-1", Instant.now());

        assertThat(poll.getResult()).isEqualTo(oneJob);
        assertThat(longPoll.waitingCount()).isZero();
        verify(jobs, never()).release(agent, oneJob.jobs());
    }

    @Test
    void aLeaseForAPollThatIsNoLongerWaitingGoesBackToTheQueue() {
        given(jobs.lease(agent, 10)).willReturn(nothing, oneJob);
        DeferredResult<AgentJobService.Lease> poll = longPoll.lease(agent, 10, Duration.ofSeconds(30));
        poll.setResult(nothing); // its time ran out (or the agent went away) while
                                 // answers were backed up

        longPoll.answer("agent-1", Instant.now());

        verify(jobs).release(agent, oneJob.jobs());
        assertThat(poll.getResult()).isEqualTo(nothing);
    }

    @Test
    void aPollAnsweredOnceIsNotLeasedForAgain() {
        given(jobs.lease(agent, 10)).willReturn(nothing, oneJob);
        longPoll.lease(agent, 10, Duration.ofSeconds(30));
        longPoll.answer("agent-1", Instant.now());

        longPoll.answer("agent-1", Instant.now());

        verify(jobs, org.mockito.Mockito.times(2)).lease(agent, 10); // the park, then one
                                                                     // answer
    }

    @Test
    void aClosingNodeAnswersItsParkedPollsAtOnceAndParksNoMore() {
        given(jobs.lease(agent, 10)).willReturn(nothing);
        DeferredResult<AgentJobService.Lease> parked = longPoll.lease(agent, 10, Duration.ofSeconds(30));
        assertThat(longPoll.waitingCount()).isEqualTo(1);

        longPoll.closing();

        assertThat(parked.getResult()).isEqualTo(nothing);
        assertThat(longPoll.waitingCount()).isZero();
        DeferredResult<AgentJobService.Lease> later = longPoll.lease(agent, 10, Duration.ofSeconds(30));
        assertThat(later.getResult()).isEqualTo(nothing);
        assertThat(longPoll.waitingCount()).isZero();
    }

    @Test
    void aPollBeingAnsweredWhenTheNodeBeginsToCloseIsAnsweredToo() {
        given(jobs.lease(agent, 10)).willReturn(nothing).willAnswer(call -> {
            longPoll.closing(); // the node closes while this poll's lease is being looked
                                // up
            return nothing;
        });
        DeferredResult<AgentJobService.Lease> parked = longPoll.lease(agent, 10, Duration.ofSeconds(30));

        longPoll.answer("agent-1", Instant.now());

        assertThat(parked.getResult()).isEqualTo(nothing);
        assertThat(longPoll.waitingCount()).isZero();
    }

}
