package dev.plinth.schema.syntax;

import java.util.List;

/**
 * The syntax tree of one schema file: its top-level blocks in source order.
 *
 * @param file   the file name used in spans
 * @param blocks the {@code datasource}, {@code generator}, {@code model}, {@code view}, {@code type}
 *               and {@code enum} blocks
 */
public record SchemaAst(String file, List<Block> blocks) {
    public SchemaAst {
        blocks = List.copyOf(blocks);
    }

    /** Returns the model, view and type blocks in source order. */
    public List<ModelBlock> modelBlocks() {
        return blocks.stream().filter(ModelBlock.class::isInstance).map(ModelBlock.class::cast).toList();
    }

    /** Returns the enum blocks in source order. */
    public List<EnumBlock> enumBlocks() {
        return blocks.stream().filter(EnumBlock.class::isInstance).map(EnumBlock.class::cast).toList();
    }

    /** Returns the datasource and generator blocks in source order. */
    public List<ConfigBlock> configBlocks() {
        return blocks.stream().filter(ConfigBlock.class::isInstance).map(ConfigBlock.class::cast).toList();
    }
}
