package dev.plinth.schema.policy;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code list} and {@code get} in access rules (docs/access-rules.md, "list and get"): finer than
 * {@code read}, which stays their union; model rules only.
 */
class ListGetOperationsTest {

    private static SchemaResult load(String rules) {
        return SchemaLoader.parse("schema.prisma", """
                model Post {
                  id    Int    @id
                  title String
                """ + rules + "\n}\n");
    }

    private static List<AccessRule> rules(String rules) {
        SchemaResult r = load(rules);
        assertThat(r.errors()).isEmpty();
        return SchemaPolicy.of(r).model("Post").orElseThrow().rules();
    }

    @Test
    void readIsTheUnionOfListAndGet() {
        assertThat(rules("  @@allow('read', true)").getFirst().operations())
                .isEqualTo(EnumSet.of(Operation.READ, Operation.LIST, Operation.GET));
        assertThat(rules("  @@allow('list', true)").getFirst().operations()).isEqualTo(EnumSet.of(Operation.LIST));
        // a get rule decides every read but the collection route
        assertThat(rules("  @@allow('get', true)").getFirst().operations()).isEqualTo(EnumSet.of(Operation.GET, Operation.READ));
        assertThat(rules("  @@deny('list,update', true)").getFirst().operations())
                .isEqualTo(EnumSet.of(Operation.LIST, Operation.UPDATE));
        assertThat(rules("  @@allow('all', true)").getFirst().operations()).isEqualTo(EnumSet.allOf(Operation.class));
    }

    @Test
    void listAndGetAreModelOperationsOnly() {
        SchemaResult field = load("  body String @allow('list', true)");
        assertThat(field.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("Unknown operation `list` in a field rule: use create, read, update or all.");
            assertThat(d.span().line()).isEqualTo(4);
        });
        SchemaResult unknown = load("  @@allow('browse', true)");
        assertThat(unknown.errors()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("Unknown operation `browse` in a model rule: use create, read, list, get, update, delete or all."));
    }
}
