package io.patchflow.inventory;

public enum Environment {

    PRODUCTION, STAGING, TEST, DEVELOPMENT

}
