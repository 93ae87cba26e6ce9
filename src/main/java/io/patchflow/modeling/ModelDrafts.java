package io.patchflow.modeling;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchflow.audit.AuditTrail;
import io.patchflow.modeling.DraftView.Actions;
import io.patchflow.modeling.DraftView.FileView;
import io.patchflow.modeling.DraftView.ReviewView;
import io.patchflow.modeling.DraftView.RevisionView;
import io.patchflow.modeling.ModelEngine.ModelVersion;
import io.patchflow.modeling.ModelEngine.Published;
import io.patchflow.modeling.ModelRepository.DraftRow;
import io.patchflow.modeling.ModelRepository.FileRow;
import io.patchflow.modeling.ModelRepository.ReviewRow;
import io.patchflow.modeling.ModelRepository.RevisionRow;
import io.patchflow.security.Actor;
import io.patchflow.security.Role;
import io.patchflow.security.RoleRule;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The life of a model change (ADR 0048): a draft is saved in revisions, each validated on
 * the server; it is submitted, reviewed by a second analyst who did not edit it, and
 * published as new versions of its files. Every step is in the audit trail.
 */
@Service
public class ModelDrafts {

    public static final RoleRule CHANGE_MODELS = RoleRule.anyOf("changing models needs the process-analyst role",
            Role.PROCESS_ANALYST);

    public static final RoleRule READ_MODELS = RoleRule
        .anyOf("the model workspace is for process analysts and auditors", Role.PROCESS_ANALYST, Role.AUDITOR);

    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    static final int MAX_FILES = 30;

    static final int MAX_TITLE = 200;

    static final int MAX_COMMENT = 4000;

    private final ModelRepository repository;

    private final ModelEngine engine;

    private final ModelValidator validator;

    private final AuditTrail audit;

    private final ObjectMapper json;

    private final io.patchflow.risk.DecisionImpact impact;

    private Clock clock = Clock.systemUTC();

    /**
     * Previews at once: one evaluates up to 5,000 changes with two sets of tables,
     * seconds of CPU; more at once would slow everyone's pages.
     */
    private final java.util.concurrent.Semaphore previews = new java.util.concurrent.Semaphore(2);

    ModelDrafts(ModelRepository repository, ModelEngine engine, ModelValidator validator, AuditTrail audit,
            ObjectMapper json, io.patchflow.risk.DecisionImpact impact) {
        this.impact = impact;
        this.repository = repository;
        this.engine = engine;
        this.validator = validator;
        this.audit = audit;
        this.json = json;
    }

    @Autowired(required = false)
    void setClock(Clock clock) {
        this.clock = clock;
    }

    /**
     * A new draft holding copies of these live files and these new ones.
     * @param origin BROWSER or MODELER
     */
    @Transactional
    public DraftView create(Actor actor, String title, List<String> liveFileNames, List<ModelFile> newFiles,
            String origin) {
        CHANGE_MODELS.check(actor);
        String name = title(title);
        Map<String, ModelFile> live = liveByName();
        Map<String, String> deployments = liveDeployments();
        Map<String, FileRow> files = new TreeMap<>();
        for (String fileName : liveFileNames) {
            checkName(fileName);
            ModelFile file = live.get(fileName);
            if (file == null) {
                throw new InvalidInputException("files", "there is no live model file " + quoted(fileName));
            }
            files.put(fileName, row(file, deployments.get(fileName)));
        }
        for (ModelFile file : newFiles) {
            if (file == null) {
                throw new InvalidInputException("newFiles", "each new file has a name and a content");
            }
            checkName(file.name());
            if (files.containsKey(file.name())) {
                throw new InvalidInputException("files", "the file " + file.name() + " is given twice");
            }
            files.put(file.name(), row(file, deployments.get(file.name())));
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("files", "a draft needs at least one file: pick a live model or add one");
        }
        checkCount(files.size());
        OffsetDateTime now = now();
        long id = repository.createDraft(name, origin, actor.username(), now);
        List<ModelFinding> findings = validator.validate(modelFiles(files.values()));
        repository.addRevision(id, 1, actor.username(), now, origin, List.copyOf(files.values()), findings.size(),
                findingsJson(findings), DraftState.DRAFT.name());
        audit.record(null, null, actor.username(), "MODEL_DRAFT_SAVED",
                "draft " + id + " \"" + name + "\" revision 1 (" + origin.toLowerCase() + "): "
                        + String.join(", ", files.keySet()) + "; " + findings.size() + " findings");
        return view(actor, id);
    }

