package io.patchflow.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;

import io.patchflow.process.model.CodeOnly;
import io.patchflow.testsupport.RepositoryFiles;

/**
 * A contract class of io.patchflow.process.model (PatchChange, PatchProposals) read by
 * reflection, in declaration order and with each constant's doc comment, which the
 * generated docs/process.md shows as the variable's description.
 */
final class ContractClass {

    private static final Pattern CODE = Pattern.compile("\\{@code ((?:[^{}]|\\{[^{}]*})*)}");

    private static final Pattern LINK = Pattern.compile("\\{@link #?([^}]*)}");

    /**
     * A String constant: its field name, value, why only code uses it (or null), and its
     * doc comment as Markdown.
     */
    record Constant(String name, String value, String codeOnly, String description) {

        boolean isElement() {
            return name.matches("(START_EVENT|END_EVENT|TASK|GATEWAY|TIMER|SUB_PROCESS)_.+");
        }
    }

    private final Class<?> type;

    private final List<Constant> constants;

    private final Map<String, List<Constant>> decisions = new LinkedHashMap<>();

    private ContractClass(Class<?> type) {
        this.type = type;
        Map<String, String> docs = docComments(type);
        this.constants = constants(type, docs);
        for (Class<?> nested : type.getDeclaredClasses()) {
            decisions.put(nested.getSimpleName(), constants(nested, Map.of()));
        }
    }

    static ContractClass of(Class<?> type) {
        return new ContractClass(type);
    }

    Class<?> type() {
        return type;
    }

    /** The top-level String constants, in the order of the source. */
    List<Constant> constants() {
        return constants;
    }

    List<Constant> withPrefix(String prefix) {
        return constants.stream().filter(c -> c.name().startsWith(prefix)).toList();
    }

    List<Constant> elements() {
        return constants.stream().filter(Constant::isElement).toList();
    }

    /** Nested classes: the allowed values of one decision each, by class name. */
    Map<String, List<Constant>> decisions() {
        return decisions;
    }

    private static List<Constant> constants(Class<?> type, Map<String, String> docs) {
        List<Field> fields = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                fields.add(field);
            }
        }
        List<String> order = new ArrayList<>(docs.keySet());
        fields.sort((a, b) -> Integer.compare(index(order, a.getName()), index(order, b.getName())));
        List<Constant> result = new ArrayList<>();
        for (Field field : fields) {
            try {
                CodeOnly codeOnly = field.getAnnotation(CodeOnly.class);
                result.add(new Constant(field.getName(), (String) field.get(null),
                        codeOnly == null ? null : codeOnly.value(), docs.getOrDefault(field.getName(), "")));
            }
            catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    private static int index(List<String> order, String name) {
        int index = order.indexOf(name);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    /**
     * Field name to doc comment (Markdown), in the order of the source file; javac's own
     * parser reads it.
     */
    private static Map<String, String> docComments(Class<?> type) {
        Path source = RepositoryFiles.path("src", "main", "java", type.getName().replace('.', '/') + ".java");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjects(source));
            CompilationUnitTree unit = task.parse().iterator().next();
            Trees trees = Trees.instance(task);
            Map<String, String> docs = new LinkedHashMap<>();
            for (Tree member : ((ClassTree) unit.getTypeDecls().get(0)).getMembers()) {
                if (member instanceof VariableTree variable) {
                    String comment = trees.getDocComment(TreePath.getPath(unit, variable));
                    docs.put(variable.getName().toString(), comment == null ? "" : markdown(comment));
                }
            }
            return docs;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String markdown(String javadoc) {
        String text = javadoc.strip().replaceAll("\\s+", " ");
        text = CODE.matcher(text).replaceAll(m -> Matcher.quoteReplacement("`" + m.group(1) + "`"));
        return LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement("`" + m.group(1).strip() + "`"));
    }

}
