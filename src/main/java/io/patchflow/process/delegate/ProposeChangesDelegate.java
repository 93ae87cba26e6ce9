package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.proposal.ProposalService;

/**
 * One proposal run: new applicable patches become proposals; tells the gateway whether
 * any starts by itself.
 */
@ModelDelegate(
        summary = "One proposal run: for every customer with proposals switched on, new applicable patches "
                + "become proposals (each customer in a transaction of its own); then counts the open "
                + "proposals that fit a standard change template.",
        writes = { @Var(name = PatchProposals.VAR_PROPOSED, means = "Integer: how many proposals the run created."),
                @Var(name = PatchProposals.VAR_STANDARD_PROPOSALS,
                        means = "Integer: how many open proposals fit a standard change template; "
                                + "startStandardChangesDelegate submits them.") },
        actsOnChange = false)
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