    /** The result of a save: the new revision and its findings. */
    public record Saved(int revision, List<ModelFinding> findings) {
    }

    /**
     * Saves a file of the draft as a new revision; a submitted, approved or rejected
     * draft goes back to being a draft, since a review is of one revision.
     * @param expectedRevision the revision the editor started from; another save since is
     * a conflict, so nobody's work is overwritten
     */
    @Transactional
    public Saved save(Actor actor, long id, String fileName, byte[] content, int expectedRevision) {
        CHANGE_MODELS.check(actor);
        checkName(fileName);
        DraftRow draft = openForUpdate(id);
        if (draft.revision() != expectedRevision) {
            throw new ConflictException("draft " + id + " was saved as revision " + draft.revision() + " since "
                    + "revision " + expectedRevision + " was opened; reload it and apply your change again");
        }
        Map<String, FileRow> files = filesByName(id, draft.revision());
        FileRow before = files.get(fileName);
        if (before == null) {
            throw new NotFoundException("draft " + id + " has no file " + fileName + "; add it first");
        }
        if (Arrays.equals(before.content(), content)) {
            return new Saved(draft.revision(), findingsOf(id, draft.revision()));
        }
        files.put(fileName, new FileRow(fileName, content, sha256(content), before.baseDeploymentId()));
        return newRevision(actor, draft, files, "BROWSER", "saved " + fileName);
    }

    /** Adds a file to the draft: a copy of a live model file, or a new empty form. */
    @Transactional
    public Saved addFile(Actor actor, long id, String fileName, int expectedRevision) {
        CHANGE_MODELS.check(actor);
        checkName(fileName);
        DraftRow draft = openForUpdate(id);
        if (draft.revision() != expectedRevision) {
            throw new ConflictException("draft " + id + " changed since you opened it; reload it");
        }
        Map<String, FileRow> files = filesByName(id, draft.revision());
        if (files.containsKey(fileName)) {
            throw new ConflictException("draft " + id + " already holds " + fileName);
        }
        checkCount(files.size() + 1);
        ModelFile live = liveByName().get(fileName);
        if (live != null) {
            files.put(fileName, row(live, deploymentOf(fileName)));
        }
        else {
            files.put(fileName, row(new ModelFile(fileName, Starters.of(fileName)), null));
        }
        return newRevision(actor, draft, files, "BROWSER", "added " + fileName);
    }

    @Transactional
    public Saved removeFile(Actor actor, long id, String fileName, int expectedRevision) {
        CHANGE_MODELS.check(actor);
        DraftRow draft = openForUpdate(id);
        if (draft.revision() != expectedRevision) {
            throw new ConflictException("draft " + id + " changed since you opened it; reload it");
        }
        Map<String, FileRow> files = filesByName(id, draft.revision());
        if (files.remove(fileName) == null) {
            throw new NotFoundException("draft " + id + " has no file " + fileName);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("file", "a draft keeps at least one file; withdraw the draft instead");
        }
        return newRevision(actor, draft, files, "BROWSER", "removed " + fileName);
    }

    /**
     * A new revision from a tool that sends every file at once (Camunda Modeler).
     */
    @Transactional
    public Saved replaceFiles(Actor actor, long id, List<ModelFile> newFiles, String origin) {
        CHANGE_MODELS.check(actor);
        DraftRow draft = openForUpdate(id);
        Map<String, FileRow> files = filesByName(id, draft.revision());
        Map<String, String> deployments = liveDeployments();
        boolean changed = false;
        for (ModelFile file : newFiles) {
            checkName(file.name());
            FileRow before = files.get(file.name());
            if (before != null && Arrays.equals(before.content(), file.content())) {
                continue;
            }
            changed = true;
            String base = before != null ? before.baseDeploymentId() : deployments.get(file.name());
            files.put(file.name(), new FileRow(file.name(), file.content(), sha256(file.content()), base));
        }
        checkCount(files.size());
        if (!changed) {
            return new Saved(draft.revision(), findingsOf(id, draft.revision()));
        }
        return newRevision(actor, draft, files, origin, "saved " + newFiles.size() + " files");
    }

