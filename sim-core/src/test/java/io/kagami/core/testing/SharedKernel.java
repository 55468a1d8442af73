package io.kagami.core.testing;

import io.kagami.core.Kernel;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one {@link Kernel} (two threads) for the whole test run, closed at its end, so that
 * each test class does not start an actor system of its own. Use with {@code @ExtendWith} and take
 * a {@code Kernel} in the test class's constructor.
 */
public final class SharedKernel implements ParameterResolver {

    private record Closing(Kernel kernel) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            kernel.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kernel.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedKernel.class))
                .getOrComputeIfAbsent(Closing.class, k -> new Closing(Kernel.create(2)), Closing.class).kernel();
    }
}
