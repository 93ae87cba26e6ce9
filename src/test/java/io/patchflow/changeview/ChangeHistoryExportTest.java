package io.patchflow.changeview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.audit.AuditTrail;
import io.patchflow.change.ChangeRequest;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.shared.NotFoundException;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * The history export on the real engine and database: the trail of a change that went
 * through its first steps, as its customer's people download it, and not to anyone else.
 */
@SpringBootTest
@ActiveProfiles("test")
class ChangeHistoryExportTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    ChangeDetailsService details;

    @Autowired
    AuditTrail audit;

    @Test
    void theTrailIsExportedOldestFirstToTheChangesCustomerOnly() throws IOException {
        Fixtures.World acme = fixtures.world();
        acme.asset("app1", Criticality.MEDIUM, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(acme, List.of(fixtures.mediumPatch()), acme.assets("app1"), false, null);
        audit.record(acme.customer, change.id().value(), "=HYPERLINK(\"http://evil\")", "NOTE", "a, \"quoted\"\nnote");

        String csv = details.historyCsv(acme.requester, change.id());
        List<CSVRecord> rows = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))
            .getRecords();

        List<String> kinds = audit.ofChange(change.id().value()).stream().map(e -> e.kind()).toList();
        assertThat(kinds).hasSizeGreaterThan(2);
        assertThat(rows).extracting(r -> r.get("kind")).containsExactlyElementsOf(kinds);
        assertThat(rows.get(0).get("actor")).isEqualTo(acme.requester.username());
        assertThat(rows).extracting(r -> r.get("time"))
            .isSorted()
            .allSatisfy(t -> assertThat(t).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z"));
        CSVRecord note = rows.get(rows.size() - 1);
        assertThat(note.get("actor")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(note.get("detail")).isEqualTo("a, \"quoted\"\nnote");

        Fixtures.World globex = fixtures.world();
        assertThatThrownBy(() -> details.historyCsv(globex.requester, change.id()))
            .isInstanceOf(NotFoundException.class);
    }

}