    private Saved newRevision(Actor actor, DraftRow draft, Map<String, FileRow> files, String origin, String what) {
        int revision = draft.revision() + 1;
        List<ModelFinding> findings = validator.validate(modelFiles(files.values()));
        DraftState before = DraftState.valueOf(draft.state());
        repository.addRevision(draft.id(), revision, actor.username(), now(), origin, List.copyOf(files.values()),
                findings.size(), findingsJson(findings), DraftState.DRAFT.name());
        audit.record(null, null, actor.username(), "MODEL_DRAFT_SAVED",
                "draft " + draft.id() + " revision " + revision + ": " + what + "; " + findings.size() + " findings"
                        + (before == DraftState.DRAFT ? ""
                                : "; it was " + before.name().toLowerCase() + " and is a draft again"));
        return new Saved(revision, findings);
    }

    /**
     * The findings for the draft with one file as the editor holds it now; nothing is
     * saved.
     */
    @Transactional(readOnly = true)
    public List<ModelFinding> validate(Actor actor, long id, String fileName, byte[] content) {
        CHANGE_MODELS.check(actor);
        checkName(fileName);
        DraftRow draft = find(id);
        Map<String, FileRow> files = filesByName(id, draft.revision());
        if (!files.containsKey(fileName)) {
            throw new NotFoundException("draft " + id + " has no file " + fileName);
        }
        files.put(fileName, new FileRow(fileName, content, "", null));
        return validator.validate(modelFiles(files.values()));
    }

    /** Asks a second analyst to review the latest revision, which must validate. */
    @Transactional
    public DraftView submit(Actor actor, long id) {
        CHANGE_MODELS.check(actor);
        DraftRow draft = openForUpdate(id);
        DraftState state = DraftState.valueOf(draft.state());
        if (state != DraftState.DRAFT && state != DraftState.REJECTED) {
            throw new ConflictException("draft " + id + " is " + state.name().toLowerCase() + "; only a draft, or a "
                    + "rejected one changed since, is submitted for review");
        }
        List<ModelFinding> findings = revalidate(draft);
        if (!findings.isEmpty()) {
            throw new ModelRefused("draft " + id + " revision " + draft.revision() + " cannot be submitted", findings);
        }
        repository.setState(id, DraftState.SUBMITTED.name(), now());
        audit.record(null, null, actor.username(), "MODEL_SUBMITTED",
                "draft " + id + " revision " + draft.revision() + " submitted for review");
        return view(actor, id);
    }

    /**
     * A second analyst's decision on the revision they saw. Nobody who saved a revision
     * of the draft reviews it.
     */
    @Transactional
    public DraftView review(Actor actor, long id, int revision, boolean approve, String comment) {
        CHANGE_MODELS.check(actor);
        String text = comment == null ? "" : comment.strip();
        if (text.length() > MAX_COMMENT) {
            throw new InvalidInputException("comment", "a comment has at most " + MAX_COMMENT + " characters");
        }
        if (!approve && text.isEmpty()) {
            throw new InvalidInputException("comment", "say why the draft is rejected, so its author can fix it");
        }
        DraftRow draft = openForUpdate(id);
        if (DraftState.valueOf(draft.state()) != DraftState.SUBMITTED) {
            throw new ConflictException("draft " + id + " is " + draft.state().toLowerCase() + ", not awaiting review");
        }
        if (draft.revision() != revision) {
            throw new ConflictException("draft " + id + " is at revision " + draft.revision() + " now, not " + revision
                    + "; review what is there now");
        }
        String whyNot = whyNotReview(actor, draft);
        if (whyNot != null) {
            throw new ForbiddenException(whyNot);
        }
        if (approve) {
            List<ModelFinding> findings = revalidate(draft);
            if (!findings.isEmpty()) {
                throw new ModelRefused("draft " + id + " no longer validates", findings);
            }
        }
        String decision = approve ? "APPROVED" : "REJECTED";
        repository.addReview(id, revision, actor.username(), decision, text, now());
        repository.setState(id, decision, now());
        audit.record(null, null, actor.username(), approve ? "MODEL_APPROVED" : "MODEL_REJECTED",
                "draft " + id + " revision " + revision + (text.isEmpty() ? "" : ": " + text));
        return view(actor, id);
    }

