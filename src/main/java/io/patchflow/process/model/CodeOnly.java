package io.patchflow.process.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a variable that only Java sets and reads: the model neither reads nor writes it,
 * so ProcessContractTest cannot find it there, and the generated docs/process.md says why
 * it exists.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CodeOnly {

    /** Who reads it, and what for. */
    String value();

}
