package io.patchflow.inventory;

public enum Exposure {

    INTERNET_FACING, INTERNAL

}