    /**
     * Deploys the approved revision's changed files as new versions. Running changes stay
     * on the version they started on.
     */
    @Transactional
    public Published publish(Actor actor, long id) {
        CHANGE_MODELS.check(actor);
        DraftRow draft = openForUpdate(id);
        if (DraftState.valueOf(draft.state()) != DraftState.APPROVED) {
            throw new ConflictException(
                    "draft " + id + " is " + draft.state().toLowerCase() + "; only an approved draft is published");
        }
        ReviewRow approval = repository.reviews(id)
            .stream()
            .findFirst()
            .filter(r -> r.decision().equals("APPROVED") && r.revision() == draft.revision())
            .orElseThrow(() -> new ConflictException("draft " + id + " has no approval of revision " + draft.revision()
                    + "; submit it for review again"));
        Map<String, FileRow> files = filesByName(id, draft.revision());
        Map<String, String> liveDeployments = liveDeployments();
        List<String> stale = files.values()
            .stream()
            .filter(f -> !java.util.Objects.equals(f.baseDeploymentId(), liveDeployments.get(f.fileName())))
            .map(FileRow::fileName)
            .toList();
        if (!stale.isEmpty()) {
            throw new ConflictException(String.join(", ", stale) + " was published again since this draft copied "
                    + "it; start a new draft from the live version so that change is not undone");
        }
        List<ModelFinding> findings = revalidate(draft);
        if (!findings.isEmpty()) {
            throw new ModelRefused("draft " + id + " no longer validates", findings);
        }
        Map<String, ModelFile> live = liveByName();
        List<ModelFile> changed = files.values()
            .stream()
            .map(f -> new ModelFile(f.fileName(), f.content()))
            .filter(f -> !f.equals(live.get(f.name())))
            .toList();
        if (changed.isEmpty()) {
            throw new ConflictException("every file of draft " + id + " equals its live version: nothing to publish");
        }
        Published published = engine.publish(changed, "Patchflow draft " + id + " revision " + draft.revision());
        OffsetDateTime now = now();
        String names = changed.stream().map(ModelFile::name).collect(Collectors.joining(", "));
        repository.addPublication("PUBLISH", id, draft.revision(), published.deploymentId(), names, null,
                actor.username(), now);
        repository.setState(id, DraftState.PUBLISHED.name(), now);
        audit.record(null, null, actor.username(), "MODEL_PUBLISHED",
                "draft " + id + " revision " + draft.revision() + " (approved by " + approval.reviewer()
                        + ") as deployment " + published.deploymentId() + ": " + versions(published));
        return published;
    }

