package dev.plinth.api.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Applies a {@link NativeLimit} to each element of a scalar list ({@code Decimal[] @db.Decimal(10, 2)}), so a
 * list's elements are rounded, padded or refused as a single value of the type would be.
 */
public final class NativeValues {

    private NativeValues() {
    }

    /**
     * Limits each element of a JSON array.
     *
     * @param element the codec of one element
     * @param limit   the element type's limit
     * @param array   the JSON array from the body
     * @return an array holding the limited elements (nulls kept), for the list codec to decode
     * @throws InvalidValue for the first element that does not fit; its message names the element's index
     */
    public static JsonNode limitEach(ColumnCodec element, NativeLimit limit, JsonNode array) throws InvalidValue {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isNull()) {
                out.add(item);
                continue;
            }
            try {
                out.add(node(limit.apply(element.decode(item))));
            } catch (InvalidValue e) {
                throw new InvalidValue(e.code(), "element " + i + " " + e.getMessage());
            }
        }
        return out;
    }

    private static JsonNode node(Object value) {
        return switch (value) {
            case String s -> TextNode.valueOf(s);
            case BigDecimal d -> DecimalNode.valueOf(d);
            case Long l -> LongNode.valueOf(l);
            case Double d -> DoubleNode.valueOf(d);
            case Instant t -> TextNode.valueOf(Timestamps.format(t));
            default -> throw new IllegalStateException("no JSON form for " + value.getClass());
        };
    }
}
