package io.patchflow.process.identity;

import org.camunda.bpm.engine.impl.identity.ReadOnlyIdentityProvider;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

public class DirectoryIdentityProviderFactory implements SessionFactory {

    private final Directory directory;

    public DirectoryIdentityProviderFactory(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Class<?> getSessionType() {
        return ReadOnlyIdentityProvider.class;
    }

    @Override
    public Session openSession() {
        return new DirectoryIdentityProvider(directory);
    }

}
