package io.patchflow.proposal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeService;
import io.patchflow.change.SubmitChange;
import io.patchflow.customer.Customer;
import io.patchflow.customer.Customers;
import io.patchflow.inventory.InventoryFacts;
import io.patchflow.patch.Patch;
import io.patchflow.patch.PatchCatalog;
import io.patchflow.policy.CustomerPolicy;
import io.patchflow.policy.Policies;
import io.patchflow.risk.RiskAssessment;
import io.patchflow.risk.RiskAssessmentService;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;
import io.patchflow.shared.Page;

/**
 * Finds new applicable patches and proposes changes for them, grouped per customer, ring
 * and maintenance window, each with its estimated risk and SLA deadline. A proposal that
 * fits one of the customer's standard change templates is submitted at once; the others
 * wait for a requester. A patch that a change installed, is installing, or that a
 * proposal holds on an asset is not proposed again for it ({@link RepeatPolicy}, ADR
 * 0030).
 */
@Service
public class ProposalService {

    /**
     * Who accepts and dismisses proposals; the proposals page offers its buttons by the
     * same rule.
     */
    public static final RoleRule DECIDE = RoleRule.anyOf("only requesters and change managers decide on proposals",
            Role.REQUESTER, Role.CHANGE_MANAGER);

    private static final Logger log = LoggerFactory.getLogger(ProposalService.class);

    private final ProposalRepository proposals;

    private final Customers customers;

    private final Policies policies;

    private final PatchCatalog patches;

    private final RiskAssessmentService risk;

    private final ChangeService changeService;

    private final AuditTrail audit;

    private final InventoryFacts inventory;

    private final TransactionTemplate transactions;

    ProposalService(ProposalRepository proposals, Customers customers, Policies policies, PatchCatalog patches,
            RiskAssessmentService risk, ChangeService changeService, AuditTrail audit, InventoryFacts inventory,
            TransactionTemplate transactions) {
        this.proposals = proposals;
        this.customers = customers;
        this.policies = policies;
        this.patches = patches;
        this.risk = risk;
        this.changeService = changeService;
        this.audit = audit;
        this.inventory = inventory;
        this.transactions = transactions;
    }

    public record RunResult(int proposed, int toStart) {
    }

    /**
     * One proposal run over every customer whose policy has proposals switched on. Each
     * customer is its own transaction, so one customer's bad data does not hold back the
     * others.
     */
    public RunResult propose() {
        List<Customer> all = customers.all();
        Map<String, CustomerPolicy> byCustomer = policies.policies(all.stream().map(Customer::id).toList());
        int proposed = 0;
        for (Customer customer : all) {
            if (byCustomer.get(customer.id()).proposalsEnabled()) {
                proposed += Objects.requireNonNull(transactions.execute(status -> proposeFor(customer.id())));
            }
        }
        int toStart = proposals.openStandard().size();
        log.info("proposal run: {} new proposal(s), {} standard one(s) to start", proposed, toStart);
        return new RunResult(proposed, toStart);
    }

