package io.patchflow.process.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.patchflow.modeling.ModelFile;
import io.patchflow.modeling.ModelFinding;
import io.patchflow.modeling.ModelValidator;

/** Interim: the deploy-time rules only, until the full validation lands. */
@Component
class PolicyValidatorAdapter implements ModelValidator {

    private final ModelPolicy policy;

    PolicyValidatorAdapter(ModelBeans beans) {
        this.policy = new ModelPolicy(beans);
    }

    @Override
    public List<ModelFinding> validate(List<ModelFile> files) {
        List<ModelFinding> findings = new ArrayList<>();
        for (ModelFile file : files) {
            policy.check(file.name(), file.content())
                .forEach(f -> findings
                    .add(new ModelFinding(f.resource(), f.elementId(), f.elementType(), f.line(), f.rule())));
        }
        return findings;
    }

}
