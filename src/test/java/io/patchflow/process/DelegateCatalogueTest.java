package io.patchflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.ClassUtils;

import io.patchflow.modeling.DelegateCatalogue;
import io.patchflow.modeling.DelegateCatalogue.Delegate;
import io.patchflow.process.sandbox.ModelBeans;

/**
 * The catalogue the application serves is the model's allow-list, entry for entry, and
 * every class that describes itself with {@code @ModelDelegate} is on it.
 */
@SpringBootTest
@ActiveProfiles("test")
class DelegateCatalogueTest {

    @Autowired
    DelegateCatalogue catalogue;

    @Autowired
    ModelBeans modelBeans;

    @Autowired
    ApplicationContext context;

    @Test
    void theCatalogueIsExactlyTheAllowList() {
        assertThat(catalogue.delegates()).extracting(Delegate::bean)
            .isSorted()
            .containsExactlyInAnyOrderElementsOf(modelBeans.names());
    }

    @Test
    void eachEntryIsOfItsKind() {
        for (Delegate delegate : catalogue.delegates()) {
            String expected = modelBeans.isHelper(delegate.bean()) ? "helper"
                    : delegate.bean().endsWith("Listener") ? "listener" : "service task";
            assertThat(delegate.kind()).as(delegate.bean()).isEqualTo(expected);
            assertThat(delegate.summary()).as(delegate.bean()).isNotBlank();
        }
    }

    @Test
    void everyClassThatDescribesItselfIsADelegateOnTheAllowList() {
        Map<String, Class<?>> onTheList = new TreeMap<>();
        modelBeans.names()
            .stream()
            .filter(modelBeans::isDelegate)
            .forEach(name -> onTheList.put(name, ClassUtils.getUserClass(context.getType(name))));
        assertThat(DelegateVariablesTest.described())
            .as("classes with @ModelDelegate, by bean name; one that is not on the allow-list describes nothing a model can call")
            .isEqualTo(onTheList);
    }

}
