package dev.plinth.api.value;

import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.ScalarType;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a JSON answer holds exact numbers (Decimal and BigInt values), so they can be written as strings
 * for clients that ask ({@code Prefer: plinth-numbers=string}; docs/api.md, "Values in JSON"). A shape
 * describes one JSON object: its members that are exact numbers (or lists of them) and its members that
 * are objects (or arrays of objects) of another shape: the related rows an {@code include} embeds, or the
 * rows of a list page's {@code data}. Arrays take the shape of their elements. Shapes are built once,
 * when the server starts.
 */
public final class NumberShape {

    /** The shape of a value that is an exact number, or a list of them. */
    public static final NumberShape EXACT = new NumberShape();

    private final Set<String> exact = new HashSet<>();
    private final Map<String, NumberShape> nested = new HashMap<>();

    private NumberShape() {
    }

    /**
     * Returns the shape of a member's value.
     *
     * @param name the member's name
     * @return {@link #EXACT}, the shape of an embedded object, or null for a value left as it is
     */
    public NumberShape member(String name) {
        return exact.contains(name) ? EXACT : nested.get(name);
    }

    /**
     * Tells whether an answer of this shape can hold an exact number at all.
     *
     * @return true when some member, at any depth, is an exact number
     */
    public boolean holdsExact() {
        return holdsExact(new HashSet<>());
    }

    private boolean holdsExact(Set<NumberShape> seen) {
        if (this == EXACT || !exact.isEmpty()) {
            return true;
        }
        if (!seen.add(this)) {
            return false;
        }
        return nested.values().stream().anyMatch(s -> s.holdsExact(seen));
    }

    /**
     * Returns the shape of a list page ({@code {"data": [rows], …}}) of rows of a shape.
     *
     * @param row the rows' shape
     * @return the page's shape
     */
    public static NumberShape page(NumberShape row) {
        NumberShape page = new NumberShape();
        page.nested.put("data", row);
        return page;
    }

    /**
     * Builds the row shape of every resource: its Decimal and BigInt columns by their API names, and its
     * relations by field name (the member an {@code include} adds) to the related resource's row shape.
     *
     * @param catalog the served resources
     * @return row shapes by resource name
     */
    public static Map<String, NumberShape> rows(ResourceCatalog catalog) {
        Map<String, NumberShape> byModel = new HashMap<>();
        Map<String, NumberShape> byResource = new HashMap<>();
        for (Resource r : catalog.resources()) {
            NumberShape shape = new NumberShape();
            for (Column c : r.columns()) {
                Optional<ScalarType> type = c.field().scalarType();
                if (type.isPresent() && (type.get() == ScalarType.DECIMAL || type.get() == ScalarType.BIGINT)) {
                    shape.exact.add(c.name());
                }
            }
            byModel.put(r.model().name(), shape);
            byResource.put(r.name(), shape);
        }
        for (Resource r : catalog.resources()) {
            NumberShape shape = byModel.get(r.model().name());
            for (Field f : r.model().relationFields()) {
                if (f.type() instanceof FieldType.ModelRef ref && byModel.containsKey(ref.name())) {
                    shape.nested.put(f.name(), byModel.get(ref.name()));
                }
            }
        }
        return Map.copyOf(byResource);
    }
}
