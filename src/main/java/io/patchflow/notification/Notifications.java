package io.patchflow.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.patchflow.approval.ApprovalEscalated;
import io.patchflow.change.ChangeEvent;
import io.patchflow.change.ChangeLifecycle;
import io.patchflow.change.ChangeMilestone;
import io.patchflow.change.ChangeRequest;
import io.patchflow.change.ChangeStatus;
import io.patchflow.change.Milestone;
import io.patchflow.change.SlaDeadline;
import io.patchflow.inbox.TaskAssignment;
import io.patchflow.security.AppUser;
import io.patchflow.security.Role;
import io.patchflow.security.UserDirectory;

/**
 * Who hears of what. Listens to the events of other features, in their transaction, and
 * writes the outbox; scans for what no event reports (an SLA deadline passing, a
 * maintenance window coming up). Nothing here sends: {@link OutboxSender} does, later.
 */
@Service
public class Notifications {

    /** How far back the first SLA scan after a start looks. */
    static final Duration FIRST_SCAN_LOOKBACK = Duration.ofHours(24);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private final Outbox outbox;

    private final UserDirectory users;

    private final ChangeLifecycle changes;

    private final CustomerSettingsRepository customers;

    private final Links links;

    /** Where the previous SLA scan of this node ended; in memory, see ADR 0035. */
    private Instant slaScannedUpTo;

    Notifications(Outbox outbox, UserDirectory users, ChangeLifecycle changes, CustomerSettingsRepository customers,
            Links links) {
        this.outbox = outbox;
        this.users = users;
        this.changes = changes;
        this.customers = customers;
        this.links = links;
    }

    // --- events ---

    @EventListener
    @Transactional
    public void onTask(TaskAssignment task) {
        ChangeRequest change = changes.get(task.change());
        Instant now = Instant.now();
        String about = change.id() + " " + change.title();
        if (task.kind() == TaskAssignment.Kind.OFFERED) {
            Outbox.Message message = new Outbox.Message(NotificationEvent.TASK_ASSIGNED,
                    "TASK_OFFERED:" + task.taskId(), change.customerId(), change.id().value(),
                    "[Patchflow] " + about + ": \"" + task.taskName() + "\" is waiting for your group",
                    "The task \"" + task.taskName() + "\" of change " + about + " is offered to your group ("
                            + String.join(", ", task.candidateGroups()) + "). Whoever takes it first decides.",
                    links.task(task.taskId()));
            holdersOf(change.customerId(), Set.copyOf(task.candidateGroups()))
                .forEach(user -> outbox.toUser(message, user, now));
            return;
        }
        boolean delegated = task.kind() == TaskAssignment.Kind.DELEGATED;
        Optional<AppUser> assignee = users.find(task.assignee())
            .filter(user -> user.customerIds().contains(change.customerId()));
        assignee.ifPresent(user -> outbox.toUser(
                new Outbox.Message(delegated ? NotificationEvent.TASK_DELEGATED : NotificationEvent.TASK_ASSIGNED,
                        task.kind() + ":" + task.taskId() + ":" + task.assignee(), change.customerId(),
                        change.id().value(),
                        "[Patchflow] " + about + ": \"" + task.taskName() + "\" is "
                                + (delegated ? "delegated" : "assigned") + " to you",
                        "The task \"" + task.taskName() + "\" of change " + about + " is "
                                + (delegated ? "delegated" : "assigned") + " to you.",
                        links.task(task.taskId())),
                user, now));
    }

    @EventListener
    @Transactional
    public void onEscalation(ApprovalEscalated escalated) {
        ChangeRequest change = changes.get(escalated.change());
        String about = change.id() + " " + change.title();
        Outbox.Message message = new Outbox.Message(NotificationEvent.APPROVAL_ESCALATED,
                "APPROVAL_ESCALATED:" + change.id().value() + ":" + escalated.overdueTask() + ":" + escalated.toGroup()
                        + ":" + Outbox.fingerprint(String.valueOf(change.updatedAt())),
                change.customerId(), change.id().value(), "[Patchflow] " + about + ": an approval is overdue",
                "An approval of change " + about + " is overdue and is now offered to " + escalated.toGroup()
                        + " as well.",
                links.change(change.id().value()));
        Instant now = Instant.now();
        holdersOf(change.customerId(), Set.of(escalated.toGroup())).forEach(user -> outbox.toUser(message, user, now));
        webhook(change.customerId(), message, now);
    }

    @EventListener
    @Transactional
    public void onChangeEvent(ChangeEvent event) {
        if (!("STATUS_" + ChangeStatus.WAVE_HALTED.name()).equals(event.kind())) {
            return;
        }
        ChangeRequest change = changes.get(event.change());
        String about = change.id() + " " + change.title();
        Outbox.Message message = new Outbox.Message(NotificationEvent.DEPLOYMENT_FAILED,
                "DEPLOYMENT_FAILED:" + change.id().value() + ":" + Outbox.fingerprint(String.valueOf(event.detail())),
                change.customerId(), change.id().value(), "[Patchflow] " + about + ": rollout halted",
                "The rollout of change " + about + " halted: " + event.detail()
                        + ". A change manager decides whether to stop, continue or roll back.",
                links.change(change.id().value()));
        Instant now = Instant.now();
        managersAndRequester(change).forEach(user -> outbox.toUser(message, user, now));
        webhook(change.customerId(), message, now);
    }

