package io.kagami.scenario.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Copies of the scenario's records with one field changed, the field named as files name it. */
final class Records {
    private Records() {}

    /**
     * {@code record} with its component that files call {@code field} (its {@link JsonProperty} name,
     * else its own) set to {@code value}.
     *
     * @throws IllegalArgumentException if the record has no such field
     */
    static <R extends Record> R with(R record, String field, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                boolean named = field.equals(nameOf(components[i]));
                values[i] = named ? value : components[i].getAccessor().invoke(record);
                found |= named;
            }
            if (!found) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no field " + field);
            }
            @SuppressWarnings("unchecked")
            R copy = (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
            return copy;
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
        }
    }

    private static String nameOf(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }
}
