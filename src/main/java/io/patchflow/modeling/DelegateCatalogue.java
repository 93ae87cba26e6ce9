package io.patchflow.modeling;

import java.util.List;

/**
 * The delegates a model may call with {@code camunda:delegateExpression}, generated from
 * the code (implemented in {@code process}): exactly the engine's allow-list.
 */
public interface DelegateCatalogue {

    List<Delegate> delegates();

    /**
     * @param bean the name a model uses: {@code ${bean}}
     * @param kind "service task" or "listener"
     * @param summary what it does, in a sentence or two
     * @param reads the process variables it reads, each with what it means
     * @param writes the process variables it writes, each with what it means
     */
    record Delegate(String bean, String kind, String summary, List<Variable> reads, List<Variable> writes) {
    }

    record Variable(String name, String description) {
    }

}
