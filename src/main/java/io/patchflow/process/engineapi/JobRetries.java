package io.patchflow.process.engineapi;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.runtime.Job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What "retry a failed job" means here: give a job whose retries ran out (an incident) a
 * number of new attempts, nothing else. Camunda's retries call also takes a due date,
 * which would fire any timer at once (a maintenance window, a bake time) or hold a change
 * back indefinitely, and also works on jobs that have not failed, and on every job a
 * query finds. None of that is a retry.
 */
final class JobRetries {

    static final int MAX_RETRIES = 10;

    private static final Pattern JOB = Pattern.compile("^/job/([^/]+)/retries$");

    private static final Pattern DEFINITION = Pattern.compile("^/job-definition/([^/]+)/retries$");

    /** A refusal with the HTTP status it deserves. */
    record Problem(int status, String message) {
    }

    private JobRetries() {
    }

    static boolean isRetry(String enginePath) {
        return enginePath != null && (JOB.matcher(enginePath).matches() || DEFINITION.matcher(enginePath).matches());
    }

    /**
     * The HTTP filter's check, before Camunda sees the request: the body, and the job.
     */
    static Optional<Problem> checkRequest(String enginePath, byte[] body, ObjectMapper json,
            ManagementService management) {
        JsonNode request;
        try {
            request = json.readTree(body);
        }
        catch (IOException e) {
            return Optional.of(new Problem(400, "the body is not JSON: send {\"retries\": n}"));
        }
        if (request == null || !request.isObject()) {
            return Optional.of(new Problem(400, "send {\"retries\": n}, with n from 1 to " + MAX_RETRIES));
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = request.fieldNames(); names.hasNext();) {
            fields.add(names.next());
        }
        if (fields.contains("dueDate")) {
            return Optional
                .of(new Problem(403, "a retry does not move a job's due date: that would fire a timer at once "
                        + "(a maintenance window, a bake time) or hold a change back"));
        }
        if (!fields.equals(List.of("retries")) || !request.get("retries").isInt() || request.get("retries").asInt() < 1
                || request.get("retries").asInt() > MAX_RETRIES) {
            return Optional
                .of(new Problem(400, "send {\"retries\": n}, with n from 1 to " + MAX_RETRIES + " and nothing else"));
        }
        Matcher job = JOB.matcher(enginePath);
        if (job.matches()) {
            return failedJobProblem(job.group(1), management);
        }
        Matcher definition = DEFINITION.matcher(enginePath);
        if (definition.matches()
                && management.createJobDefinitionQuery().jobDefinitionId(definition.group(1)).count() == 0) {
            return Optional.of(new Problem(404, "no job definition " + definition.group(1)));
        }
        return Optional.empty();
    }

    /** The engine guard's check of the command itself, however the request looked. */
    static Optional<String> checkCommand(Command<?> command, ManagementService management) {
        if (!(command instanceof SetJobRetriesCmd retries)) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(field(retries, "isDueDateSet"))) {
            return Optional.of("a retry does not move a job's due date");
        }
        Object count = field(retries, "retries");
        if (!(count instanceof Integer n) || n < 1 || n > MAX_RETRIES) {
            return Optional.of("a retry gives a failed job 1 to " + MAX_RETRIES + " new attempts");
        }
        List<String> jobs = new ArrayList<>();
        if (field(retries, "jobId") instanceof String id) {
            jobs.add(id);
        }
        if (field(retries, "jobIds") instanceof List<?> ids) {
            ids.forEach(id -> jobs.add(String.valueOf(id)));
        }
        for (String id : jobs) {
            Optional<Problem> problem = failedJobProblem(id, management);
            if (problem.isPresent()) {
                return Optional.of(problem.get().message());
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> failedJobProblem(String jobId, ManagementService management) {
        Job job = management.createJobQuery().jobId(jobId).singleResult();
        if (job == null) {
            return Optional.of(new Problem(404, "no job " + jobId));
        }
        if (job.getRetries() > 0) {
            return Optional.of(new Problem(409, "job " + jobId + " has not failed (" + job.getRetries()
                    + " retries left): only a failed job is retried"));
        }
        return Optional.empty();
    }

    /**
     * Camunda keeps the command's arguments to itself; EngineApiRulesTest checks the
     * fields exist.
     */
    static Object field(SetJobRetriesCmd command, String name) {
        try {
            Field field = SetJobRetriesCmd.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(command);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SetJobRetriesCmd has no field " + name + " in this Camunda version", e);
        }
    }

}
