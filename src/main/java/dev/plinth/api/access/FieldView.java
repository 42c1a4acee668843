package dev.plinth.api.access;

import dev.plinth.api.record.Caller;
import dev.plinth.api.record.ColumnMask;
import dev.plinth.api.record.RowWriter;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.policy.Condition;
import dev.plinth.schema.policy.FieldPolicy;
import dev.plinth.schema.policy.MaskKind;
import dev.plinth.schema.policy.ModelPolicy;
import dev.plinth.schema.policy.Operation;
import dev.plinth.schema.policy.SchemaPolicy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a caller sees of a row (docs/access-rules.md): fields dropped by {@code @omit} and read rules,
 * fields masked by {@code @mask}, and the model its list parameters are checked against. Row writers
 * for a view are made once per view shape and kept.
 */
final class FieldView {

    private final SchemaPolicy policy;
    private final RuleDecision decision;
    private final Map<String, RowWriter> writers = new ConcurrentHashMap<>();

    FieldView(SchemaPolicy policy, RuleDecision decision) {
        this.policy = policy;
        this.decision = decision;
    }

    /**
     * The columns a caller may not name in a query: {@code @omit}, fields whose read rules do not
     * hold for the caller whatever the row (a row-dependent read rule hides the field rather than
     * leaking it row by row), and, with {@code masked}, fields still masked for the caller.
     */
    Set<String> unnamable(Resource resource, Caller caller, boolean masked) {
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (Column col : resource.columns()) {
            Optional<FieldPolicy> fp = p.get().field(col.field().name());
            if (fp.isEmpty()) {
                continue;
            }
            if (fp.get().omit() || !decision.field(resource.model(), fp.get(), caller, Operation.READ).isTrue()) {
                out.add(col.name());
            } else if (masked && fp.get().mask().isPresent() && !maskLifted(resource, fp.get(), caller).isTrue()) {
                out.add(col.name());
            }
        }
        return out;
    }

    /**
     * The model without the fields the caller may not name, and without the indexes over them (so a
     * {@code @@fulltext} index over a hidden field is not searchable by {@code q}): list parameters
     * naming them are a 400.
     */
    Model visibleModel(Resource resource, Caller caller) {
        Set<String> hidden = unnamable(resource, caller, true);
        if (hidden.isEmpty()) {
            return resource.model();
        }
        Model m = resource.model();
        List<Field> fields = m.fields().stream().filter(f -> !f.isColumn() || !hidden.contains(f.apiName())).toList();
        // an index over a hidden column (a @@fulltext one above all) is not the caller's to use: q cannot search it
        List<dev.plinth.schema.model.Index> indexes = m.indexes().stream()
                .filter(i -> i.fieldNames().stream().noneMatch(n -> m.field(n).map(f -> hidden.contains(f.apiName())).orElse(false))).toList();
        return new Model(m.name(), m.tableName(), m.databaseSchema(), m.view(), m.ignored(), fields, m.primaryKey(),
                indexes, m.documentation(), m.span(), m.displayField(), m.conventions(), m.route(), m.labels(), m.checks());
    }

    /**
     * The caller's row writer over a select of the resource's columns ({@code selected} in select
     * order, or null for the full column list), or empty when nothing is hidden or masked.
     */
    Optional<RowWriter> writer(Resource resource, Caller caller, List<Field> selected) {
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isEmpty() || p.get().fields().isEmpty()) {
            return Optional.empty();
        }
        List<Column> all = selected == null ? resource.columns()
                : selected.stream().map(f -> resource.column(f.apiName()).orElseThrow()).toList();
        Set<String> hidden = unnamable(resource, caller, false);
        List<Column> shown = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<ColumnMask> masks = new ArrayList<>();
        StringBuilder key = new StringBuilder(resource.name()).append(selected == null ? "*" : "s");
        boolean changed = false;
        boolean perRow = false;
        for (int i = 0; i < all.size(); i++) {
            Column col = all.get(i);
            if (hidden.contains(col.name())) {
                changed = true;
                continue;
            }
            shown.add(col);
            positions.add(i + 1);
            key.append(',').append(col.name());
            ColumnMask mask = null;
            Optional<FieldPolicy> fp = p.get().field(col.field().name());
            if (fp.isPresent() && fp.get().mask().isPresent()) {
                Truth lifted = maskLifted(resource, fp.get(), caller);
                if (!lifted.isTrue()) {
                    changed = true;
                    MaskKind kind = fp.get().mask().get().kind();
                    if (lifted instanceof Truth.Rows r) {
                        RowMatcher matcher = new RowMatcher(r.filter(), all);
                        mask = (rs, v) -> matcher.matches(rs) ? v : kind.apply(v);
                        perRow = true;
                    } else {
                        mask = (rs, v) -> kind.apply(v);
                        key.append('#');
                    }
                }
            }
            masks.add(mask);
        }
        if (!changed) {
            return Optional.empty();
        }
        RowWriter w = new RowWriter(shown, positions.stream().mapToInt(Integer::intValue).toArray(), masks.toArray(ColumnMask[]::new));
        if (perRow) {
            return Optional.of(w); // a mask decided per row carries the caller's values: not shared
        }
        return Optional.of(writers.computeIfAbsent(key.toString(), k -> w));
    }

    private Truth maskLifted(Resource resource, FieldPolicy fp, Caller caller) {
        Optional<Condition> unless = fp.mask().orElseThrow().unless();
        return unless.isEmpty() ? Truth.FALSE : decision.condition(resource.model(), unless.get(), caller);
    }
}
