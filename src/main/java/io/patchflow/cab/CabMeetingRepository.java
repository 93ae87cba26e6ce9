package io.patchflow.cab;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.patchflow.change.ChangeId;

import io.patchflow.shared.DateTimes;

/**
 * CAB meetings, their frozen agendas, attendees and the votes recorded in them
 * ({@code cab_meeting}, {@code cab_agenda_item}, {@code cab_attendee}, {@code cab_vote}).
 */
@Repository
class CabMeetingRepository {

    private static final String COLUMNS = "id, customer_id, starts_at, cut_off_at, created_by, created_at, state, "
            + "frozen_at";

    private final JdbcClient jdbc;

    CabMeetingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String customerId, Instant startsAt, Instant cutOffAt, String createdBy, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO cab_meeting (customer_id, starts_at, cut_off_at, created_by, created_at, state) "
                + "VALUES (?,?,?,?,?,?)")
            .params(customerId, DateTimes.column(startsAt), DateTimes.column(cutOffAt), createdBy,
                    DateTimes.column(now), CabMeeting.State.PLANNED.name())
            .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    Optional<CabMeeting> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cab_meeting WHERE id = ?")
            .param(id)
            .query(CabMeetingRepository::meeting)
            .optional();
    }

    /** The customers' meetings, the latest first; at most {@code limit}. */
    List<CabMeeting> ofCustomers(Collection<String> customerIds, int limit) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM cab_meeting WHERE customer_id IN (:customers) "
                    + "ORDER BY starts_at DESC, id DESC LIMIT :limit")
            .param("customers", customerIds)
            .param("limit", limit)
            .query(CabMeetingRepository::meeting)
            .list();
    }

    /** Planned meetings whose cut-off has come, the earliest cut-off first. */
    List<CabMeeting> dueForFreezing(Instant now) {
        return jdbc
            .sql("SELECT " + COLUMNS + " FROM cab_meeting WHERE state = ? AND cut_off_at <= ? ORDER BY cut_off_at, id")
            .params(CabMeeting.State.PLANNED.name(), DateTimes.column(now))
            .query(CabMeetingRepository::meeting)
            .list();
    }

    /**
     * Marks the meeting frozen if it is still planned; false if someone else froze it.
     */
    boolean markFrozen(long id, Instant now) {
        return jdbc.sql("UPDATE cab_meeting SET state = ?, frozen_at = ? WHERE id = ? AND state = ?")
            .params(CabMeeting.State.FROZEN.name(), DateTimes.column(now), id, CabMeeting.State.PLANNED.name())
            .update() == 1;
    }

    boolean onAnAgenda(ChangeId change, int round) {
        return jdbc.sql("SELECT count(*) FROM cab_agenda_item WHERE change_id = ? AND approval_round = ?")
            .params(change.value(), round)
            .query(Long.class)
            .single() > 0;
    }

    void addItem(long meetingId, ChangeId change, int round, Instant frozenAt) {
        jdbc.sql("INSERT INTO cab_agenda_item (meeting_id, change_id, approval_round, frozen_at) VALUES (?,?,?,?)")
            .params(meetingId, change.value(), round, DateTimes.column(frozenAt))
            .update();
    }

    List<AgendaItem> agenda(long meetingId) {
        return jdbc
            .sql("SELECT change_id, approval_round, frozen_at FROM cab_agenda_item WHERE meeting_id = ? "
                    + "ORDER BY change_id")
            .param(meetingId)
            .query((rs, n) -> new AgendaItem(new ChangeId(rs.getLong(1)), rs.getInt(2), instant(rs, 3)))
            .list();
    }

    /** Records the person as present; false if they were already. */
    boolean addAttendee(long meetingId, String username, String recordedBy, Instant now) {
        return jdbc
            .sql("INSERT INTO cab_attendee (meeting_id, username, recorded_by, recorded_at) SELECT ?, ?, ?, ? "
                    + "FROM cab_meeting WHERE id = ? AND NOT EXISTS "
                    + "(SELECT 1 FROM cab_attendee WHERE meeting_id = ? AND username = ?)")
            .params(meetingId, username, recordedBy, DateTimes.column(now), meetingId, meetingId, username)
            .update() == 1;
    }

    List<Attendee> attendees(long meetingId) {
        return jdbc
            .sql("SELECT username, recorded_by, recorded_at FROM cab_attendee WHERE meeting_id = ? "
                    + "ORDER BY recorded_at, username")
            .param(meetingId)
            .query((rs, n) -> new Attendee(rs.getString(1), rs.getString(2), instant(rs, 3)))
            .list();
    }

    void recordVote(long meetingId, ChangeId change, int round, String voter, String recordedBy, Instant now) {
        jdbc.sql("INSERT INTO cab_vote (meeting_id, change_id, approval_round, voter, recorded_by, recorded_at) "
                + "VALUES (?,?,?,?,?,?)")
            .params(meetingId, change.value(), round, voter, recordedBy, DateTimes.column(now))
            .update();
    }

    /** Who recorded each vote of this meeting's item, by voter. */
    Map<String, String> recordedBy(long meetingId, ChangeId change, int round) {
        return jdbc.sql(
                "SELECT voter, recorded_by FROM cab_vote WHERE meeting_id = ? AND change_id = ? AND approval_round = ?")
            .params(meetingId, change.value(), round)
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static CabMeeting meeting(ResultSet rs, int n) throws SQLException {
        return new CabMeeting(rs.getLong(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getString(5),
                instant(rs, 6), CabMeeting.State.valueOf(rs.getString(7)), instant(rs, 8));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

}
