package io.patchflow.modeling;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.patchflow.modeling.ModelDrafts.VersionView;
import io.patchflow.modeling.ModelEngine.Published;
import io.patchflow.security.Actor;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.ForbiddenException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The process analysts' pages: the live models and their versions, drafts, the editor,
 * the review and the publication (docs/user-guide-process-analyst.md).
 */
@Controller
class ModelingController {

    private final ModelDrafts drafts;

    ModelingController(ModelDrafts drafts) {
        this.drafts = drafts;
    }

    @GetMapping("/modeling")
    String overview(Actor actor, Model model) {
        List<VersionView> versions = drafts.versions(actor);
        Map<String, VersionView> live = new LinkedHashMap<>();
        versions.forEach(v -> live.putIfAbsent(v.version().fileName(), v));
        List<VersionView> liveFiles = new ArrayList<>(live.values());
        liveFiles.sort(java.util.Comparator.comparing(v -> v.version().fileName()));
        model.addAttribute("live", liveFiles);
        // an upgrade of Patchflow that ships a changed file deploys it over the analysts'
        // version (ADR 0048): say so where they look
        model.addAttribute("shippedOver",
                liveFiles.stream()
                    .filter(v -> v.publishedBy() == null)
                    .map(v -> v.version().fileName())
                    .filter(file -> versions.stream()
                        .anyMatch(o -> o.version().fileName().equals(file) && o.publishedBy() != null))
                    .toList());
        model.addAttribute("open", drafts.drafts(actor,
                EnumSet.of(DraftState.DRAFT, DraftState.SUBMITTED, DraftState.APPROVED, DraftState.REJECTED), 100));
        model.addAttribute("closed", drafts.drafts(actor, EnumSet.of(DraftState.PUBLISHED, DraftState.WITHDRAWN), 20));
        model.addAttribute("canChange", ModelDrafts.CHANGE_MODELS.allows(actor));
        return "modeling/overview";
    }

    @PostMapping("/modeling/drafts")
    String create(Actor actor, @RequestParam(required = false) String title,
            @RequestParam(required = false) List<String> liveFiles, RedirectAttributes redirect) {
        return act(redirect, "/modeling", () -> {
            DraftView draft = drafts.create(actor, title, liveFiles == null ? List.of() : liveFiles, List.of(),
                    "BROWSER");
            redirect.addFlashAttribute("notice", "Draft " + draft.id() + " started.");
            return "/modeling/drafts/" + draft.id();
        });
    }

    @GetMapping("/modeling/drafts/{id}")
    String draft(Actor actor, @PathVariable long id,
            @RequestParam(defaultValue = "" + io.patchflow.risk.DecisionImpact.DEFAULT_LAST_N) int lastN, Model model) {
        DraftView draft = drafts.view(actor, id);
        model.addAttribute("draft", draft);
        Map<String, ModelDiff.Diff> diffs = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (DraftView.FileView file : draft.files()) {
            if (file.changed()) {
                try {
                    diffs.put(file.name(), drafts.diff(actor, id, file.name()));
                }
                catch (InvalidInputException e) {
                    unreadable.put(file.name(), e.getMessage());
                }
            }
        }
        model.addAttribute("diffs", diffs);
        model.addAttribute("unreadable", unreadable);
        model.addAttribute("lastN", lastN);
        try {
            model.addAttribute("impact", drafts.impact(actor, id, lastN));
        }
        catch (InvalidInputException | io.patchflow.shared.UnavailableException e) {
            model.addAttribute("impact", Map.of());
            model.addAttribute("impactError", e.getMessage());
        }
        return "modeling/draft";
    }

    @GetMapping("/modeling/drafts/{id}/diff/{file}")
    String draftDiff(Actor actor, @PathVariable long id, @PathVariable String file, Model model) {
        DraftView draft = drafts.view(actor, id);
        model.addAttribute("draft", draft);
        model.addAttribute("file", file);
        model.addAttribute("diff", drafts.diff(actor, id, file));
        if (draft.state().open()) {
            boolean live = drafts.live(actor, file).isPresent();
            model.addAttribute("beforeUrl", live ? "/modeling/versions/live/files/" + file : null);
            model.addAttribute("beforeLabel", "live version");
        }
        else {
            // closed: what it changed, against the version it copied
            String base = draft.files()
                .stream()
                .filter(f -> f.name().equals(file))
                .map(DraftView.FileView::baseDeploymentId)
                .findFirst()
                .orElse(null);
            model.addAttribute("beforeUrl", base == null ? null : "/modeling/versions/" + base + "/files/" + file);
            model.addAttribute("beforeLabel", base == null ? "nothing (a new file)" : "deployment " + base);
        }
        model.addAttribute("afterUrl", "/modeling/drafts/" + id + "/files/" + file);
        model.addAttribute("diffUrl", "/modeling/drafts/" + id + "/diff/" + file + ".json");
        model.addAttribute("afterLabel", "draft " + id + " revision " + draft.revision());
        return "modeling/diff";
    }

    @GetMapping("/modeling/files/{file}/diff")
    String versionDiff(Actor actor, @PathVariable String file, @RequestParam String from, @RequestParam String to,
            Model model) {
        model.addAttribute("draft", null);
        model.addAttribute("file", file);
        model.addAttribute("diff", drafts.diff(actor, file, from, to));
        model.addAttribute("beforeUrl", "/modeling/versions/" + from + "/files/" + file);
        model.addAttribute("afterUrl", "/modeling/versions/" + to + "/files/" + file);
        model.addAttribute("diffUrl", "/modeling/files/" + file + "/diff.json?from=" + from + "&to=" + to);
        model.addAttribute("beforeLabel", "deployment " + from);
        model.addAttribute("afterLabel", "deployment " + to);
        return "modeling/diff";
    }

