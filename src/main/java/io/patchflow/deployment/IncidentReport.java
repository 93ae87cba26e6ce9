package io.patchflow.deployment;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.patchflow.agent.FinishedJob;
import io.patchflow.change.ChangeRequest;

/**
 * The text of the incident ticket a failed change opens: the failed assets, each with how
 * it ended and what its agent reported at every step that failed, and at the rollback.
 * Kept within {@link #LIMIT} characters (a ticket note's size); assets that do not fit
 * are counted, not dropped silently.
 */
final class IncidentReport {

    /** A ticket note holds 4,000 characters. */
    static final int LIMIT = 4000;

    /** How much of one agent report is quoted. */
    static final int REPORT_LIMIT = 400;

    private IncidentReport() {
    }

    static String of(ChangeRequest change, List<ChangeAssetView> assets, List<FinishedJob> results) {
        Map<Long, List<FinishedJob>> byAsset = results.stream().collect(Collectors.groupingBy(FinishedJob::assetId));
        List<ChangeAssetView> failed = assets.stream()
            .filter(a -> byAsset.getOrDefault(a.assetId(), List.of()).stream().anyMatch(FinishedJob::failed)
                    || a.state().failed())
            .toList();
        StringBuilder text = new StringBuilder("Change " + change.id() + " (" + change.title() + ") failed on "
                + failed.size() + " of " + assets.size() + " asset(s).\n");
        int shown = 0;
        for (ChangeAssetView asset : failed) {
            StringBuilder entry = new StringBuilder("\n" + asset.hostname() + ": now " + asset.state() + "\n");
            for (FinishedJob job : byAsset.getOrDefault(asset.assetId(), List.of())) {
                if (job.failed() || job.phase() == io.patchflow.agent.DeploymentPhase.ROLLBACK) {
                    entry.append("  ")
                        .append(job.phase())
                        .append(' ')
                        .append(job.status())
                        .append(job.finishedAt() == null ? "" : " at " + job.finishedAt())
                        .append(": ")
                        .append(job.detail() == null ? "(no report from the agent)" : quote(job.detail()))
                        .append('\n');
                }
            }
            String more = "\n… and " + (failed.size() - shown) + " more failed asset(s): see the change page.";
            if (text.length() + entry.length() + more.length() > LIMIT) {
                text.append(more);
                return text.toString();
            }
            text.append(entry);
            shown++;
        }
        return text.toString();
    }

    private static String quote(String report) {
        String oneLine = report.strip().replace("\r", "").replace("\n", " | ");
        return oneLine.length() > REPORT_LIMIT ? oneLine.substring(0, REPORT_LIMIT) + "…" : oneLine;
    }

}
