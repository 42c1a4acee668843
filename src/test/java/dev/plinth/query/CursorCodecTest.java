package dev.plinth.query;

import static dev.plinth.query.CrmSchema.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.PrimaryKey;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Span;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    static final CursorCodec CODEC = QueryParserTest.CURSORS;
    final QueryParser parser = new QueryParser(CODEC);

    /** Every orderable kind of column, and both kinds of PostgreSQL timestamp. */
    static final Model EVENT = new Model("Event", "events", Optional.empty(), false, false, List.of(
            column("id", ScalarType.BIGINT, false, Optional.empty()),
            column("title", ScalarType.STRING, true, Optional.empty()),
            column("rank", ScalarType.INT, true, Optional.empty()),
            column("weight", ScalarType.FLOAT, true, Optional.empty()),
            column("price", ScalarType.DECIMAL, true, Optional.empty()),
            column("open", ScalarType.BOOLEAN, true, Optional.empty()),
            column("starts", ScalarType.DATETIME, true, Optional.empty()),
            column("ends", ScalarType.DATETIME, true, Optional.of(new NativeType("Timestamptz", List.of("6")))),
            new Field("status", "status", new FieldType.EnumRef("Status"), true, false, Optional.empty(), false, false,
                    false, false, Optional.empty(), Optional.empty(), Optional.empty(), Span.NONE)),
            Optional.of(new PrimaryKey(List.of(new IndexField("id", "id", Optional.empty(), Optional.empty())),
                    Optional.empty(), "events_pkey", false)),
            List.of(), Optional.empty(), Span.NONE);

    static Field column(String name, ScalarType type, boolean optional, Optional<NativeType> nativeType) {
        return new Field(name, name, new FieldType.Scalar(type), optional, false, Optional.empty(), name.equals("id"),
                false, false, false, nativeType, Optional.empty(), Optional.empty(), Span.NONE);
    }

    ListQuery parse(String orderBy, String cursor) {
        return parser.parse(EVENT, SCHEMA, cursor == null ? Map.of("orderBy", List.of(orderBy), "limit", List.of("3"))
                : Map.of("orderBy", List.of(orderBy), "cursor", List.of(cursor)));
    }

    @Test
    void everyKindOfValueSurvivesTheRoundTrip() {
        String order = "title,-rank,weight,-price,open,-starts,ends,status";
        ListQuery first = parse(order, null);
        Instant ends = Instant.parse("2026-05-01T10:20:30.123456Z");
        String cursor = CODEC.encode(first, List.of("Zoë, \"quoted\"", 7, 2.25f, new BigDecimal("19.990"), 1,
                Timestamp.valueOf(LocalDateTime.parse("2026-04-01T08:00:00.5")), Timestamp.from(ends), "lost_deal",
                9_000_000_000L));
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        Pagination.Keyset k = (Pagination.Keyset) parse(order, cursor).pagination();
        assertThat(k.after().orElseThrow().values()).containsExactly("Zoë, \"quoted\"", 7, 2.25, new BigDecimal("19.990"),
                true, Instant.parse("2026-04-01T08:00:00.5Z"), ends, "lost_deal", 9_000_000_000L);
    }

    @Test
    void nullsAndTextDateTimes() {
        ListQuery first = parse("-starts,title", null);
        String cursor = CODEC.encode(first, Arrays.asList("2026-01-02T03:04:05.006Z", null, 1L));
        assertThat(((Pagination.Keyset) parse("-starts,title", cursor).pagination()).after().orElseThrow().values())
                .containsExactly(Instant.parse("2026-01-02T03:04:05.006Z"), null, 1L);
    }

    @Test
    void aNullForARequiredColumnIsRefused() {
        ListQuery first = parse("title", null);
        String cursor = CODEC.encode(first, Arrays.asList("a", null));
        assertThatThrownBy(() -> parse("title", cursor)).isInstanceOf(QueryException.class);
    }

    @Test
    void valuesThatDoNotFitTheirColumns() {
        ListQuery first = parse("rank", null);
        assertThatThrownBy(() -> CODEC.encode(first, List.of("seven", 1L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CODEC.encode(first, List.of(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsAreLongEnough() {
        assertThatThrownBy(() -> new CursorCodec(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }
}