    @GetMapping("/modeling/drafts/{id}/edit/{file}")
    String edit(Actor actor, @PathVariable long id, @PathVariable String file, Model model) {
        DraftView draft = drafts.view(actor, id);
        DraftView.FileView view = draft.files()
            .stream()
            .filter(f -> f.name().equals(file))
            .findFirst()
            .orElseThrow(() -> new NotFoundException("draft " + id + " has no file " + file));
        model.addAttribute("draft", draft);
        model.addAttribute("file", view);
        model.addAttribute("kind", view.kind().name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("readonly", !draft.actions().edit());
        return "modeling/editor";
    }

    @PostMapping("/modeling/drafts/{id}/files")
    String addFile(Actor actor, @PathVariable long id, @RequestParam(required = false) String file,
            @RequestParam int revision, RedirectAttributes redirect) {
        String back = "/modeling/drafts/" + id;
        return act(redirect, back, () -> {
            drafts.addFile(actor, id, file, revision);
            redirect.addFlashAttribute("notice", "Added " + file + ".");
            return back;
        });
    }

    @PostMapping("/modeling/drafts/{id}/files/{file}/remove")
    String removeFile(Actor actor, @PathVariable long id, @PathVariable String file, @RequestParam int revision,
            RedirectAttributes redirect) {
        String back = "/modeling/drafts/" + id;
        return act(redirect, back, () -> {
            drafts.removeFile(actor, id, file, revision);
            redirect.addFlashAttribute("notice", "Removed " + file + " from the draft.");
            return back;
        });
    }

    @PostMapping("/modeling/drafts/{id}/submit")
    String submit(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
        String back = "/modeling/drafts/" + id;
        return act(redirect, back, () -> {
            drafts.submit(actor, id);
            redirect.addFlashAttribute("notice", "Submitted for review: a second analyst decides.");
            return back;
        });
    }

    @PostMapping("/modeling/drafts/{id}/review")
    String review(Actor actor, @PathVariable long id, @RequestParam String decision,
            @RequestParam(required = false) String comment, @RequestParam int revision, RedirectAttributes redirect) {
        String back = "/modeling/drafts/" + id;
        return act(redirect, back, () -> {
            boolean approve = switch (decision) {
                case "approve" -> true;
                case "reject" -> false;
                default -> throw new InvalidInputException("decision", "approve or reject");
            };
            drafts.review(actor, id, revision, approve, comment);
            redirect.addFlashAttribute("notice", approve ? "Approved: it may be published now." : "Rejected.");
            return back;
        });
    }

    @PostMapping("/modeling/drafts/{id}/publish")
    String publish(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
        String back = "/modeling/drafts/" + id;
        return act(redirect, back, () -> {
            Published published = drafts.publish(actor, id);
            redirect.addFlashAttribute("notice",
                    "Published as deployment " + published.deploymentId() + ": "
                            + published.versions()
                                .stream()
                                .map(v -> v.fileName() + " version " + v.version())
                                .collect(java.util.stream.Collectors.joining(", "))
                            + ". New changes start on it; running ones stay on their version unless you migrate them.");
            return back;
        });
    }

    @PostMapping("/modeling/drafts/{id}/withdraw")
    String withdraw(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
        String back = "/modeling/drafts/" + id;
        return act(redirect, back, () -> {
            drafts.withdraw(actor, id);
            redirect.addFlashAttribute("notice", "Withdrawn.");
            return back;
        });
    }

    @GetMapping("/modeling/files/{file}")
    String history(Actor actor, @PathVariable String file, Model model) {
        ModelDrafts.checkName(file);
        List<VersionView> versions = drafts.versions(actor)
            .stream()
            .filter(v -> v.version().fileName().equals(file))
            .toList();
        if (versions.isEmpty()) {
            throw new NotFoundException("no model file " + file + " is deployed");
        }
        model.addAttribute("file", file);
        model.addAttribute("versions", versions);
        model.addAttribute("canChange", ModelDrafts.CHANGE_MODELS.allows(actor));
        return "modeling/history";
    }

    @PostMapping("/modeling/rollback")
    String rollback(Actor actor, @RequestParam String file, @RequestParam String deploymentId,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        ModelDrafts.checkName(file);
        String back = "/modeling/files/" + file;
        return act(redirect, back, () -> {
            Published published = drafts.rollback(actor, deploymentId, file, reason);
            redirect.addFlashAttribute("notice",
                    file + " is back to that version, published again as deployment " + published.deploymentId() + ".");
            return back;
        });
    }

    @GetMapping("/modeling/migration/{processKey}")
    String migration(Actor actor, @PathVariable String processKey, Model model) {
        model.addAttribute("processKey", processKey);
        model.addAttribute("checks", drafts.migrationCandidates(actor, processKey));
        model.addAttribute("canChange", ModelDrafts.CHANGE_MODELS.allows(actor));
        return "modeling/migration";
    }

    @PostMapping("/modeling/migration/{processKey}")
    String migrate(Actor actor, @PathVariable String processKey, @RequestParam(required = false) List<String> instances,
            RedirectAttributes redirect) {
        String back = "/modeling/migration/" + processKey;
        return act(redirect, back, () -> {
            int moved = drafts.migrate(actor, processKey, instances);
            redirect.addFlashAttribute("notice",
                    moved + " running " + (moved == 1 ? "change" : "changes") + " moved to the newest version.");
            return back;
        });
    }

    /** Runs a page action; a refusal goes back where the person was, with why. */
    private static String act(RedirectAttributes redirect, String back, Supplier<String> action) {
        try {
            return "redirect:" + action.get();
        }
        catch (InvalidInputException | ConflictException | ForbiddenException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:" + back;
        }
    }

}