    /**
     * Publishes an earlier version of one file again, as a new version (ADR 0048: it was
     * reviewed when it was first published; it is validated again under today's rules).
     */
    @Transactional
    public Published rollback(Actor actor, String deploymentId, String fileName, String reason) {
        CHANGE_MODELS.check(actor);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_COMMENT) {
            throw new InvalidInputException("reason",
                    "say in up to " + MAX_COMMENT + " characters why the model " + "goes back to an earlier version");
        }
        ModelFile file = engine.file(deploymentId, fileName)
            .orElseThrow(() -> new NotFoundException("no version of " + fileName + " in deployment " + deploymentId));
        ModelFile live = liveByName().get(fileName);
        if (file.equals(live)) {
            throw new ConflictException("that version of " + fileName + " is the live one already");
        }
        // every file: the earlier version may break a reference another file makes now;
        // only what the rollback itself would break counts, not what was wrong before
        Map<String, ModelFile> all = liveByName();
        Set<ModelFinding> before = Set.copyOf(validator.validate(List.copyOf(all.values())));
        all.put(fileName, file);
        List<ModelFinding> findings = validator.validate(List.copyOf(all.values()))
            .stream()
            .filter(f -> !before.contains(f))
            .toList();
        if (!findings.isEmpty()) {
            throw new ModelRefused("with that version of " + fileName + " the models do not validate under today's "
                    + "rules; make a draft of it and fix it", findings);
        }
        Published published = engine.publish(List.of(file), "Patchflow rollback of " + fileName);
        repository.addPublication("ROLLBACK", null, null, published.deploymentId(), fileName, deploymentId,
                actor.username(), now());
        audit.record(null, null, actor.username(), "MODEL_ROLLED_BACK", fileName + " back to its version in "
                + "deployment " + deploymentId + " as deployment " + published.deploymentId() + ": " + why);
        return published;
    }

    /**
     * The running instances of a process on older versions, each with whether it can move
     * to the newest version and why not. Nothing changes.
     */
    @Transactional
    public List<ModelEngine.MigrationCheck> migrationCandidates(Actor actor, String processKey) {
        READ_MODELS.check(actor);
        List<String> ids = engine.runningOnOlderVersions(processKey)
            .stream()
            .map(ModelEngine.RunningInstance::instanceId)
            .toList();
        return ids.isEmpty() ? List.of() : engine.checkMigration(processKey, ids);
    }

    /**
     * Moves these running instances to the newest version of their process, all or none,
     * when the analyst chooses it.
     */
    @Transactional
    public int migrate(Actor actor, String processKey, List<String> instanceIds) {
        CHANGE_MODELS.check(actor);
        if (instanceIds == null || instanceIds.isEmpty()) {
            throw new InvalidInputException("instances", "pick the running changes to move");
        }
        if (instanceIds.size() > 1000) {
            throw new InvalidInputException("instances", "move at most 1000 instances at once");
        }
        List<String> ids = instanceIds.stream().distinct().toList();
        engine.migrate(processKey, ids);
        repository.addMigration(processKey, String.join(",", ids), ids.size(), actor.username(), now());
        audit.record(null, null, actor.username(), "MODEL_MIGRATED", ids.size() + " running instances of " + processKey
                + " moved to its newest version: " + String.join(", ", ids));
        return ids.size();
    }

    @Transactional
    public DraftView withdraw(Actor actor, long id) {
        CHANGE_MODELS.check(actor);
        DraftRow draft = openForUpdate(id);
        if (!draft.createdBy().equals(actor.username())) {
            throw new ForbiddenException("only " + draft.createdBy() + ", who started draft " + id
                    + ", withdraws it; a reviewer rejects it instead");
        }
        repository.setState(id, DraftState.WITHDRAWN.name(), now());
        audit.record(null, null, actor.username(), "MODEL_WITHDRAWN",
                "draft " + id + " withdrawn at revision " + draft.revision());
        return view(actor, id);
    }

    @Transactional(readOnly = true)
    public DraftView view(Actor actor, long id) {
        READ_MODELS.check(actor);
        DraftRow draft = find(id);
        DraftState state = DraftState.valueOf(draft.state());
        Map<String, String> liveDeployments = liveDeployments();
        Map<String, ModelFile> live = state.open() ? liveByName() : Map.of();
        List<FileView> files = new ArrayList<>();
        for (FileRow file : repository.files(id, draft.revision())) {
            String base = file.baseDeploymentId();
            String liveDeployment = liveDeployments.get(file.fileName());
            ModelFile comparedWith = comparedWith(state, file, live);
            boolean added = state.open() ? base == null && liveDeployment == null : base == null;
            boolean changed = comparedWith == null || !Arrays.equals(comparedWith.content(), file.content());
            boolean stale = state.open() && base != null && !base.equals(liveDeployment);
            files.add(new FileView(file.fileName(), ModelFile.Kind.of(file.fileName()), file.content().length,
                    file.sha256(), base, liveDeployment, added, changed, stale));
        }
        List<RevisionRow> revisionRows = repository.revisions(id);
        List<RevisionView> revisions = revisionRows.stream()
            .map(r -> new RevisionView(r.revision(), r.savedBy(), r.savedAt(), r.origin(), r.findings()))
            .toList();
        List<ReviewView> reviews = repository.reviews(id)
            .stream()
            .map(r -> new ReviewView(r.revision(), r.reviewer(), r.decision(), r.comment(), r.decidedAt()))
            .toList();
        boolean analyst = CHANGE_MODELS.allows(actor);
        String whyNotReview = !analyst ? CHANGE_MODELS.refusal()
                : state != DraftState.SUBMITTED ? "draft is not awaiting review" : whyNotReview(actor, draft);
        Actions actions = new Actions(analyst && state.open(),
                analyst && (state == DraftState.DRAFT || state == DraftState.REJECTED), whyNotReview == null,
                whyNotReview, analyst && state == DraftState.APPROVED,
                analyst && state.open() && draft.createdBy().equals(actor.username()));
        return new DraftView(id, draft.title(), state, draft.origin(), draft.revision(), draft.createdBy(),
                draft.createdAt(), draft.updatedAt(), files, revisions, reviews,
                findingsOf(revisionRows, draft.revision()), actions);
    }

    /** The drafts in these states, newest first. */
    @Transactional(readOnly = true)
    public List<DraftSummary> drafts(Actor actor, Set<DraftState> states, int limit) {
        READ_MODELS.check(actor);
        return repository.drafts(states.stream().map(Enum::name).toList(), Math.max(1, Math.min(limit, 500)))
            .stream()
            .map(d -> new DraftSummary(d.id(), d.title(), DraftState.valueOf(d.state()), d.origin(), d.revision(),
                    d.createdBy(), d.updatedAt()))
            .toList();
    }

    public record DraftSummary(long id, String title, DraftState state, String origin, int revision, String createdBy,
            OffsetDateTime updatedAt) {
    }

    /** A file of a draft at a revision (the latest if null). */
    @Transactional(readOnly = true)
    public ModelFile file(Actor actor, long id, String fileName, Integer revision) {
        READ_MODELS.check(actor);
        DraftRow draft = find(id);
        int at = revision == null ? draft.revision() : revision;
        if (at < 1 || at > draft.revision()) {
            throw new NotFoundException("draft " + id + " has revisions 1 to " + draft.revision());
        }
        FileRow file = filesByName(id, at).get(fileName);
        if (file == null) {
            throw new NotFoundException("draft " + id + " revision " + at + " has no file " + fileName);
        }
        return new ModelFile(fileName, file.content());
    }

    /** The latest files of a draft. */
    @Transactional(readOnly = true)
    public List<ModelFile> files(Actor actor, long id) {
        READ_MODELS.check(actor);
        DraftRow draft = find(id);
        return modelFiles(repository.files(id, draft.revision()));
    }

    /**
     * An open draft with this title started by this person, if there is one: Camunda
     * Modeler deploys again under the same name.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> openDraftTitled(Actor actor, String title) {
        return repository.openDraftTitled(title, actor.username()).map(DraftRow::id);
    }

    /**
     * What the draft changes in one file: against its live version while the draft is
     * open, against the version it copied once it is closed (the whole file as added for
     * a new one).
     * @throws InvalidInputException if a side is not a readable model
     */
    @Transactional(readOnly = true)
    public ModelDiff.Diff diff(Actor actor, long id, String fileName) {
        ModelFile draft = file(actor, id, fileName, null);
        DraftRow row = find(id);
        FileRow file = filesByName(id, row.revision()).get(fileName);
        DraftState state = DraftState.valueOf(row.state());
        return diff(comparedWith(state, file, state.open() ? liveByName() : Map.of()), draft);
    }

    /**
     * What a file of a draft is compared with: while the draft is open, the live version,
     * which publishing replaces; once it is published or withdrawn, the version it copied
     * (the live one is then its own publication, or someone else's). Null for a file that
     * has none.
     */
    private ModelFile comparedWith(DraftState state, FileRow file, Map<String, ModelFile> live) {
        if (state.open()) {
            return live.get(file.fileName());
        }
        return file.baseDeploymentId() == null ? null
                : engine.file(file.baseDeploymentId(), file.fileName()).orElse(null);
    }

    /** What changed in a file from one deployed version to another. */
    @Transactional(readOnly = true)
    public ModelDiff.Diff diff(Actor actor, String fileName, String fromDeploymentId, String toDeploymentId) {
        READ_MODELS.check(actor);
        return diff(version(fileName, fromDeploymentId), version(fileName, toDeploymentId));
    }

    /** A deployed version of a file. */
    @Transactional(readOnly = true)
    public ModelFile version(Actor actor, String fileName, String deploymentId) {
        READ_MODELS.check(actor);
        return version(fileName, deploymentId);
    }

    /** The live version of a file, if it is deployed. */
    @Transactional(readOnly = true)
    public java.util.Optional<ModelFile> live(Actor actor, String fileName) {
        READ_MODELS.check(actor);
        return java.util.Optional.ofNullable(liveByName().get(fileName));
    }

    private ModelFile version(String fileName, String deploymentId) {
        checkName(fileName);
        return engine.file(deploymentId, fileName)
            .orElseThrow(() -> new NotFoundException("deployment " + deploymentId + " holds no " + fileName));
    }

    private static ModelDiff.Diff diff(ModelFile before, ModelFile after) {
        try {
            return ModelDiff.of(before, after);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidInputException("file", e.getMessage());
        }
    }

    /**
     * What the draft's decision tables would have decided differently for the newest
     * changes of the person's own customers (ADR 0051): per DMN file of the draft that
     * differs from its live version. Nothing is stored.
     * @param lastN how many of the newest assessed changes, 1 to 5000
     */
    @Transactional(readOnly = true)
    public Map<String, io.patchflow.risk.ImpactReport> impact(Actor actor, long id, int lastN) {
        READ_MODELS.check(actor);
        DraftRow draft = find(id);
        Map<String, ModelFile> live = liveByName();
        Map<String, io.patchflow.risk.ImpactReport> reports = new TreeMap<>();
        List<FileRow> changed = repository.files(id, draft.revision())
            .stream()
            .filter(f -> ModelFile.Kind.of(f.fileName()) == ModelFile.Kind.DMN
                    && !new ModelFile(f.fileName(), f.content()).equals(live.get(f.fileName())))
            .toList();
        if (changed.isEmpty()) {
            return reports;
        }
        if (!previews.tryAcquire()) {
            throw new io.patchflow.shared.UnavailableException(
                    "two impact previews are running; ask again in a few seconds", null);
        }
        try {
            for (FileRow file : changed) {
                reports.put(file.fileName(), impact.preview(file.content(), actor.customerIds(), lastN));
            }
        }
        finally {
            previews.release();
        }
        return reports;
    }

    /** Every version of every model file, newest first, with who published it. */
    @Transactional(readOnly = true)
    public List<VersionView> versions(Actor actor) {
        READ_MODELS.check(actor);
        Map<String, ModelRepository.PublicationRow> publications = new LinkedHashMap<>();
        repository.publications(1000).forEach(p -> publications.put(p.deploymentId(), p));
        return engine.versions().stream().map(v -> {
            ModelRepository.PublicationRow p = publications.get(v.deploymentId());
            return new VersionView(v, p == null ? null : p.kind(), p == null ? null : p.draftId(),
                    p == null ? null : p.publishedBy());
        }).toList();
    }

    /**
     * @param kind PUBLISH or ROLLBACK for an analyst's publication, null for a model
     * shipped with Patchflow
     */
    public record VersionView(ModelVersion version, String kind, Long draftId, String publishedBy) {
    }

    private String whyNotReview(Actor actor, DraftRow draft) {
        if (draft.createdBy().equals(actor.username())) {
            return "you started this draft; a second analyst reviews it";
        }
        boolean edited = repository.revisions(draft.id()).stream().anyMatch(r -> r.savedBy().equals(actor.username()));
        return edited ? "you saved a revision of this draft; an analyst who did not edit it reviews it" : null;
    }

    private List<ModelFinding> revalidate(DraftRow draft) {
        List<ModelFinding> findings = validator.validate(modelFiles(repository.files(draft.id(), draft.revision())));
        repository.recordFindings(draft.id(), draft.revision(), findings.size(), findingsJson(findings));
        return findings;
    }

    private DraftRow find(long id) {
        return repository.draft(id).orElseThrow(() -> new NotFoundException("there is no draft " + id));
    }

    private DraftRow openForUpdate(long id) {
        DraftRow draft = repository.draftForUpdate(id)
            .orElseThrow(() -> new NotFoundException("there is no draft " + id));
        if (!DraftState.valueOf(draft.state()).open()) {
            throw new ConflictException("draft " + id + " is " + draft.state().toLowerCase() + " and stays as it is; "
                    + "start a new draft");
        }
        return draft;
    }

    private Map<String, FileRow> filesByName(long id, int revision) {
        Map<String, FileRow> files = new TreeMap<>();
        repository.files(id, revision).forEach(f -> files.put(f.fileName(), f));
        return files;
    }

    private Map<String, ModelFile> liveByName() {
        Map<String, ModelFile> live = new TreeMap<>();
        engine.liveFiles().forEach(f -> live.put(f.name(), f));
        return live;
    }

    private Map<String, String> liveDeployments() {
        Map<String, String> live = new TreeMap<>();
        for (ModelVersion version : engine.versions()) { // newest first
            live.putIfAbsent(version.fileName(), version.deploymentId());
        }
        return live;
    }

    private String deploymentOf(String fileName) {
        return liveDeployments().get(fileName);
    }

    private List<ModelFinding> findingsOf(long id, int revision) {
        return findingsOf(repository.revisions(id), revision);
    }

    private List<ModelFinding> findingsOf(List<RevisionRow> revisions, int revision) {
        return revisions.stream()
            .filter(r -> r.revision() == revision && r.findingsJson() != null)
            .findFirst()
            .map(r -> readFindings(r.findingsJson()))
            .orElse(List.of());
    }

    private List<ModelFinding> readFindings(String text) {
        try {
            return json.readValue(text, new TypeReference<List<ModelFinding>>() {
            });
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("stored findings are not readable", e);
        }
    }

    private String findingsJson(List<ModelFinding> findings) {
        try {
            return json.writeValueAsString(findings);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String versions(Published published) {
        return published.versions()
            .stream()
            .map(v -> v.fileName() + " version " + v.version())
            .collect(Collectors.joining(", "));
    }

    private static List<ModelFile> modelFiles(java.util.Collection<FileRow> rows) {
        return rows.stream().map(f -> new ModelFile(f.fileName(), f.content())).toList();
    }

    private static FileRow row(ModelFile file, String baseDeploymentId) {
        return new FileRow(file.name(), file.content(), sha256(file.content()), baseDeploymentId);
    }

    static void checkName(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()
                || ModelFile.Kind.of(fileName) == ModelFile.Kind.OTHER) {
            throw new InvalidInputException("file", "a model file is named like patch-change.bpmn, change-risk.dmn "
                    + "or review-change.form: letters, digits, dot, dash and underscore, at most 100 characters, "
                    + "ending .bpmn, .dmn or .form; not " + quoted(fileName));
        }
    }

    private static void checkCount(int files) {
        if (files > MAX_FILES) {
            throw new InvalidInputException("files", "a draft holds at most " + MAX_FILES + " files");
        }
    }

    private static String title(String title) {
        String name = title == null ? "" : title.strip();
        if (name.isEmpty() || name.length() > MAX_TITLE || !name.equals(io.patchflow.shared.Text.printable(name))) {
            throw new InvalidInputException("title",
                    "a draft needs a title of 1 to " + MAX_TITLE + " printable characters, saying what it changes");
        }
        return name;
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "'" + io.patchflow.shared.Text.printable(value) + "'";
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

}