    private int proposeFor(String customerId) {
        proposals.lockCustomer(customerId);
        int retired = proposals.retireObsolete(customerId, "no longer pending on any of its assets");
        if (retired > 0) {
            audit.record(customerId, null, Actor.SYSTEM_NAME, "PROPOSALS_OBSOLETE",
                    retired + " open proposal(s) closed: their updates are no longer pending on any of their assets");
        }
        // What may be proposed for each asset: new updates, and updates proposed again
        // for a person after a change that held them there did not install them.
        record Offer(long assetId, int ring, Long windowId, boolean again) {
        }
        Map<Offer, List<ProposalRepository.PendingUpdate>> offers = new LinkedHashMap<>();
        List<InventoryFacts.StillPending> stillPending = new ArrayList<>();
        for (ProposalRepository.PendingUpdate u : proposals.pending(customerId)) {
            RepeatPolicy.Verdict verdict = RepeatPolicy.verdict(u.history());
            if (verdict.proposed) {
                offers
                    .computeIfAbsent(
                            new Offer(u.assetId(), u.ring(), u.windowId(), verdict == RepeatPolicy.Verdict.AGAIN),
                            k -> new ArrayList<>())
                    .add(u);
            }
            else if (verdict == RepeatPolicy.Verdict.STILL_PENDING) {
                stillPending.add(new InventoryFacts.StillPending(u.assetId(), u.patchId(), u.lastChangeId()));
            }
        }
        inventory.markStillPending(customerId, stillPending);
        // A change installs each of its patches on each of its assets, so one proposal
        // holds the assets of a ring and window that have the same patches to propose:
        // then it holds no patch for an asset that the rule above keeps from it.
        record Key(int ring, Long windowId, boolean again, List<Long> patchIds) {
        }
        final class Group {

            final Set<Long> assets = new LinkedHashSet<>();

            final Map<Long, Set<String>> earlier = new TreeMap<>();

            Instant detectedAt;

        }
        Map<Key, Group> groups = new LinkedHashMap<>();
        offers.forEach((offer, updates) -> {
            Group group = groups.computeIfAbsent(
                    new Key(offer.ring(), offer.windowId(), offer.again(),
                            updates.stream().map(ProposalRepository.PendingUpdate::patchId).sorted().toList()),
                    k -> new Group());
            group.assets.add(offer.assetId());
            for (ProposalRepository.PendingUpdate u : updates) {
                if (group.detectedAt == null || u.firstSeen().isBefore(group.detectedAt)) {
                    group.detectedAt = u.firstSeen();
                }
                if (offer.again()) {
                    group.earlier.computeIfAbsent(u.lastChangeId(), c -> new java.util.TreeSet<>())
                        .add(u.history().lastState().name());
                }
            }
        });
        int created = 0;
        for (Map.Entry<Key, Group> entry : groups.entrySet()) {
            Key key = entry.getKey();
            Group group = entry.getValue();
            List<Long> patchIds = key.patchIds();
            List<Long> assetIds = new ArrayList<>(group.assets);
            String again = key.again() ? again(group.earlier) : "";
            // A change holds at most MAX_PATCHES patches and MAX_ASSETS assets: larger
            // groups become several proposals.
            for (int p = 0; p < patchIds.size(); p += ChangeService.MAX_PATCHES) {
                List<Long> patchSlice = patchIds.subList(p, Math.min(patchIds.size(), p + ChangeService.MAX_PATCHES));
                for (int a = 0; a < assetIds.size(); a += ChangeService.MAX_ASSETS) {
                    List<Long> assetSlice = assetIds.subList(a,
                            Math.min(assetIds.size(), a + ChangeService.MAX_ASSETS));
                    long id = proposals.insert(customerId, key.ring(), key.windowId(),
                            title(patches.find(patchSlice), key.ring(), assetSlice.size()), group.detectedAt,
                            key.again(), assetSlice, patchSlice);
                    RiskAssessment estimate = risk.estimateProposal(id, customerId, group.detectedAt);
                    proposals.classify(id, estimate, again + explanation(estimate));
                    audit.record(customerId, null, Actor.SYSTEM_NAME, "CHANGE_PROPOSED",
                            "proposal " + id + ": " + patchSlice.size() + " patch(es) on " + assetSlice.size()
                                    + " asset(s), " + estimate.result().riskLevel() + " risk, "
                                    + estimate.result().changeType() + ", SLA " + estimate.result().slaBand() + " due "
                                    + estimate.result().slaDueText()
                                    + (key.again() ? ", proposed again for a person to decide" : ""));
                    created++;
                }
            }
        }
        return created;
    }

    /**
     * Why a proposal waits for a person although it may fit a standard template: the
     * earlier changes that held its updates on its assets, and how far each got there.
     */
    static String again(Map<Long, Set<String>> earlier) {
        String changes = earlier.entrySet()
            .stream()
            .limit(5)
            .map(e -> "CHG-" + e.getKey() + " " + String.join("/", e.getValue()))
            .collect(Collectors.joining(", "));
        return "Proposed again, for a person to decide (it does not start by itself): earlier changes held these "
                + "updates here without installing them (" + changes + (earlier.size() > 5 ? ", …" : "") + "). ";
    }

    /**
     * Submits every open proposal that fits a standard change template, as the system. A
     * proposal that can no longer be submitted (its assets' windows never meet any more,
     * say) stays open for a person, with the reason in the log and the audit trail.
     */
    public int startStandard() {
        int started = 0;
        for (long id : proposals.openStandard()) {
            try {
                ChangeRequest done = transactions.execute(status -> {
                    Proposal proposal = proposals.find(id).orElseThrow();
                    Actor system = new Actor(Actor.SYSTEM_NAME, Set.of(Role.CHANGE_MANAGER),
                            Set.of(proposal.customerId()));
                    return submit(system, proposal, ProposalStatus.STARTED,
                            "fits the standard change template \"" + proposal.standardTemplate() + "\"");
                });
                if (done != null) {
                    started++;
                }
            }
            catch (InvalidInputException | ConflictException refused) {
                log.warn("proposal {} fits a standard template but cannot be submitted: {}", id, refused.getMessage());
            }
        }
        return started;
    }

