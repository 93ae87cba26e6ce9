package io.patchflow.modeling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.audit.AuditTrail;
import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;

/**
 * What Camunda Modeler deploys becomes a draft awaiting review (ADR 0053), never a
 * deployment: the files are validated first, and a model with findings is refused with
 * all of them in the message and nothing stored. A second deployment under the same name
 * by the same analyst is a new revision of their open draft.
 */
@Service
public class ModelerIntake {

    /** What the tool learns: the draft and the revision now awaiting review. */
    public record Intake(long draftId, int revision, boolean unchanged) {
    }

    private final ModelDrafts drafts;

    private final ModelValidator validator;

    private final AuditTrail audit;

    private final TransactionTemplate transaction;

    ModelerIntake(ModelDrafts drafts, ModelValidator validator, AuditTrail audit,
            PlatformTransactionManager transactions) {
        this.drafts = drafts;
        this.validator = validator;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * @param name the deployment name the tool sends: the draft's title
     * @throws ModelRefused with every finding; nothing was stored
     */
    public Intake deploy(Actor actor, String name, List<ModelFile> files) {
        ModelDrafts.CHANGE_MODELS.check(actor);
        if (files.isEmpty()) {
            throw new InvalidInputException("files",
                    "the deployment holds no file; send the diagram and its forms " + "and decision tables");
        }
        String title = name == null || name.isBlank() ? files.get(0).name() : name.strip();
        Map<String, ModelFile> byName = new TreeMap<>();
        for (ModelFile file : files) {
            ModelDrafts.checkName(file.name());
            if (byName.put(file.name(), file) != null) {
                throw new InvalidInputException("files", "the file " + file.name() + " is sent twice");
            }
        }
        Long existing = drafts.openDraftTitled(actor, title).orElse(null);
        Map<String, ModelFile> complete = new TreeMap<>();
        if (existing != null) {
            drafts.files(actor, existing).forEach(f -> complete.put(f.name(), f));
        }
        complete.putAll(byName);
        List<ModelFinding> findings = validator.validate(new ArrayList<>(complete.values()));
        if (!findings.isEmpty()) {
            audit.record(null, null, actor.username(), "MODEL_REFUSED",
                    "deployment \"" + title + "\" from Camunda Modeler refused, nothing stored: " + findings.size()
                            + " findings, the first: " + findings.get(0).message());
            throw new ModelRefused("Patchflow refused \"" + title + "\"", findings);
        }
        return transaction.execute(status -> {
            if (existing == null) {
                DraftView draft = drafts.create(actor, title, List.of(), List.copyOf(byName.values()), "MODELER");
                drafts.submit(actor, draft.id());
                return new Intake(draft.id(), draft.revision(), false);
            }
            DraftView before = drafts.view(actor, existing);
            ModelDrafts.Saved saved = drafts.replaceFiles(actor, existing, List.copyOf(byName.values()), "MODELER");
            boolean unchanged = saved.revision() == before.revision();
            if (!unchanged || before.state() == DraftState.DRAFT || before.state() == DraftState.REJECTED) {
                drafts.submit(actor, existing);
            }
            return new Intake(existing, saved.revision(), unchanged);
        });
    }

}
