package io.patchflow.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.patchflow.modeling.ModelEngine;
import io.patchflow.modeling.ModelFile;
import io.patchflow.modeling.ModelFile.Kind;
import io.patchflow.shared.ConflictException;
import io.patchflow.shared.InvalidInputException;
import io.patchflow.shared.NotFoundException;

/**
 * The engine's repository as the analysts' workspace sees it: model files named by their
 * file name (the start-up deployment names them by path), their versions, publication as
 * a new deployment, and migration of running instances with Camunda's migration API.
 */
@Component
class ModelEngineAdapter implements ModelEngine {

    /** All analysts' publications carry this deployment source. */
    static final String SOURCE = "Patchflow model workspace";

    private final RepositoryService repository;

    private final RuntimeService runtime;

    private final TransactionTemplate probe;

    ModelEngineAdapter(RepositoryService repository, RuntimeService runtime, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.runtime = runtime;
        this.probe = new TransactionTemplate(transactions);
        this.probe.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public List<ModelVersion> versions() {
        Map<String, Deployment> deployments = new HashMap<>();
        repository.createDeploymentQuery().list().forEach(d -> deployments.put(d.getId(), d));
        List<ModelVersion> versions = new ArrayList<>();
        for (ProcessDefinition p : repository.createProcessDefinitionQuery().withoutTenantId().list()) {
            add(versions, deployments.get(p.getDeploymentId()), p.getResourceName(), p.getKey(), p.getVersion());
        }
        // a file of one decision has no requirements definition: its decisions stand for
        // it
        Map<String, ModelVersion> dmn = new LinkedHashMap<>();
        for (DecisionDefinition d : repository.createDecisionDefinitionQuery().withoutTenantId().list()) {
            Deployment deployment = deployments.get(d.getDeploymentId());
            if (deployment != null && d.getResourceName() != null) {
                String key = d.getDecisionRequirementsDefinitionKey() != null ? d.getDecisionRequirementsDefinitionKey()
                        : d.getKey();
                ModelVersion version = new ModelVersion(deployment.getId(), fileName(d.getResourceName()), key,
                        d.getVersion(), deployment.getName(), deployment.getDeploymentTime().toInstant());
                dmn.merge(deployment.getId() + "/" + version.fileName(), version,
                        (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        versions.addAll(dmn.values());
        addForms(versions, deployments.values());
        // a file of several processes (a collaboration) is one version of one file
        Map<String, ModelVersion> unique = new LinkedHashMap<>();
        versions.forEach(v -> unique.merge(v.deploymentId() + "/" + v.fileName(), v,
                (a, b) -> a.definitionKey().compareTo(b.definitionKey()) <= 0 ? a : b));
        versions = new ArrayList<>(unique.values());
        versions.sort(Comparator.comparing(ModelVersion::deployedAt)
            .thenComparing(ModelVersion::version)
            .thenComparing(ModelVersion::deploymentId)
            .reversed());
        return versions;
    }

    /**
     * The engine has no query for its form definitions: a form's versions are the
     * deployments that carry its file, in the order they were made.
     */
    private void addForms(List<ModelVersion> versions, java.util.Collection<Deployment> deployments) {
        Map<String, Integer> seen = new HashMap<>();
        deployments.stream()
            .filter(d -> d.getTenantId() == null)
            .sorted(Comparator.comparing(Deployment::getDeploymentTime).thenComparing(Deployment::getId))
            .forEach(d -> repository.getDeploymentResourceNames(d.getId())
                .stream()
                .filter(name -> ModelFile.Kind.of(name) == Kind.FORM)
                .forEach(name -> {
                    String file = fileName(name);
                    int version = seen.merge(file, 1, Integer::sum);
                    add(versions, d, name, file.substring(0, file.length() - ".form".length()), version);
                }));
    }

    private static void add(List<ModelVersion> versions, Deployment deployment, String resourceName, String key,
            int version) {
        if (deployment == null || resourceName == null) {
            return;
        }
        versions.add(new ModelVersion(deployment.getId(), fileName(resourceName), key, version, deployment.getName(),
                deployment.getDeploymentTime().toInstant()));
    }

    @Override
    public Optional<ModelFile> file(String deploymentId, String fileName) {
        if (deploymentId == null || repository.createDeploymentQuery().deploymentId(deploymentId).count() == 0) {
            return Optional.empty();
        }
        return repository.getDeploymentResourceNames(deploymentId)
            .stream()
            .filter(name -> fileName(name).equals(fileName))
            .findFirst()
            .map(name -> new ModelFile(fileName, read(deploymentId, name)));
    }

    @Override
    public List<ModelFile> liveFiles() {
        Map<String, ModelFile> live = new LinkedHashMap<>();
        for (ModelVersion version : versions()) {
            if (!live.containsKey(version.fileName())) {
                file(version.deploymentId(), version.fileName()).ifPresent(f -> live.put(f.name(), f));
            }
        }
        return List.copyOf(live.values());
    }

    @Override
    public Published publish(List<ModelFile> files, String label) {
        DeploymentBuilder deployment = repository.createDeployment().name(label).source(SOURCE);
        files.forEach(f -> deployment.addInputStream(f.name(), new ByteArrayInputStream(f.content())));
        DeploymentWithDefinitions deployed = deployment.deployWithResult();
        List<ModelVersion> versions = new ArrayList<>();
        java.util.Objects.requireNonNullElse(deployed.getDeployedProcessDefinitions(), List.<ProcessDefinition>of())
            .forEach(p -> add(versions, deployed, p.getResourceName(), p.getKey(), p.getVersion()));
        versions().stream()
            .filter(v -> v.deploymentId().equals(deployed.getId()) && ModelFile.Kind.of(v.fileName()) != Kind.BPMN)
            .forEach(v -> versions.add(v));
        return new Published(deployed.getId(), versions);
    }

    @Override
    public List<RunningInstance> runningOnOlderVersions(String processKey) {
        ProcessDefinition latest = latest(processKey);
        Map<String, Integer> versionOf = new HashMap<>();
        repository.createProcessDefinitionQuery()
            .processDefinitionKey(processKey)
            .withoutTenantId()
            .list()
            .forEach(p -> versionOf.put(p.getId(), p.getVersion()));
        List<RunningInstance> running = new ArrayList<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
            .processDefinitionKey(processKey)
            .orderByProcessInstanceId()
            .asc()
            .list()) {
            if (!instance.getProcessDefinitionId().equals(latest.getId())) {
                running.add(new RunningInstance(instance.getId(), instance.getBusinessKey(),
                        versionOf.getOrDefault(instance.getProcessDefinitionId(), 0),
                        runtime.getActiveActivityIds(instance.getId())));
            }
        }
        return running;
    }

    @Override
    public List<MigrationCheck> checkMigration(String processKey, List<String> instanceIds) {
        ProcessDefinition target = latest(processKey);
        List<MigrationCheck> checks = new ArrayList<>();
        Map<String, Plan> plans = new HashMap<>();
        for (String id : instanceIds) {
            ProcessInstance instance = instance(processKey, id);
            int from = repository.getProcessDefinition(instance.getProcessDefinitionId()).getVersion();
            if (instance.getProcessDefinitionId().equals(target.getId())) {
                checks.add(new MigrationCheck(id, instance.getBusinessKey(), from, target.getVersion(), false,
                        List.of("it runs on the newest version already")));
                continue;
            }
            Plan plan = plans.computeIfAbsent(instance.getProcessDefinitionId(), source -> plan(source, target));
            List<String> reasons = plan.refusal != null ? plan.refusal : dryRun(plan.plan, id);
            checks.add(new MigrationCheck(id, instance.getBusinessKey(), from, target.getVersion(), reasons.isEmpty(),
                    reasons));
        }
        return checks;
    }

    @Override
    public void migrate(String processKey, List<String> instanceIds) {
        ProcessDefinition target = latest(processKey);
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (String id : instanceIds) {
            ProcessInstance instance = instance(processKey, id);
            if (instance.getProcessDefinitionId().equals(target.getId())) {
                throw new ConflictException(
                        "the instance of " + instance.getBusinessKey() + " runs on the newest version already");
            }
            bySource.computeIfAbsent(instance.getProcessDefinitionId(), s -> new ArrayList<>()).add(id);
        }
        for (Map.Entry<String, List<String>> group : bySource.entrySet()) {
            Plan plan = plan(group.getKey(), target);
            if (plan.refusal != null) {
                throw new ConflictException("no migration plan from this version: " + String.join("; ", plan.refusal));
            }
            try {
                runtime.newMigration(plan.plan)
                    .processInstanceIds(group.getValue())
                    .skipCustomListeners()
                    .skipIoMappings()
                    .execute();
            }
            catch (MigratingProcessInstanceValidationException e) {
                throw new ConflictException("instance " + e.getValidationReport().getProcessInstanceId()
                        + " cannot move: " + String.join("; ", reasons(e)));
            }
        }
    }

    /** A plan from one version to the newest, or why there is none. */
    private record Plan(MigrationPlan plan, List<String> refusal) {
    }

    private Plan plan(String sourceDefinitionId, ProcessDefinition target) {
        try {
            return new Plan(runtime.createMigrationPlan(sourceDefinitionId, target.getId())
                .mapEqualActivities()
                .updateEventTriggers()
                .build(), null);
        }
        catch (MigrationPlanValidationException e) {
            List<String> reasons = new ArrayList<>();
            e.getValidationReport()
                .getInstructionReports()
                .forEach(r -> r.getFailures()
                    .forEach(f -> reasons.add(r.getMigrationInstruction().getSourceActivityId() + ": " + f)));
            e.getValidationReport()
                .getVariableReports()
                .forEach((name, r) -> r.getFailures().forEach(f -> reasons.add("variable " + name + ": " + f)));
            return new Plan(null, reasons.isEmpty() ? List.of(e.getMessage()) : reasons);
        }
    }

    /**
     * Moves the instance in a transaction of its own that is always rolled back: the
     * engine validates an instance only when it migrates it, and says why it cannot.
     */
    private List<String> dryRun(MigrationPlan plan, String instanceId) {
        return probe.execute(status -> {
            status.setRollbackOnly();
            try {
                runtime.newMigration(plan)
                    .processInstanceIds(instanceId)
                    .skipCustomListeners()
                    .skipIoMappings()
                    .execute();
                return List.<String>of();
            }
            catch (MigratingProcessInstanceValidationException e) {
                return reasons(e);
            }
        });
    }

    private static List<String> reasons(MigratingProcessInstanceValidationException e) {
        List<String> reasons = new ArrayList<>(e.getValidationReport().getFailures());
        e.getValidationReport()
            .getActivityInstanceReports()
            .forEach(r -> r.getFailures().forEach(f -> reasons.add(r.getSourceScopeId() + ": " + f)));
        e.getValidationReport()
            .getTransitionInstanceReports()
            .forEach(r -> r.getFailures().forEach(f -> reasons.add(r.getSourceScopeId() + ": " + f)));
        return reasons;
    }

    private ProcessInstance instance(String processKey, String id) {
        ProcessInstance instance = runtime.createProcessInstanceQuery()
            .processInstanceId(id)
            .processDefinitionKey(processKey)
            .singleResult();
        if (instance == null) {
            throw new NotFoundException("no running instance " + id + " of " + processKey);
        }
        return instance;
    }

    private ProcessDefinition latest(String processKey) {
        ProcessDefinition latest = repository.createProcessDefinitionQuery()
            .processDefinitionKey(processKey)
            .withoutTenantId()
            .latestVersion()
            .singleResult();
        if (latest == null) {
            throw new InvalidInputException("process", "there is no process " + processKey);
        }
        return latest;
    }

    private byte[] read(String deploymentId, String resourceName) {
        try (InputStream in = repository.getResourceAsStream(deploymentId, resourceName)) {
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot read " + resourceName + " of deployment " + deploymentId, e);
        }
    }

    /** The start-up deployment names files by their path; the workspace by file name. */
    static String fileName(String resourceName) {
        int slash = Math.max(resourceName.lastIndexOf('/'), resourceName.lastIndexOf('\\'));
        return resourceName.substring(slash + 1);
    }

}
