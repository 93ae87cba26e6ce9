package io.patchflow.modeling;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.modeling.ModelDrafts.DraftSummary;
import io.patchflow.modeling.ModelDrafts.Saved;
import io.patchflow.modeling.ModelDrafts.VersionView;
import io.patchflow.modeling.ModelEngine.Published;
import io.patchflow.security.Actor;
import io.patchflow.shared.InvalidInputException;

/**
 * The model workspace for scripts and tools (docs/user-guide-process-analyst.md): the
 * same drafts, reviews and publications as the pages, by HTTP Basic.
 */
@RestController
@RequestMapping("/api/modeling")
class ModelingApiController {

    private final ModelDrafts drafts;

    ModelingApiController(ModelDrafts drafts) {
        this.drafts = drafts;
    }

    @GetMapping("/versions")
    List<VersionView> versions(Actor actor) {
        return drafts.versions(actor);
    }

    @GetMapping("/drafts")
    List<DraftSummary> list(Actor actor, @RequestParam(required = false) Set<DraftState> state) {
        return drafts.drafts(actor, state == null || state.isEmpty() ? EnumSet.allOf(DraftState.class) : state, 200);
    }

    /** A new draft: copies of live files, and new files with their content. */
    @PostMapping("/drafts")
    DraftView create(Actor actor, @RequestBody NewDraft body) {
        List<ModelFile> files = body.newFiles() == null ? List.of() : body.newFiles()
            .stream()
            .map(f -> f == null ? null : new ModelFile(f.name(), text(f.content()).getBytes(StandardCharsets.UTF_8)))
            .toList();
        return drafts.create(actor, body.title(), body.liveFiles() == null ? List.of() : body.liveFiles(), files,
                "API");
    }

    record NewDraft(String title, List<String> liveFiles, List<NewFile> newFiles) {
    }

    record NewFile(String name, String content) {
    }

    @GetMapping("/drafts/{id}")
    DraftView draft(Actor actor, @PathVariable long id) {
        return drafts.view(actor, id);
    }

    @GetMapping(path = "/drafts/{id}/files/{file}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<byte[]> file(Actor actor, @PathVariable long id, @PathVariable String file,
            @RequestParam(required = false) Integer revision) {
        return ModelEditorApiController.raw(drafts.file(actor, id, file, revision));
    }

    @PutMapping("/drafts/{id}/files/{file}")
    Saved save(Actor actor, @PathVariable long id, @PathVariable String file, @RequestBody Content body) {
        return drafts.save(actor, id, file, text(body.content()).getBytes(StandardCharsets.UTF_8),
                revision(body.revision()));
    }

    record Content(String content, Integer revision) {
    }

    @GetMapping("/drafts/{id}/diff/{file}")
    ModelDiff.Diff diff(Actor actor, @PathVariable long id, @PathVariable String file) {
        return drafts.diff(actor, id, file);
    }

    @GetMapping("/files/{file}/diff")
    ModelDiff.Diff versionDiff(Actor actor, @PathVariable String file, @RequestParam String from,
            @RequestParam String to) {
        return drafts.diff(actor, file, from, to);
    }

    /** The impact preview of the draft's decision tables, per DMN file (ADR 0051). */
    @GetMapping("/drafts/{id}/impact")
    Map<String, io.patchflow.risk.ImpactReport> impact(Actor actor, @PathVariable long id,
            @RequestParam(defaultValue = "" + io.patchflow.risk.DecisionImpact.DEFAULT_LAST_N) int lastN) {
        return drafts.impact(actor, id, lastN);
    }

    @PostMapping("/drafts/{id}/submit")
    DraftView submit(Actor actor, @PathVariable long id) {
        return drafts.submit(actor, id);
    }

    @PostMapping("/drafts/{id}/review")
    DraftView review(Actor actor, @PathVariable long id, @RequestBody Review body) {
        if (body.decision() == null || !Set.of("APPROVED", "REJECTED").contains(body.decision())) {
            throw new InvalidInputException("decision", "decision is APPROVED or REJECTED");
        }
        return drafts.review(actor, id, revision(body.revision()), body.decision().equals("APPROVED"), body.comment());
    }

    record Review(String decision, String comment, Integer revision) {
    }

    @PostMapping("/drafts/{id}/publish")
    Published publish(Actor actor, @PathVariable long id) {
        return drafts.publish(actor, id);
    }

    @PostMapping("/drafts/{id}/withdraw")
    DraftView withdraw(Actor actor, @PathVariable long id) {
        return drafts.withdraw(actor, id);
    }

    @PostMapping("/rollback")
    Published rollback(Actor actor, @RequestBody Rollback body) {
        return drafts.rollback(actor, body.deploymentId(), body.file(), body.reason());
    }

    record Rollback(String deploymentId, String file, String reason) {
    }

    static String text(String content) {
        if (content == null) {
            throw new InvalidInputException("content", "content is the file's text");
        }
        return content;
    }

    static int revision(Integer revision) {
        if (revision == null) {
            throw new InvalidInputException("revision", "revision is the revision the change was made on");
        }
        return revision;
    }

    static Map<String, Object> findings(List<ModelFinding> findings) {
        return Map.of("findings", findings);
    }

}
