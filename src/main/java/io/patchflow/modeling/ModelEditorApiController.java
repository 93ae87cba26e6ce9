package io.patchflow.modeling;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.patchflow.modeling.ModelDrafts.Saved;
import io.patchflow.security.Actor;

/**
 * What the browser editors fetch and send, with the pages' session and CSRF token: a
 * draft's file, a save, a validation of what the editor holds, the delegate catalogue.
 */
@RestController
class ModelEditorApiController {

    private final ModelDrafts drafts;

    private final ObjectProvider<DelegateCatalogue> catalogue;

    ModelEditorApiController(ModelDrafts drafts, ObjectProvider<DelegateCatalogue> catalogue) {
        this.drafts = drafts;
        this.catalogue = catalogue;
    }

    @GetMapping("/modeling/drafts/{id}/files/{file}")
    ResponseEntity<byte[]> file(Actor actor, @PathVariable long id, @PathVariable String file,
            @RequestParam(required = false) Integer revision) {
        return raw(drafts.file(actor, id, file, revision));
    }

    @PutMapping("/modeling/drafts/{id}/files/{file}")
    Saved save(Actor actor, @PathVariable long id, @PathVariable String file,
            @RequestBody ModelingApiController.Content body) {
        return drafts.save(actor, id, file, ModelingApiController.text(body.content()).getBytes(StandardCharsets.UTF_8),
                ModelingApiController.revision(body.revision()));
    }

    @PostMapping("/modeling/drafts/{id}/validate")
    Map<String, Object> validate(Actor actor, @PathVariable long id, @RequestBody Unsaved body) {
        List<ModelFinding> findings = drafts.validate(actor, id, body.file(),
                ModelingApiController.text(body.content()).getBytes(StandardCharsets.UTF_8));
        return ModelingApiController.findings(findings);
    }

    record Unsaved(String file, String content) {
    }

    @GetMapping("/modeling/drafts/{id}/diff/{file}.json")
    ModelDiff.Diff draftDiff(Actor actor, @PathVariable long id, @PathVariable String file) {
        return drafts.diff(actor, id, file);
    }

    @GetMapping("/modeling/files/{file}/diff.json")
    ModelDiff.Diff versionDiff(Actor actor, @PathVariable String file, @RequestParam String from,
            @RequestParam String to) {
        return drafts.diff(actor, file, from, to);
    }

    @GetMapping("/modeling/versions/{deploymentId}/files/{file}")
    ResponseEntity<byte[]> version(Actor actor, @PathVariable String deploymentId, @PathVariable String file) {
        if ("live".equals(deploymentId)) {
            return raw(drafts.live(actor, file)
                .orElseThrow(() -> new io.patchflow.shared.NotFoundException(file + " is not deployed")));
        }
        return raw(drafts.version(actor, file, deploymentId));
    }

    @GetMapping("/modeling/delegates.json")
    Map<String, Object> delegates(Actor actor) {
        ModelDrafts.READ_MODELS.check(actor);
        DelegateCatalogue known = catalogue.getIfAvailable();
        return Map.of("delegates", known == null ? List.of() : known.delegates());
    }

    /**
     * A model file as text that a browser shows and never runs: the editor reads it; a
     * person opening the address sees the source.
     */
    static ResponseEntity<byte[]> raw(ModelFile file) {
        return ResponseEntity.ok()
            .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
            .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + file.name() + "\"")
            .cacheControl(CacheControl.noStore())
            .body(file.content());
    }

}
