package io.patchflow.process.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a delegate or listener on the model's allow-list does, for the analyst who puts it
 * in a model: the entry of the delegate catalogue (docs/delegates.md and the help of the
 * modeler's properties panel). Every delegate and listener on the allow-list carries one;
 * the catalogue refuses one that does not.
 *
 * <p>
 * The variables are declared here and not found in the code, because javac inlines the
 * names' constants: the bytecode no longer says which {@link PatchChange} constant a
 * delegate reads. DelegateVariablesTest runs each delegate against an execution that
 * records every variable it reads and writes, and fails when that differs from what is
 * declared here.
 *
 * <p>
 * A name in braces stands for a name the model chooses: {@code {form field}} is each
 * field of the user task's form, {@code {decisionVariable}By} is the value of the task's
 * {@code decisionVariable} property followed by {@code By}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ModelDelegate {

    /**
     * What it does, for an analyst: a sentence or two, in the words of the change, not of
     * the code.
     */
    String summary();

    /**
     * The input parameters the step must give it ({@code camunda:inputParameter}); it
     * reads them as local variables and fails the step when one is missing.
     */
    Var[] inputs() default {};

    /** The process variables it reads. */
    Var[] reads() default {};

    /** The process variables it writes. */
    Var[] writes() default {};

    /**
     * The {@code camunda:property} entries of the element it is attached to that it acts
     * on (a listener on a user task).
     */
    Var[] properties() default {};

    /**
     * Whether it acts on the change whose id is the process instance's business key
     * ({@code CHG-42}); only instances of patch-change have one.
     */
    boolean actsOnChange() default true;

    /** One variable, input or property: its name and what it means to this delegate. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Var {

        String name();

        /** What the value is and what the delegate does with it (or when it is set). */
        String means();

    }

}