    /**
     * A requester accepts a proposal: the change is submitted in their name, its SLA
     * clock kept.
     */
    @Transactional
    public ChangeRequest accept(Actor actor, long id) {
        Proposal proposal = visible(actor, id);
        DECIDE.check(actor);
        requireOpen(proposal);
        return submit(actor, proposal, ProposalStatus.ACCEPTED, "accepted by " + actor.username());
    }

    @Transactional
    public Proposal dismiss(Actor actor, long id, String reason) {
        Proposal proposal = visible(actor, id);
        DECIDE.check(actor);
        String text = reason == null ? "" : reason.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException("reason", "say why the proposal is dismissed");
        }
        if (text.length() > 1000) {
            throw new InvalidInputException("reason", "reason is at most 1000 characters");
        }
        requireOpen(proposal);
        if (!proposals.decide(id, ProposalStatus.DISMISSED, null, actor.username(), text)) {
            throw new ConflictException("proposal " + id + " was decided by someone else meanwhile");
        }
        audit.record(proposal.customerId(), null, actor.username(), "PROPOSAL_DISMISSED",
                "proposal " + id + ": " + text);
        return proposals.find(id).orElseThrow();
    }

    public Page<Proposal> list(Actor actor, ProposalStatus status, int page, int size) {
        int p = Page.checkedPage(page);
        int s = Page.checkedSize(size);
        return new Page<>(proposals.page(actor.customerIds(), status, p * s, s), p, s,
                proposals.count(actor.customerIds(), status));
    }

    public record ProposalDetails(Proposal proposal, List<Patch> patches, List<Long> assetIds) {
    }

    public ProposalDetails details(Actor actor, long id) {
        Proposal proposal = visible(actor, id);
        return new ProposalDetails(proposal, patches.find(proposals.patchIds(id)), proposals.assetIds(id));
    }

    private ChangeRequest submit(Actor actor, Proposal proposal, ProposalStatus outcome, String why) {
        List<Long> patchIds = proposals.patchIds(proposal.id());
        List<Long> assetIds = proposals.assetIds(proposal.id());
        ChangeRequest change = changeService.submit(actor,
                new SubmitChange(proposal.customerId(), proposal.title(),
                        "Proposed by Patchflow (proposal " + proposal.id() + "), " + why + ". "
                                + proposal.explanation(),
                        // The clock started when the patches were first found pending,
                        // not when someone got round to accepting.
                        patchIds, assetIds, null, false, null, null, proposal.detectedAt()));
        if (!proposals.decide(proposal.id(), outcome, change.id().value(), actor.username(), why)) {
            // Rolls back the change just submitted, with this transaction.
            throw new ConflictException("proposal " + proposal.id() + " was decided by someone else meanwhile");
        }
        audit.record(proposal.customerId(), change.id().value(), actor.username(), "PROPOSAL_" + outcome.name(),
                "proposal " + proposal.id() + " became " + change.id() + ": " + why);
        return change;
    }

    private Proposal visible(Actor actor, long id) {
        return proposals.find(id)
            .filter(p -> actor.canSee(p.customerId()))
            .orElseThrow(() -> new NotFoundException("no proposal " + id));
    }

    private static void requireOpen(Proposal proposal) {
        if (proposal.status() != ProposalStatus.OPEN) {
            throw new ConflictException("proposal " + proposal.id() + " is already " + proposal.status()
                    + (proposal.changeId() == null ? "" : " (change " + proposal.changeId() + ")"));
        }
    }

    static String title(List<Patch> patches, int ring, int assets) {
        String first = patches.isEmpty() ? "updates" : patches.get(0).title();
        String title = first + (patches.size() > 1 ? " and " + (patches.size() - 1) + " more update(s)" : "")
                + " — ring " + ring + ", " + assets + " asset(s)";
        return title.length() <= 200 ? title : title.substring(0, 199) + "…";
    }

    /** The factors that scored, largest first, and the deciding rules, in words. */
    static String explanation(RiskAssessment estimate) {
        String factors = estimate.scoreFactors()
            .stream()
            .filter(r -> r.points() != null && r.points() > 0)
            .sorted((a, b) -> Integer.compare(b.points(), a.points()))
            .map(r -> (r.description() == null ? r.ruleId() : r.description()) + " +" + r.points())
            .collect(Collectors.joining("; "));
        return "Risk score " + estimate.result().riskScore() + " (" + (factors.isEmpty() ? "no risk factor" : factors)
                + ") → " + estimate.result().riskLevel() + " risk, " + estimate.result().changeType() + " change. SLA "
                + estimate.result().slaBand() + ": " + estimate.result().slaBasis() + ".";
    }

}
