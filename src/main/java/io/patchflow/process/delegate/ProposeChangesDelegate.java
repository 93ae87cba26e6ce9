package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.PatchProposals;
import io.patchflow.proposal.ProposalService;

/**
 * One proposal run: new applicable patches become proposals; tells the gateway whether
 * any starts by itself.
 */
@Component("proposeChangesDelegate")
class ProposeChangesDelegate implements JavaDelegate {

    private final ProposalService proposals;

    ProposeChangesDelegate(ProposalService proposals) {
        this.proposals = proposals;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ProposalService.RunResult result = proposals.propose();
        execution.setVariable(PatchProposals.VAR_PROPOSED, result.proposed());
        execution.setVariable(PatchProposals.VAR_STANDARD_PROPOSALS, result.toStart());
    }

}
