package io.patchflow.process;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.PatchProposals;
import io.patchflow.proposal.ProposalProcess;

@Component
class ProposalProcessAdapter implements ProposalProcess {

    private final RuntimeService runtime;

    ProposalProcessAdapter(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @Override
    public String runNow() {
        // The timer start event is the process's only start event; starting by key runs
        // the same path.
        return runtime.startProcessInstanceByKey(PatchProposals.PROCESS_KEY).getId();
    }

}
