package dev.polycloud.function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable HTTP headers: names are case-insensitive (stored lower-cased), each with one or more values.
 *
 * @param values lower-cased names to their values, in order
 */
public record Headers(Map<String, List<String>> values) {

    /** No headers. */
    public static final Headers EMPTY = new Headers(Map.of());

    /**
     * Lower-cases the names, merges names that differ only by case, and copies.
     *
     * @param values see the record description
     */
    public Headers {
        Map<String, List<String>> copy = new TreeMap<>();
        if (values != null) {
            values.forEach((k, v) -> copy.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                    .addAll(v));
        }
        copy.replaceAll((k, v) -> List.copyOf(v));
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * Headers with one value per name.
     *
     * @param single names to values
     * @return the headers
     */
    public static Headers of(Map<String, String> single) {
        Map<String, List<String>> m = new TreeMap<>();
        single.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        return new Headers(m);
    }

    /**
     * The first value of a header.
     *
     * @param name the name, any case
     * @return the value, or empty
     */
    public Optional<String> first(String name) {
        List<String> v = values.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * Every value of a header.
     *
     * @param name the name, any case
     * @return the values, possibly none
     */
    public List<String> all(String name) {
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * A copy with one more value for a header.
     *
     * @param name the name
     * @param value the value
     * @return the new headers
     */
    public Headers with(String name, String value) {
        Map<String, List<String>> m = new TreeMap<>(values);
        List<String> list = new ArrayList<>(m.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        list.add(value);
        m.put(name.toLowerCase(Locale.ROOT), list);
        return new Headers(m);
    }
}
