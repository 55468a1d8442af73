package io.kagami.net.views;

import io.kagami.core.RunResult;

/**
 * A {@link ViewRequest} placed in a cloud: holds what was asked until the run is over, then
 * {@link #in} binds it to the run's result, from which the views are rendered. One handle serves
 * any number of runs of the same model (each run records the same snapshots afresh).
 */
public final class ViewHandle {
    private final CloudInventory inventory;
    private final ViewRequest request;

    ViewHandle(CloudInventory inventory, ViewRequest request) {
        this.inventory = inventory;
        this.request = request;
    }

    public ViewRequest request() {
        return request;
    }

    public CloudInventory inventory() {
        return inventory;
    }

    /** What an operator would have seen at the request's time in {@code result}'s run. */
    public OperatorViews in(RunResult result) {
        return new OperatorViews(inventory, request, result);
    }
}
