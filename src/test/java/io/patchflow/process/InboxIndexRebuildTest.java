package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.patchflow.change.ChangeRequest;
import io.patchflow.inbox.InboxItem;
import io.patchflow.inbox.InboxQuery;
import io.patchflow.inbox.InboxService;
import io.patchflow.inventory.Criticality;
import io.patchflow.inventory.Exposure;
import io.patchflow.testsupport.Fixtures;
import io.patchflow.testsupport.ProcessDriver;

/**
 * A database whose inbox index lost rows (a restore, a database from before the index):
 * on start-up the index is compared with the engine and rebuilt from it.
 */
@SpringBootTest
@ActiveProfiles("test")
class InboxIndexRebuildTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ProcessDriver driver;

    @Autowired
    InboxService inbox;

    @Autowired
    TaskInboxAdapter adapter;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anIndexThatDisagreesWithTheEngineIsRebuiltFromIt() {
        Fixtures.World world = fixtures.world();
        world.asset("lab1", Criticality.LOW, Exposure.INTERNAL, 0);
        ChangeRequest change = driver.submit(world, List.of(fixtures.mediumPatch()), world.assets("lab1"), false, null);
        InboxQuery everything = InboxQuery.firstPage(50);
        List<InboxItem> before = inbox.tasks(world.approver1, everything).items();
        assertThat(before).extracting(InboxItem::changeId).containsExactly(change.id());

        jdbc.sql("DELETE FROM inbox_task").update();
        assertThat(inbox.tasks(world.approver1, everything).items()).isEmpty();

        adapter.checkIndex();

        assertThat(inbox.tasks(world.approver1, everything).items()).isEqualTo(before);
    }

}
