package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.PatchProposals;
import io.patchflow.proposal.ProposalService;

/** Submits the proposals that fit a standard change template. */
@Component("startStandardChangesDelegate")
class StartStandardChangesDelegate implements JavaDelegate {

    private final ProposalService proposals;

    StartStandardChangesDelegate(ProposalService proposals) {
        this.proposals = proposals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(PatchProposals.VAR_STANDARD_CHANGES_STARTED, proposals.startStandard());
    }

}
