package dev.plinth.api.access;

import dev.plinth.api.record.Caller;
import dev.plinth.query.Filter;
import dev.plinth.query.Operator;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Partial evaluation of rule conditions for a caller: what is decided in Java, and what is left to SQL. */
class ConditionEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static Truth eval(String condition, Caller caller) {
        SchemaResult r = SchemaLoader.parse("s.prisma", """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./x.db"
                }
                enum Status {
                  draft
                  live @map("LIVE")
                }
                model Post {
                  id       Int      @id @default(autoincrement())
                  owner_id String?
                  views    Int
                  status   Status
                  at       DateTime
                  @@allow('read', %s)
                }
                """.formatted(condition));
        assertThat(r.errors()).isEmpty();
        Schema schema = r.schema().orElseThrow();
        Model post = schema.models().stream().filter(m -> m.name().equals("Post")).findFirst().orElseThrow();
        var rule = SchemaPolicy.of(r).model("Post").orElseThrow().rules().getFirst();
        return new ConditionEvaluator(schema, post, caller, NOW).eval(rule.condition());
    }

    private static final Caller ALICE = Caller.of("alice", Map.of("roles", List.of("member", "admin"), "org_id", 7));
    private static final Caller BOB = Caller.of("bob", Map.of("role", "member"));

    @Test
    void claimsAreDecidedWithoutTheRow() {
        assertThat(eval("auth().role in ['admin', 'owner']", ALICE)).isEqualTo(Truth.TRUE);
        assertThat(eval("auth().role == 'admin'", ALICE)).isEqualTo(Truth.TRUE);
        assertThat(eval("auth().role != 'admin'", ALICE)).isEqualTo(Truth.FALSE);
        assertThat(eval("auth().role in ['admin', 'owner']", BOB)).isEqualTo(Truth.FALSE);
        assertThat(eval("auth().role in ['admin', 'owner']", Caller.ANONYMOUS)).isEqualTo(Truth.FALSE);
        assertThat(eval("auth() == null", Caller.ANONYMOUS)).isEqualTo(Truth.TRUE);
        assertThat(eval("auth() != null", BOB)).isEqualTo(Truth.TRUE);
        assertThat(eval("auth().org_id == 7 && auth().org_id > 6", ALICE)).isEqualTo(Truth.TRUE);
        assertThat(eval("auth().org_id == null", BOB)).isEqualTo(Truth.TRUE);
        assertThat(eval("auth().org_id != 3", BOB)).as("an absent claim compares false").isEqualTo(Truth.FALSE);
        assertThat(eval("!(auth().role == 'admin') || false", BOB)).isEqualTo(Truth.TRUE);
    }

    @Test
    void fieldsBecomeFiltersWithTheCallersValuesBound() {
        Truth t = eval("owner_id == auth().id", ALICE);
        assertThat(t).isInstanceOf(Truth.Rows.class);
        Filter.Comparison c = (Filter.Comparison) ((Truth.Rows) t).filter();
        assertThat(c.field().name()).isEqualTo("owner_id");
        assertThat(c.operator()).isEqualTo(Operator.EQ);
        assertThat(c.values()).containsExactly("alice");
        Filter.Comparison flipped = (Filter.Comparison) ((Truth.Rows) eval("10 < views", BOB)).filter();
        assertThat(flipped.operator()).isEqualTo(Operator.GT);
        assertThat(flipped.values()).containsExactly(10);
        Filter.Comparison status = (Filter.Comparison) ((Truth.Rows) eval("status == live", BOB)).filter();
        assertThat(status.values()).as("enum values by their database name").containsExactly("LIVE");
        Filter.Comparison now = (Filter.Comparison) ((Truth.Rows) eval("at < now()", BOB)).filter();
        assertThat(now.values()).containsExactly(NOW);
        Filter.Comparison isNull = (Filter.Comparison) ((Truth.Rows) eval("owner_id == null", BOB)).filter();
        assertThat(isNull.operator()).isEqualTo(Operator.ISNULL);
    }

    @Test
    void anonymousCallersMatchNoRowsThroughTheirClaims() {
        assertThat(eval("owner_id == auth().id", Caller.ANONYMOUS)).as("never `owner_id IS NULL`").isEqualTo(Truth.FALSE);
        assertThat(eval("views == auth().org_id", BOB)).isEqualTo(Truth.FALSE);
        assertThat(eval("views == auth().org_id || auth().role == 'member'", BOB)).isEqualTo(Truth.TRUE);
    }

    @Test
    void knownPartsFoldAway() {
        assertThat(eval("auth().role == 'admin' && views > 3", BOB)).isEqualTo(Truth.FALSE);
        assertThat(eval("auth().role == 'admin' || views > 3", ALICE)).isEqualTo(Truth.TRUE);
        Truth rest = eval("auth().role == 'admin' && views > 3", ALICE);
        assertThat(rest).isInstanceOf(Truth.Rows.class);
        assertThat(((Truth.Rows) rest).filter()).isInstanceOf(Filter.Comparison.class);
        assertThat(eval("views in auth().team_ids", Caller.of("c", Map.of("team_ids", List.of(1, 2)))))
                .isEqualTo(new Truth.Rows(((Truth.Rows) eval("views in [1, 2]", BOB)).filter()));
        assertThat(eval("views == auth().id", ALICE)).as("a subject that is no Int matches nothing").isEqualTo(Truth.FALSE);
    }
}
