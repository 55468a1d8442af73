package io.kagami.scenario.cli;

import io.kagami.core.VirtualTime;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations with units ({@code 2s}, {@code 150ms}, {@code 10us}) as nanoseconds. */
final class DurationConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return VirtualTime.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
