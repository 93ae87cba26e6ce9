package io.patchflow.modeling;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One file of a model: a BPMN process, a DMN decision requirements graph or a Camunda
 * form, by its file name ({@code patch-change.bpmn}, {@code change-risk.dmn},
 * {@code review-change.form}). The name is the model's identity across versions.
 */
public record ModelFile(String name, byte[] content) {

    public ModelFile {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public Kind kind() {
        return Kind.of(name);
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelFile file && file.name.equals(name) && Arrays.equals(file.content, content);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return name + " (" + content.length + " bytes)";
    }

    /** What a file is, by its name. */
    public enum Kind {

        BPMN, DMN, FORM, OTHER;

        public static Kind of(String name) {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".bpmn") || lower.endsWith(".bpmn20.xml")) {
                return BPMN;
            }
            if (lower.endsWith(".dmn") || lower.endsWith(".dmn11.xml")) {
                return DMN;
            }
            if (lower.endsWith(".form")) {
                return FORM;
            }
            return OTHER;
        }

    }

}