    @EventListener
    @Transactional
    public void onMilestone(ChangeMilestone milestone) {
        if (milestone.milestone() != Milestone.CHANGE_CLOSED) {
            return;
        }
        ChangeRequest change = changes.get(milestone.change());
        String about = change.id() + " " + change.title();
        Outbox.Message message = new Outbox.Message(NotificationEvent.CHANGE_OUTCOME,
                "CHANGE_OUTCOME:" + change.id().value(), change.customerId(), change.id().value(),
                "[Patchflow] " + about + ": closed, " + change.outcome(), milestone.note(),
                links.change(change.id().value()));
        Instant now = Instant.now();
        users.find(change.requester()).ifPresent(user -> outbox.toUser(message, user, now));
        webhook(change.customerId(), message, now);
    }

    // --- scans ---

    /**
     * Writes a notice for each change whose SLA deadline passed since the previous scan
     * (the first scan after a start looks back {@link #FIRST_SCAN_LOOKBACK}); the key per
     * change and deadline keeps a second scan, or a second node, from writing it again.
     */
    @Transactional
    public int scanSlaBreaches(Instant now) {
        Instant from = slaScannedUpTo == null ? now.minus(FIRST_SCAN_LOOKBACK) : slaScannedUpTo;
        int written = 0;
        for (SlaDeadline deadline : changes.slaDeadlinesPassed(from, now, 500)) {
            ChangeRequest change = changes.get(deadline.change());
            String about = change.id() + " " + change.title();
            Outbox.Message message = new Outbox.Message(NotificationEvent.SLA_BREACHED,
                    "SLA_BREACHED:" + change.id().value() + ":" + deadline.dueAt().getEpochSecond(),
                    change.customerId(), change.id().value(), "[Patchflow] " + about + ": SLA deadline missed",
                    "Change " + about + " was due by " + WHEN.format(deadline.dueAt().atZone(java.time.ZoneOffset.UTC))
                            + " and is still " + change.status().name().toLowerCase().replace('_', ' ') + ".",
                    links.change(change.id().value()));
            for (AppUser user : managersAndRequester(change)) {
                written += outbox.toUser(message, user, now) ? 1 : 0;
            }
            written += webhook(change.customerId(), message, now) ? 1 : 0;
        }
        slaScannedUpTo = now;
        return written;
    }

    /**
     * Writes advance notice to each customer's contacts of every scheduled change whose
     * slot in a maintenance window opens within the customer's notice period; once per
     * change and opening (a rescheduled change is announced again).
     */
    @Transactional
    public int scanWindowOpenings(Instant now) {
        int written = 0;
        for (CustomerNotificationSettings settings : customers.all()) {
            if (settings.contacts().isEmpty() && settings.webhookUrl() == null) {
                continue;
            }
            Instant horizon = now.plus(Duration.ofHours(settings.advanceNoticeHours()));
            for (ChangeRequest change : changes.withSlotsOverlapping(List.of(settings.customerId()), now, horizon,
                    200)) {
                if (change.scheduledStart() == null || !change.scheduledStart().toInstant().isAfter(now)) {
                    continue; // already open: too late for advance notice
                }
                String about = change.id() + " " + change.title();
                String opens = WHEN.format(change.scheduledStart().atZoneSameInstant(java.time.ZoneOffset.UTC));
                String closes = WHEN.format(change.scheduledEnd().atZoneSameInstant(java.time.ZoneOffset.UTC));
                Outbox.Message message = new Outbox.Message(NotificationEvent.WINDOW_NOTICE,
                        "WINDOW_NOTICE:" + change.id().value() + ":" + change.scheduledStart().toEpochSecond(),
                        change.customerId(), change.id().value(),
                        "[Patchflow] Maintenance window " + opens + ": " + about,
                        "Change " + about + " is scheduled in the maintenance window from " + opens + " to " + closes
                                + ". The affected systems may restart during that time.",
                        links.change(change.id().value()));
                for (String contact : settings.contacts()) {
                    written += outbox.toAddress(message, contact, now) ? 1 : 0;
                }
                written += webhook(settings.customerId(), message, now) ? 1 : 0;
            }
        }
        return written;
    }

    // --- recipients ---

    /** Users of the customer who hold one of these groups' roles. */
    private List<AppUser> holdersOf(String customerId, Set<String> groupIds) {
        return users.inCustomer(customerId)
            .stream()
            .filter(user -> user.roles().stream().anyMatch(role -> groupIds.contains(role.groupId())))
            .toList();
    }

    private List<AppUser> managersAndRequester(ChangeRequest change) {
        Map<String, AppUser> recipients = new LinkedHashMap<>();
        users.find(change.requester()).ifPresent(user -> recipients.put(user.username(), user));
        holdersOf(change.customerId(), Set.of(Role.CHANGE_MANAGER.groupId()))
            .forEach(user -> recipients.putIfAbsent(user.username(), user));
        return List.copyOf(recipients.values());
    }

    private boolean webhook(String customerId, Outbox.Message message, Instant now) {
        return customers.find(customerId)
            .map(CustomerNotificationSettings::webhookUrl)
            .map(url -> outbox.toWebhook(message, url, now))
            .orElse(false);
    }

}
