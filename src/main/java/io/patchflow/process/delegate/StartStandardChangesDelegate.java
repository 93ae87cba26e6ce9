package io.patchflow.process.delegate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.patchflow.process.model.ModelDelegate;
import io.patchflow.process.model.ModelDelegate.Var;
import io.patchflow.process.model.PatchProposals;
import io.patchflow.proposal.ProposalService;

/** Submits the proposals that fit a standard change template. */
@ModelDelegate(
        summary = "Submits, as the system, every open proposal that fits a standard change template, each "
                + "in a transaction of its own; a proposal that can no longer be submitted stays open for a"
                + " person, with the reason in the audit trail.",
        writes = { @Var(name = PatchProposals.VAR_STANDARD_CHANGES_STARTED,
                means = "Integer: how many proposals became changes.") },
        actsOnChange = false)
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
